from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.nlp.normalize import FoldedText, find_lookalike_words, fold, fold_char
from tests.nlp._seeds import seed_text
from tests.nlp.strategies import messy_text


def test_fold_spaces_dashes_quotes_and_case():
    assert fold("A\u00a0B\u2009C").text == "a b c"
    assert fold("2016–2017 — now").text == "2016-2017 - now"
    assert fold("“Hi,” it’s").text == '"hi," it\'s'
    assert fold("STRASSE Straße").text == "strasse strasse"


def test_fold_maps_cyrillic_and_greek_lookalikes_to_latin():
    assert fold("Dеputy Chіеf Іnvеstіgаtоrs").text == "deputy chief investigators"
    assert fold("ΑΒΟ").text == "abo"


def test_fold_keeps_offsets_for_expanding_and_vanishing_chars():
    text = "a…ß\u200bz"
    folded = fold(text)
    assert folded.text == "a...ssz"
    assert folded.to_source(1, 2) == (1, 2)  # part of "…" maps to the whole "…"
    assert folded.to_source(4, 6) == (2, 3)
    assert folded.to_source(6, 7) == (4, 5)
    assert folded.from_source(1, 3) == (1, 6)
    assert folded.from_source(3, 4) == (6, 6)  # the zero-width space folds to nothing


def test_fold_astral_characters_are_single_offsets():
    text = "😀 Putin"
    folded = fold(text)
    start = folded.text.index("putin")
    assert folded.to_source(start, start + 5) == (2, 7)
    assert text[2:7] == "Putin"


def test_to_source_rejects_out_of_range():
    folded = fold("abc")
    for bad in ((-1, 2), (2, 1), (0, 4)):
        try:
            folded.to_source(*bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} accepted")


def test_lookalike_words_mixed_script():
    text = "The Dеputy said Путин and a Greek Αlpha."
    words = find_lookalike_words(text)
    assert [text[w.start : w.end] for w in words] == ["Dеputy", "Αlpha"]
    assert [w.count for w in words] == [1, 1]
    assert words[0].scripts == ("Cyrillic",)
    assert words[1].scripts == ("Greek",)


def test_genuine_russian_is_not_flagged():
    assert find_lookalike_words("Путин сказал, а он ответил: это сор.") == []
    assert find_lookalike_words("Владимир Путин") == []


def test_whole_cyrillic_lookalike_word_in_english_line_is_flagged():
    text = "It was а meeting"  # Cyrillic "а" in an English sentence
    words = find_lookalike_words(text)
    assert [(w.start, w.end, w.count) for w in words] == [(7, 8, 1)]


def test_seed_001_lookalike_count_close_to_889():
    words = find_lookalike_words(seed_text(1))
    total = sum(w.count for w in words)
    assert abs(total - 889) <= 10, total


def test_clean_seeds_have_no_lookalikes():
    for number in (0, 2, 3, 4):
        assert find_lookalike_words(seed_text(number)) == [], number


def test_seed_001_folds_back_to_the_original_wording():
    republished = fold(seed_text(1)).text
    original = fold(seed_text(0)).text
    sentence = "investigators have turned up an email in which one of donald trump's campaign"
    assert sentence in republished
    assert sentence in original


def _check_map(text: str, folded: FoldedText) -> None:
    starts = folded.starts
    assert len(starts) == len(folded.text) + 1
    assert starts[-1] == len(text)
    assert np.all(np.diff(starts) >= 0)
    assert folded.text == "".join(fold_char(c) for c in text)
    for i, char in enumerate(folded.text):
        assert 0 <= starts[i] < len(text)
        assert char in fold_char(text[starts[i]])


@settings(max_examples=150, deadline=None)
@given(messy_text)
def test_fold_offset_map_properties(text):
    folded = fold(text)
    _check_map(text, folded)
    start, end = folded.to_source(0, len(folded.text))
    produced = [i for i, c in enumerate(text) if fold_char(c)]
    if produced:
        assert start <= produced[0] and end >= produced[-1] + 1


@settings(max_examples=150, deadline=None)
@given(messy_text, st.data())
def test_source_ranges_round_trip(text, data):
    folded = fold(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    fs, fe = folded.from_source(start, end)
    assert folded.text[fs:fe] == fold(text[start:end]).text
    if fs < fe:
        s2, e2 = folded.to_source(fs, fe)
        assert start <= s2 <= e2 <= end
        assert fold(text[s2:e2]).text == folded.text[fs:fe]


@settings(max_examples=150, deadline=None)
@given(messy_text, st.data())
def test_folded_ranges_map_to_covering_source_ranges(text, data):
    folded = fold(text)
    fs = data.draw(st.integers(0, len(folded.text)))
    fe = data.draw(st.integers(fs, len(folded.text)))
    start, end = folded.to_source(fs, fe)
    assert 0 <= start <= end <= len(text)
    assert folded.text[fs:fe] in fold(text[start:end]).text


@settings(max_examples=150, deadline=None)
@given(messy_text)
def test_lookalike_ranges_slice_to_words(text):
    previous_end = 0
    for word in find_lookalike_words(text):
        assert previous_end <= word.start < word.end <= len(text)
        token = text[word.start : word.end]
        assert token == token.strip()
        assert 1 <= word.count <= len(token)
        assert set(word.scripts) <= {"Cyrillic", "Greek"}
        previous_end = word.end


@settings(max_examples=200, deadline=None)
@given(messy_text, st.data())
def test_slices_of_matches_from_source_range_by_range(text, data):
    """The batched mapping ingest uses gives what one `from_source` per range gives."""
    folded = fold(text)
    n = len(text)
    bounds = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=8))
    spans = [(min(a, b), max(a, b)) for a, b in bounds]
    expected = []
    for start, end in spans:
        lo, hi = folded.from_source(start, end)
        expected.append(folded.text[lo:hi])
    assert folded.slices_of(spans) == expected
