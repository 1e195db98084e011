"""Link suggestions and the independence-aware count, on the seed articles and built cases."""

import pytest

from claims.models import LinkRelation, LinkSuggestionRejection
from claims.nlp import embed
from claims.nlp.normalize import fold
from claims.selectors.corroboration import claim_corroboration, link_suggestions, span_suggestions
from claims.services.claims import claim_create
from claims.services.links import claim_link_create
from tests.corroboration_helpers import span_of, store

pytestmark = pytest.mark.django_db

SESSIONS = (
    "arranging two meetings that occurred between the then-Russia ambassador to the US, "
    "Sergey Kislyak, and Sessions"
)


@pytest.fixture
def seeded(annotation_set, seeds_dir):
    return {
        n: store(annotation_set, path.read_text(encoding="utf-8"), path.stem)
        for n, path in enumerate(sorted(seeds_dir.glob("*.txt")))
    }


@pytest.mark.parametrize("semantic", [False, True], ids=["bm25", "bm25+embeddings"])
def test_sessions_claim_finds_002_and_labels_001_copy(seeded, annotation_set, semantic):
    if semantic and not embed.available():
        pytest.skip(embed.MISSING_EXTRA)
    article = seeded[0]
    start, end = span_of(article, SESSIONS)
    found = span_suggestions(
        article=article,
        start=start,
        end=end,
        set_ids=[annotation_set.pk],
        limit=10,
        semantic=semantic,
    )
    top5 = found[:5]
    met_twice = [s for s in top5 if s.article == seeded[2].pk and "met twice with" in s.text]
    assert met_twice, [(s.article, s.text[:60]) for s in top5]
    assert met_twice[0].relation == "corroborates" and met_twice[0].independent
    copies = [s for s in found if s.article == seeded[1].pk]
    assert copies, "001's copy of the sentence is offered"
    assert all(s.relation == "repeats" and not s.independent for s in copies)
    assert len(copies) == 1, "only the copy of this passage, not every sentence of 001"
    assert fold(SESSIONS).text in fold(copies[0].text).text
    assert seeded[0].pk not in {s.article for s in found}


def test_rejected_suggestion_is_not_offered_again(seeded, annotation_set, annotator):
    article = seeded[0]
    start, end = span_of(article, SESSIONS)
    claim = claim_create(article=article, start=start, end=end, user=annotator)
    first = link_suggestions(claim=claim, user=annotator)
    assert first
    target = first[0]
    LinkSuggestionRejection.objects.create(
        claim=claim,
        target_claim_id=target.pk if target.kind == "claim" else None,
        target_sentence_id=target.pk if target.kind == "sentence" else None,
    )
    again = link_suggestions(claim=claim, user=annotator)
    assert (target.kind, target.pk) not in {(s.kind, s.pk) for s in again}


def test_suggestions_stay_in_visible_sets(seeded, annotation_set, other_set, outsider):
    article = seeded[0]
    start, end = span_of(article, SESSIONS)
    assert span_suggestions(article=article, start=start, end=end, set_ids=[other_set.pk]) == []


BASE = (
    "The mayor met the governor twice in March to discuss the harbour bridge, officials said. "
    "Both meetings were kept off the public calendar. The bridge plan costs four billion."
)
COPY = BASE.replace("officials said", "two officials said") + " Copy desk note."
OTHER = (
    "Records show the governor held two meetings with the mayor in March about the harbour "
    "bridge. Neither appeared on a public calendar."
)


def _claim(article, phrase, user):
    start, end = span_of(article, phrase)
    return claim_create(article=article, start=start, end=end, user=user)


def test_near_duplicates_count_once(annotation_set, annotator):
    first = store(annotation_set, BASE, "original")
    second = store(annotation_set, BASE + " Updated at noon with more detail today.", "copy")
    third = store(annotation_set, OTHER, "other")
    # first and second are near-duplicates; the claim lives in third and links to both.
    claim = _claim(third, "the governor held two meetings with the mayor", annotator)
    a = _claim(first, "The mayor met the governor twice in March", annotator)
    b = _claim(second, "The mayor met the governor twice in March", annotator)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.cluster_id is not None and first.cluster_id == second.cluster_id
    for target in (a, b):
        claim_link_create(
            from_claim=claim, to_claim=target, relation=LinkRelation.CORROBORATES, user=annotator
        )
    result = claim_corroboration(claim=claim, user=annotator)
    assert result.independent == 1
    assert len(result.groups[0]) == 2
    assert any("near-duplicate" in r for r in result.reasons[0])


def test_two_articles_citing_reuters_fold_into_one_origin(annotation_set, annotator):
    one = store(
        annotation_set,
        "The minister resigned on Tuesday, two aides told Reuters. Parliament meets next week.",
        "one",
    )
    two = store(
        annotation_set,
        "Late on Tuesday the minister stepped down, officials told Reuters on condition of "
        "anonymity. Markets barely moved.",
        "two",
    )
    three = store(
        annotation_set,
        "Our reporter confirmed the minister resigned. The opposition called for an election.",
        "three",
    )
    claim = _claim(three, "the minister resigned", annotator)
    a = _claim(one, "The minister resigned on Tuesday", annotator)
    b = _claim(two, "the minister stepped down", annotator)
    for target in (a, b):
        claim_link_create(
            from_claim=claim, to_claim=target, relation=LinkRelation.CORROBORATES, user=annotator
        )
    result = claim_corroboration(claim=claim, user=annotator)
    assert result.independent == 1
    assert "wire:reuters" in result.groups[0][0].origins
    assert any("Reuters" in r for r in result.reasons[0])


def test_independent_articles_count_separately_and_repeats_never(annotation_set, annotator):
    one = store(annotation_set, "The minister resigned on Tuesday. Parliament meets.", "one")
    two = store(annotation_set, "Late on Tuesday the minister stepped down. Markets moved.", "two")
    three = store(annotation_set, "The minister resigned. The opposition cheered loudly.", "three")
    claim = _claim(three, "The minister resigned", annotator)
    a = _claim(one, "The minister resigned on Tuesday", annotator)
    b = _claim(two, "the minister stepped down", annotator)
    claim_link_create(from_claim=claim, to_claim=a, relation="corroborates", user=annotator)
    claim_link_create(from_claim=claim, to_claim=b, relation="repeats", user=annotator)
    assert claim_corroboration(claim=claim, user=annotator).independent == 1
    claim_link_create(from_claim=claim, to_claim=b, relation="corroborates", user=annotator)
    assert claim_corroboration(claim=claim, user=annotator).independent == 2
