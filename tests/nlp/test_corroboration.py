"""Pure ranking/independence code: stemming, BM25, wire origins, grouping."""

from claims.nlp.corroboration import (
    Support,
    bm25,
    independence_groups,
    query_terms,
    stem,
    terms,
    wire_origins,
)
from claims.nlp.normalize import fold


def test_stem_maps_inflections_and_irregulars_to_one_key():
    assert stem("meetings") == stem("meeting") == stem("meet") == stem("met")
    assert stem("arranged") == stem("arranging") == stem("arrange")
    assert stem("twice") == stem("two")
    assert stem("sessions") == stem("session")


def test_terms_split_words_run_together_and_drop_stop_words():
    assert terms(fold("Kislyakhad met twice with the Senator").text) == [
        "kislyak",
        "meet",
        "two",
        "senator",
    ]
    assert terms("becameattorney general") == [stem("became"), "attorney", "general"]
    assert query_terms("the of and a") == []


def test_homoglyph_copy_has_the_same_terms():
    original = "Sessions was famously reluctant to reveal his meetings with Kislyak."
    copy = "Sеssіоns wаs fаmоusly rеluctаnt tо rеvеаl hіs mееtіngs wіth Kіslyаk."
    assert terms(fold(copy).text) == terms(fold(original).text)


def test_bm25_prefers_more_and_rarer_matches():
    docs = [["kislyak", "meet"], ["meet", "trump"], ["kislyak", "meet", "session"], []]
    scores = bm25(["kislyak", "meet", "session"], docs)
    assert scores[2] > scores[0] > scores[1] > scores[3] == 0
    # Collection statistics from outside change idf: a common term weighs little.
    common = bm25(
        ["kislyak", "meet"], docs[:2], doc_freq={"kislyak": 1, "meet": 999}, total_docs=1000
    )
    assert common[0] > 5 * common[1]


def test_bm25_coordination_favours_covering_more_of_the_query():
    docs = [["kislyak"] * 3, ["kislyak", "meet", "two"]]
    plain = bm25(["kislyak", "meet", "two", "session"], docs)
    coord = bm25(["kislyak", "meet", "two", "session"], docs, coordination=True)
    assert coord[1] / coord[0] > plain[1] / plain[0]


def test_wire_origins():
    assert wire_origins("the minister resigned, two aides told Reuters on Friday") == {
        "wire:reuters"
    }
    assert wire_origins("according to the Associated Press.") == {"wire:associated press"}
    assert wire_origins("contacts described toReuters were calls") == {"wire:reuters"}
    assert wire_origins("MOSCOW (Reuters) - The Kremlin said") == {"wire:reuters"}
    assert wire_origins("according to The Washington Post") == {"outlet:washington post"}
    assert wire_origins("according to officials familiar with the talks") == set()
    assert wire_origins("he told reporters") == set()


def test_independence_groups_fold_clusters_origins_and_copies():
    supports = [
        Support(key=1, article=10, cluster=5),
        Support(key=2, article=11, cluster=5),  # near-duplicate of 10
        Support(key=3, article=12, origins=frozenset({"wire:reuters"})),
        Support(key=4, article=13, origins=frozenset({"wire:reuters"})),
        Support(key=5, article=14),
        Support(key=6, article=15, cluster=9),  # the claim's own cluster: a copy
    ]
    groups, copies = independence_groups(supports, own_article=1, own_cluster=9)
    assert [[s.key for s in g.items] for g in groups] == [[1, 2], [3, 4], [5]]
    assert [s.key for s in copies] == [6]
    assert any("near-duplicate" in r for r in groups[0].reasons)
    assert any("Reuters" in r for r in groups[1].reasons)
    assert groups[2].reasons == []
