from __future__ import annotations

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
