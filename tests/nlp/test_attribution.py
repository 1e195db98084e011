"""Attribution suggestions: one hand-written (fictional) example per pattern, plus seeds."""

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.nlp.attribution import (
    AttributionSuggestion,
    default_sentences,
    load_model,
    suggest_attributions,
)
from claims.nlp.attribution.model import ENCODER_MODEL, FAST_MODEL
from claims.nlp.attribution.tokens import is_word, tokenize, word_spans
from tests.nlp.strategies import messy_text

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TITLE = "Harbor town news\n\n"


def suggest(body: str) -> tuple[str, list[AttributionSuggestion]]:
    text = TITLE + body
    return text, suggest_attributions(text)


def cut(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def by_cue(text: str, suggestions: list[AttributionSuggestion], cue: str) -> AttributionSuggestion:
    found = [s for s in suggestions if cut(text, s.cue) == cue]
    assert found, f"no suggestion with cue {cue!r} in {[cut(text, s.cue) for s in suggestions]}"
    return found[0]


def words(text: str, parts: tuple[tuple[int, int], ...]) -> str:
    """The words of the parts, without punctuation (what the metric compares)."""
    found = []
    for s, e in parts:
        found += [text[s + a : s + b] for a, b in word_spans(text[s:e])]
    return " ".join(w for w in found if is_word(w))


def test_the_shipped_models_load():
    for path in (FAST_MODEL, ENCODER_MODEL):
        assert path.exists()
        assert path.stat().st_size < 50_000_000
    assert (ENCODER_MODEL.parent / "model.onnx").stat().st_size < 50_000_000
    model = load_model()
    assert model.name == "encoder"  # the default where onnxruntime is installed
    assert model.featurizer.clusters  # word clusters ship beside the CRF
    assert model.meta["seed"] == 0
    assert load_model("fast").name == "fast"


def test_x_said():
    text, found = suggest("Mayor Jane Doe said the bridge would reopen next week.")
    s = by_cue(text, found, "said")
    assert cut(text, s.source) == "Mayor Jane Doe"
    assert cut(text, s.source_name) == "Jane Doe"
    assert words(text, s.content) == "the bridge would reopen next week"
    assert (s.kind, s.quote_form, s.source_form) == ("sourced", "indirect", "named")
    assert 0.0 < s.confidence <= 1.0


def test_said_x():
    text, found = suggest(
        "The harbor will reopen next week after the repairs, said Mayor Jane Doe."
    )
    s = by_cue(text, found, "said")
    assert cut(text, s.source) == "Mayor Jane Doe"
    assert "harbor will reopen" in words(text, s.content)
    assert s.kind == "sourced"


def test_x_a_spokesman_for_y_said_colon():
    text, found = suggest(
        "Tom Reed, a spokesman for the city council, said: “We are ready for the storm.”"
    )
    s = by_cue(text, found, "said:")  # PolNeAR's cue takes the colon …
    # … its source the comma closing the apposition, its content the quotation marks.
    assert cut(text, s.source) == "Tom Reed, a spokesman for the city council,"
    assert cut(text, s.source_name) == "Tom Reed"
    assert words(text, s.content) == "We are ready for the storm"
    assert [cut(text, part) for part in s.content] == ["“We are ready for the storm.”"]
    assert (s.kind, s.quote_form) == ("quoted", "direct")


def test_according_to_x():
    text, found = suggest(
        "The town budget grew by 10 percent last year, according to the city comptroller."
    )
    s = by_cue(text, found, "according to")
    assert cut(text, s.source) == "the city comptroller"
    assert words(text, s.content) == "The town budget grew by 10 percent last year"
    assert (s.kind, s.source_form) == ("anonymous", "descriptive")


def test_x_told_reuters():
    text, found = suggest("Maria Lopez told Reuters that the old factory would close in May.")
    s = by_cue(text, found, "told")
    assert cut(text, s.source) == "Maria Lopez"
    assert "factory would close in May" in words(text, s.content)
    assert s.kind == "sourced"


def test_sources_said():
    text, found = suggest("The harbor merger is nearly complete, two sources said on Tuesday.")
    s = by_cue(text, found, "said")
    assert cut(text, s.source) == "two sources"
    assert (s.kind, s.source_form) == ("anonymous", "anonymous")


def test_officials_familiar_with():
    text, found = suggest(
        "Officials familiar with the negotiations said the harbor deal could collapse."
    )
    s = by_cue(text, found, "said")
    assert cut(text, s.source) == "Officials familiar with the negotiations"
    assert words(text, s.content) == "the harbor deal could collapse"
    assert (s.kind, s.source_form) == ("anonymous", "anonymous")


def test_a_person_with_knowledge_of():
    text, found = suggest(
        "A person with knowledge of the matter said the board would meet on Friday."
    )
    s = by_cue(text, found, "said")
    assert cut(text, s.source) == "A person with knowledge of the matter"
    assert s.kind == "anonymous"


def test_declined_to_comment():
    text, found = suggest("A spokeswoman for the harbor company declined to comment.")
    s = next(s for s in found if cut(text, s.cue).startswith("declined"))
    assert cut(text, s.source) == "A spokeswoman for the harbor company"
    assert s.kind == "anonymous"


def test_quotation_across_sentences_with_pronoun_source():
    text, found = suggest(
        "Senator Alan Grey visited the harbor on Tuesday.\n\n"
        "“We will rebuild the harbor,” he said. “It will take time, but we will do it.”"
    )
    s = by_cue(text, found, "said")
    assert cut(text, s.source) == "he"
    assert len(s.content) == 2
    assert (
        words(text, s.content) == "We will rebuild the harbor It will take time but we will do it"
    )
    assert (s.kind, s.source_form) == ("quoted", "pronoun")
    assert s.antecedent_name == "Alan Grey"
    assert cut(text, s.antecedent) == "Alan Grey"


def test_pronoun_with_named_antecedent_is_sourced():
    text, found = suggest(
        "Senator Alan Grey visited the harbor on Tuesday.\n\n"
        "He said the town would need new funds for the pier."
    )
    s = by_cue(text, found, "said")
    assert cut(text, s.source) == "He"
    assert (s.kind, s.source_form, s.antecedent_name) == ("sourced", "pronoun", "Alan Grey")


def test_a_second_cue_shares_the_source():
    text, found = suggest(
        "Mayor Jane Doe said the old bridge would reopen next week, adding that the ferry "
        "would stop running in May."
    )
    s = by_cue(text, found, "adding")
    assert cut(text, s.source) == "Mayor Jane Doe"
    assert words(text, s.content) == "that the ferry would stop running in May"


def test_timeline_line():
    text, found = suggest("Harbor council spokesman: “The port stays closed until Monday.”")
    s = by_cue(text, found, ":")
    assert cut(text, s.source) == "Harbor council spokesman"
    assert words(text, s.content) == "The port stays closed until Monday"
    assert s.kind == "quoted"


def test_boilerplate_is_skipped():
    body = (
        "Mayor Jane Doe said the bridge would reopen next week.\n\nSubscribe now, our editors said."
    )
    text = TITLE + body
    skip = [(text.index("Subscribe"), len(text))]
    found = suggest_attributions(text, skip=skip)
    assert found
    assert all(s.cue[1] <= skip[0][0] for s in found)
    assert any(cut(text, s.source) == "our editors" for s in suggest_attributions(text))


def test_a_skipped_range_inside_a_sentence_never_ends_up_in_a_span():
    text = TITLE + "Mayor Jane Doe said the old bridge [Advertisement] would reopen next week."
    ad = (text.index("[Advertisement]"), text.index("[Advertisement]") + len("[Advertisement]"))
    for s in suggest_attributions(text, skip=[ad]):
        for start, end in [s.cue, *s.content, *([s.source] if s.source else [])]:
            assert end <= ad[0] or start >= ad[1]


def test_offsets_are_code_points_and_sentences_are_optional():
    text = TITLE + "😀 Mayor Jane Doe said the bridge would reopen next week."
    with_default = suggest_attributions(text)
    explicit = suggest_attributions(text, default_sentences(text))
    assert with_default == explicit
    s = by_cue(text, explicit, "said")
    assert cut(text, s.source) == "Mayor Jane Doe"


def test_empty_and_blank_text():
    assert suggest_attributions("") == []
    assert suggest_attributions("   \n\n ") == []


def _seed(prefix: str) -> str:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed articles not found at {seeds}")
    return next(seeds.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_seed_told_reuters_is_quoted():
    text = _seed("002")
    sentence = text.index("Richard Armitage, a Republican")
    end = text.index("told Reuters.", sentence) + len("told Reuters")
    s = next(s for s in suggest_attributions(text) if s.cue[1] == end)
    assert cut(text, s.cue) == "told Reuters"
    assert cut(text, s.source_name) == "Richard Armitage"
    assert cut(text, s.source).startswith("Richard Armitage")
    assert s.kind == "quoted"


def test_seed_sources_said_is_anonymous():
    text = _seed("000")
    at = text.index(", sources said.") + len(", sources ")
    s = next(s for s in suggest_attributions(text) if s.cue == (at, at + 4))
    assert cut(text, s.source) == "sources"
    assert s.kind == "anonymous"


ARTICLES = {
    "harbor": (
        "Harbor town news\n\n"
        "Mayor Jane Doe said the bridge would reopen next week.\n\n"
        "“We are ready,” Tom Reed told reporters.\n\n"
        "The budget grew, according to the city comptroller."
    ),
    "pier": (
        "Pier news\n\nThe pier will close in May, officials said.\n\n"
        "Ann Lee said the ferry would run on Sundays."
    ),
}
GOLD = {  # (source, cue, content) as text; every string occurs once in its article
    "harbor": [
        ("Mayor Jane Doe", "said", "the bridge would reopen next week"),
        ("Tom Reed", "told", "We are ready"),
        ("the city comptroller", "according to", "The budget grew"),
    ],
    "pier": [
        ("officials", "said.", "The pier will close in May"),
        ("Ann Lee", "said the", "the ferry would run on Sundays"),
    ],
}


def _span(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    return at, at + len(needle.split()[0] if needle in ("said.", "said the") else needle)


def _write_corpus(root: Path) -> None:
    from claims.interop.brat import BratAttribution, write_attributions

    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, text in ARTICLES.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        attributions = [
            BratAttribution(
                cue=(_span(text, cue),), source=(_span(text, src),), content=(_span(text, con),)
            )
            for src, cue, con in GOLD[name]
        ]
        ann = write_attributions(attributions, text)
        (root / "attributions" / f"{name}_x1.ann").write_text(ann, encoding="utf-8")


def test_train_is_reproducible_and_the_model_is_usable(tmp_path):
    from claims.nlp.attribution import train
    from claims.nlp.attribution.model import open_model

    _write_corpus(tmp_path / "corpus")
    params = {"max_iterations": 5}
    first = train(tmp_path / "corpus", tmp_path / "a" / "m.crfsuite", seed=3, params=params)
    second = train(tmp_path / "corpus", tmp_path / "b" / "m.crfsuite", seed=3, params=params)
    assert first["sha256"] == second["sha256"]
    assert first["documents"] == 2
    model = open_model(tmp_path / "a" / "m.crfsuite")
    assert model.meta["seed"] == 3
    assert isinstance(suggest_attributions(ARTICLES["pier"], model=model), list)


@settings(max_examples=60, deadline=None)
@given(text=messy_text, data=st.data())
def test_suggestions_are_well_formed_offsets_for_any_text(text, data):
    skip_start = data.draw(st.integers(0, len(text)))
    skip = [(skip_start, data.draw(st.integers(skip_start, len(text))))]
    for suggestion in suggest_attributions(text, skip=skip):
        spans = [suggestion.cue, *suggestion.content]
        if suggestion.source:
            spans.append(suggestion.source)
        for start, end in spans:
            assert 0 <= start < end <= len(text)
            overlap = min(end, skip[0][1]) - max(start, skip[0][0])
            assert overlap <= 0, "a span lies in a skip range"
        parts = suggestion.content
        assert list(parts) == sorted(parts)
        assert all(a[1] < b[0] for a, b in itertools.pairwise(parts))
        assert 0.0 <= suggestion.confidence <= 1.0


@settings(max_examples=200, deadline=None)
@given(text=messy_text)
def test_tokens_slice_back_to_their_text(text):
    tokens = tokenize(text, default_sentences(text))
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


# Linking rules, tested on hand-made chunks so they do not depend on the tagger.


def _chunks(text: str, roles: dict[str, str]):
    """Tokens of ``text`` and one chunk per ``{substring: role}`` (role "S", "C" or "T")."""
    from claims.nlp.attribution.decode import Chunk

    tokens = tokenize(text, default_sentences(text))
    chunks = []
    for phrase, role in roles.items():
        start = text.index(phrase)
        end = start + len(phrase)
        idx = [k for k, t in enumerate(tokens) if t.start >= start and t.end <= end]
        chunks.append(Chunk(role, idx[0], idx[-1], 0.9))
    return tokens, sorted(chunks, key=lambda c: c.start)


def _linked_source(text: str, roles: dict[str, str], cue: str) -> str | None:
    from claims.nlp.attribution.decode import link

    tokens, chunks = _chunks(text, roles)
    for item in link(tokens, chunks):
        if text[tokens[item.cue.start].start : tokens[item.cue.end].end] == cue:
            if item.source is None:
                return None
            return text[tokens[item.source.start].start : tokens[item.source.end].end]
    raise AssertionError(f"no cue {cue!r}")


@pytest.mark.parametrize(
    ("text", "roles", "cue", "source"),
    [
        # A name (with a party tag) right before the cue.
        (
            "Jane Doe (D-Ore.) has also said the bridge is safe.",
            {"said": "C", "the bridge is safe": "T"},
            "said",
            "Jane Doe",
        ),
        # A day between subject and cue.
        (
            "Alan Grey on Tuesday said the ferry would stop.",
            {"said": "C", "the ferry would stop": "T"},
            "said",
            "Alan Grey",
        ),
        # A short noun phrase after a determiner.
        (
            "Later the harbor master said the port was closed.",
            {"said": "C", "the port was closed": "T"},
            "said",
            "the harbor master",
        ),
        # Inverted: a name after the reporting verb.
        (
            "“The port is closed,” said Alan Grey.",
            {"said": "C", "The port is closed": "T"},
            "said",
            "Alan Grey",
        ),
        # A participle after a comma shares the subject that opens the sentence.
        (
            "On Monday, Jane Doe spoke to fishermen in Portmoor, promising new docks.",
            {"promising": "C", "new docks": "T"},
            "promising",
            "Jane Doe",
        ),
        # A participle opening the sentence: the subject after its comma.
        (
            "Citing the storm, Jane Doe closed the port for a week.",
            {"Citing": "C", "the storm": "T"},
            "Citing",
            "Jane Doe",
        ),
        # Passive: the subject is the target; the agent after "by" is the source.
        (
            "The ferry plan was criticized by the harbor council on Monday.",
            {"The ferry plan": "S", "was criticized by": "C"},
            "was criticized by",
            "the harbor council",
        ),
        # Passive without an agent: no source.
        (
            "Jane Doe was accused of lying about the ferry.",
            {"Jane Doe": "S", "was accused of": "C", "lying about the ferry": "T"},
            "was accused of",
            None,
        ),
        # Nothing that can be a subject: no source.
        (
            "Many things were said about the ferry on Monday.",
            {"said": "C"},
            "said",
            None,
        ),
    ],
)
def test_a_cue_without_a_tagged_source_takes_its_subject(text, roles, cue, source):
    assert _linked_source(text, roles, cue) == source


def test_transcript_speaker_line():
    from claims.nlp.attribution.repair import transcript_speaker

    text = 'Harbor town news\n\n"GREY: The port stays closed until Monday.\n\nDOE: Why?'
    tokens, _ = _chunks(text, {})
    found = transcript_speaker(tokens, [])
    spans = [(c.role, text[tokens[c.start].start : tokens[c.end].end]) for c in found]
    assert spans == [
        ("S", "GREY"),
        ("C", ":"),
        ("T", "The port stays closed until Monday"),
        ("S", "DOE"),
        ("C", ":"),
        ("T", "Why"),
    ]


def test_dash_signature_with_an_initial_and_a_full_stop():
    from claims.nlp.attribution.repair import dash_signature

    text = "Harbor town news\n\n“The port stays closed.” ― Jane A. Doe.\n\nMore news."
    tokens, _ = _chunks(text, {})
    found = dash_signature(tokens, [])
    spans = [(c.role, text[tokens[c.start].start : tokens[c.end].end]) for c in found]
    assert ("C", "―") in spans
    assert ("S", "Jane A. Doe") in spans


def test_content_running_past_its_quotation_gives_the_source_back():
    from claims.nlp.attribution.repair import source_after_quotation

    text = "Harbor town news\n\n“The port stays closed,” Jane Doe (D-Ore.) said on Monday."
    tokens, chunks = _chunks(text, {"The port stays closed,” Jane Doe (D-Ore": "T", "said": "C"})
    found = source_after_quotation(tokens, chunks)
    spans = [(c.role, text[tokens[c.start].start : tokens[c.end].end]) for c in found]
    assert spans == [("T", "The port stays closed"), ("S", "Jane Doe (D-Ore"), ("C", "said")]


def _in_folded_paragraphs(text: str) -> tuple[set[str], list[tuple]]:
    """Each suggestion as (kind, spans) with spans as (paragraph, start, end) of the folded
    text, and the set of folded paragraphs."""
    from claims.nlp.attribution.folding import tagger_text

    folded = tagger_text(text)
    lines = folded.text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def where(span: tuple[int, int]) -> tuple[str, int, int]:
        s, e = folded.from_source(*span)
        k = max(i for i, start in enumerate(starts) if start <= s)
        return lines[k], s - starts[k], e - starts[k]

    found = []
    for s in suggest_attributions(text):
        spans = [("C", *where(s.cue))] + [("T", *where(p)) for p in s.content]
        if s.source:
            spans.append(("S", *where(s.source)))
        found.append((s.kind, tuple(spans)))
    return set(lines), found


def test_seed_homoglyph_copy_gets_the_same_suggestions_as_its_original():
    original, copy = _seed("000"), _seed("001")
    assert original != copy
    lines_a, found_a = _in_folded_paragraphs(original)
    lines_b, found_b = _in_folded_paragraphs(copy)
    shared = lines_a & lines_b

    def on_shared(found):
        """Suggestions whose cue lies in a shared paragraph, with their parts there (a
        quotation may continue into a paragraph only one article has)."""
        return sorted(
            (kind, tuple(span for span in spans if span[1] in shared))
            for kind, spans in found
            if spans[0][1] in shared
        )

    assert len(on_shared(found_a)) >= 8
    assert on_shared(found_a) == on_shared(found_b)


def test_seed_unnamed_us_officials_are_anonymous():
    text = _seed("002")
    at = text.index("U.S. officials said", text.index("fourcurrent"))
    cue = at + len("U.S. officials ")
    s = next(s for s in suggest_attributions(text) if s.cue == (cue, cue + 4))
    assert cut(text, s.source).endswith("U.S. officials")
    assert s.kind == "anonymous"
    text = _seed("003")
    at = text.index("according to U.S. officials")
    s = next(s for s in suggest_attributions(text) if s.cue[0] == at)
    assert cut(text, s.source) == "U.S. officials"
    assert s.kind == "anonymous"


def test_look_alike_letters_and_run_together_words_do_not_change_the_suggestion():
    plain = "Harbor town news\n\n“We are ready for the storm,” Mayor Jane Doe told reporters."
    # Cyrillic а/е/о in the name and the verb, a non-breaking space, a word run together.
    tricky = "Harbor town news\n\n“We are ready forthe storm,” Mаyоr Jаne\u00a0Dоe tоld reporters."
    a, b = suggest_attributions(plain), suggest_attributions(tricky)
    assert len(a) == len(b) == 1
    assert cut(tricky, b[0].source) == "Mаyоr Jаne\u00a0Dоe"
    assert cut(tricky, b[0].cue) == cut(plain, a[0].cue).replace("o", "о")
    assert [cut(tricky, p) for p in b[0].content] == ["“We are ready forthe storm,”"]
    assert b[0].kind == a[0].kind == "quoted"
