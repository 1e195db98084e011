from __future__ import annotations

from hypothesis import given, settings

from claims.nlp.pipeline import analyze_article
from tests.nlp._seeds import seed_text
from tests.nlp.strategies import messy_text


def test_seed_quality_flags():
    flags = [analyze_article(seed_text(n)).quality_flags for n in range(5)]
    assert abs(flags[1]["homoglyphs"] - 889) <= 10
    assert [f["homoglyphs"] for f in (flags[0], flags[2], flags[3], flags[4])] == [0, 0, 0, 0]
    assert flags[2]["run_together"] >= 60
    assert flags[0]["boilerplate"] == 1
    assert flags[4] == {"homoglyphs": 0, "lookalike_words": 0, "run_together": 0, "boilerplate": 0}


def test_duplicate_detection_through_the_pipeline():
    a = analyze_article(seed_text(0))
    b = analyze_article(seed_text(1))
    assert set(a.band_keys) & set(b.band_keys)
    assert a.content_sha256 != b.content_sha256


def test_folding_makes_lookalike_copies_hash_equal():
    a = analyze_article("Dеputy Chіеf  met Putin.\n")
    b = analyze_article("Deputy Chief met Putin.")
    assert a.content_sha256 == b.content_sha256


@settings(max_examples=80, deadline=None)
@given(messy_text)
def test_all_offsets_index_the_text(text):
    result = analyze_article(text)
    assert result.folded.source_length == len(text)
    spans = [*result.sentences, *result.paragraphs]
    spans += [(r.start, r.end) for r in result.boilerplate]
    spans += [(r.start, r.end) for r in result.run_together]
    spans += [(w.start, w.end) for w in result.lookalike_words]
    for start, end in spans:
        assert 0 <= start < end <= len(text)
