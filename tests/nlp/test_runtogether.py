from __future__ import annotations

import re

from hypothesis import given, settings

from claims.nlp.runtogether import find_run_together, propose_split
from tests.nlp._seeds import seed_text
from tests.nlp.strategies import messy_text


def test_lowercase_and_camel_joins():
    assert propose_split("otheradvisers") == "other advisers"
    assert propose_split("toReuters") == "to Reuters"
    assert propose_split("Russianofficials") == "Russian officials"
    assert propose_split("DonateDonate") == "Donate Donate"
    assert propose_split("PageJD") == "Page JD"
    assert propose_split("GordonMichael") == "Gordon Michael"


def test_names_brands_and_words_are_left_alone():
    for token in (
        "Kislyak",
        "Rosneft",
        "Lewandowski",
        "Manafort",
        "Medvedchuk",
        "Kilimnik",
        "Sechin",
        "WikiLeaks",
        "McCain",
        "DeSantis",
        "iPhone",
        "WebMail",
        "advisers",
        "tweeted",
        "superdelegates",
        "waterboarding",
        "NATO",
        "YouTube",
    ):
        assert propose_split(token) is None, token


def test_urls_emails_numbers_and_hyphenated_words_are_skipped():
    text = (
        "See www.otheradvisers.com, mail otheradvisers@example.org, 12otheradvisers, "
        "pro-otheradvisers, #feelthebern"
    )
    assert find_run_together(text) == []


def test_seed_002_has_many_flags():
    text = seed_text(2)
    found = find_run_together(text)
    assert len(found) >= 60
    tokens = {f.token for f in found}
    assert {"otheradvisers", "toReuters", "Russianofficials"} <= tokens
    assert "Kislyak" not in tokens


def test_other_seeds_have_almost_no_flags():
    assert [f.token for f in find_run_together(seed_text(0))] == ["DonateDonate"]
    assert find_run_together(seed_text(1)) == []
    assert find_run_together(seed_text(4)) == []
    assert [f.token for f in find_run_together(seed_text(3))] == ["PageJD", "GordonMichael"]


@settings(max_examples=150, deadline=None)
@given(messy_text)
def test_flags_slice_to_their_tokens(text):
    previous_end = 0
    for flag in find_run_together(text):
        assert previous_end <= flag.start < flag.end <= len(text)
        assert text[flag.start : flag.end] == flag.token
        assert flag.proposed.replace(" ", "") == flag.token
        previous_end = flag.end


class _Counted:
    """Counts the calls and the characters handed to wordsegment (the super-linear step)."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = 0
        self.chars = 0
        self.longest = 0

    def __call__(self, lower):
        self.calls += 1
        self.chars += len(lower)
        self.longest = max(self.longest, len(lower))
        return self.inner(lower)


def _count_segmentation(monkeypatch):
    from claims.nlp import runtogether

    counted = _Counted(runtogether._segment_words)
    monkeypatch.setattr(runtogether, "_segment_words", counted)
    runtogether._propose_split.cache_clear()
    return counted


def test_one_ten_megabyte_token_is_never_segmented(monkeypatch):
    from claims.nlp.runtogether import MAX_TOKEN_LENGTH

    counted = _count_segmentation(monkeypatch)
    glued = ("otheradvisers" * 800_000)[:10_000_000]
    assert find_run_together(glued) == []
    assert find_run_together(glued + "1") == []  # a letter run glued to a digit: no backtracking
    assert counted.calls == 0
    assert propose_split("hehad" * 20) is None  # 100 letters: over MAX_TOKEN_LENGTH
    assert counted.calls == 0 and MAX_TOKEN_LENGTH < 100


def test_hundred_thousand_lines_cost_one_segmentation_per_distinct_token(monkeypatch):
    from claims.nlp.runtogether import MAX_TOKEN_LENGTH

    counted = _count_segmentation(monkeypatch)
    text = "".join(f"Line {i}: hehad otheradvisers afterwards.\n" for i in range(100_000))
    found = find_run_together(text)
    assert len(found) == 200_000
    assert {f.token for f in found} == {"hehad", "otheradvisers"}
    # Work is bounded per distinct token, not per occurrence or per character of the text.
    assert counted.calls <= 3
    assert counted.longest <= MAX_TOKEN_LENGTH
    assert counted.chars <= 3 * MAX_TOKEN_LENGTH


def test_a_long_single_line_segments_only_short_tokens(monkeypatch):
    from claims.nlp.runtogether import MAX_TOKEN_LENGTH

    counted = _count_segmentation(monkeypatch)
    line = seed_text(2).replace("\n", " ")
    glued = "".join(ch for ch in line if ch.isalpha())  # every word of 002 glued: 7 000 letters
    text = (line + " " + glued + " ") * 50
    find_run_together(text)
    distinct = len(set(re.findall(r"[A-Za-z]{5,}", line)))
    assert counted.longest <= MAX_TOKEN_LENGTH
    assert counted.calls <= distinct
    assert counted.chars <= distinct * MAX_TOKEN_LENGTH


def test_the_three_misses_of_seed_002():
    assert propose_split("Kislyakhad") == "Kislyak had"
    assert propose_split("afterthe") == "after the"
    [flag] = find_run_together("Sergei Kislyak, Russia'sambassador to the United States")
    assert (flag.token, flag.proposed) == ("Russia'sambassador", "Russia's ambassador")
    tokens = {f.token for f in find_run_together(seed_text(2))}
    assert {"Kislyakhad", "Russia'sambassador", "afterthe"} <= tokens


def test_words_compounds_and_names_that_look_like_joins_stay_unflagged():
    for token in (
        "aback", "forgo", "inaction", "onstage", "Rashad", "Mohammad", "Ferdinand",
        "badasses", "gunmakers", "leakiest", "zippier", "stateswoman", "committeewoman",
    ):  # fmt: skip
        assert find_run_together(token) == [], token
    # A possessive before a real word is left alone: "spending" may be "s pending".
    assert find_run_together("Obama'spending plan") == []
