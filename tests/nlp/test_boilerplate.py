from __future__ import annotations

from hypothesis import given, settings

from claims.nlp.boilerplate import REASONS, find_boilerplate
from claims.nlp.segment import paragraphs
from tests.nlp._seeds import seed_text
from tests.nlp.strategies import messy_text


def _flagged(text: str) -> list[tuple[str, str]]:
    return [(r.reason, text[r.start : r.end]) for r in find_boilerplate(text)]


def test_seed_000_donation_tail_is_one_range():
    text = seed_text(0)
    flagged = _flagged(text)
    assert [reason for reason, _ in flagged] == ["donation"]
    body = flagged[0][1]
    assert body.startswith("Understand the importance of honest news ?")
    assert body.endswith("Support Honest Journalism.")
    assert text.rstrip().endswith(body)


def test_seed_001_photo_credit_only():
    flagged = _flagged(seed_text(1))
    assert [reason for reason, _ in flagged] == ["photo_credit"]
    assert flagged[0][1].startswith("Phоtо Crеdіt:")  # spelt with Cyrillic letters


def test_seed_002_navigation_signup_and_captions():
    flagged = _flagged(seed_text(2))
    reasons = [reason for reason, _ in flagged]
    assert reasons[:2] == ["navigation", "signup"]
    assert set(reasons[2:]) == {"caption"}
    assert flagged[0][1].startswith("Home | WebMail | Register or Login")
    assert flagged[1][1].endswith("Already have an account? Login here.")
    for _, caption in flagged[2:]:
        assert caption.endswith(("Press)", "Reuters)"))


def test_seeds_003_and_004_are_clean():
    assert find_boilerplate(seed_text(3)) == []
    assert find_boilerplate(seed_text(4)) == []  # "Published with permission of …" stays


def test_no_ordinary_paragraph_in_any_seed_is_flagged():
    allowed = {
        0: (
            "Understand the importance",
            "So do we.",
            "The past year",
            "We’ve covered",
            "We need your support",
            "Make a one-time",
            "Click to donate",
            "DonateDonate",
            "Don't Sit on the Sidelines",
        ),
        1: ("Phоtо Crеdіt",),
        2: (
            "Home | WebMail",
            "Calgary | Regions",
            "Sign Up",
            "Please fill this form",
            "Already have an account",
            "Former national security adviser Michael Flynn",
            "Michael Flynn was fired",
            "Six of the previously undisclosed contacts described to "
            "Reuters were phone calls between Kislyak",
            "Ukrainian politician Viktor Medvedchuk, left",
        ),
        3: (),
        4: (),
    }
    for number, prefixes in allowed.items():
        text = seed_text(number)
        ranges = find_boilerplate(text)
        for start, end in paragraphs(text):
            flagged = any(r.start <= start and end <= r.end for r in ranges)
            expected = text[start:end].lstrip("\u00a0 ").startswith(prefixes)
            assert flagged == expected, (number, text[start:end][:60])


def test_story_about_donations_is_not_an_appeal():
    text = "\n\n".join(
        [
            "Title",
            "The campaign said the average donation was $27.",
            "Donors gave more than before, officials said.",
            "Campaign aides said the donation drive would continue, and supporters were urged "
            "to make a contribution before the deadline.",
        ]
    )
    assert find_boilerplate(text) == []


def test_parenthesised_credit_makes_a_caption():
    text = "Body.\n\nThe senator arrives. (Evan Vucci/The Associated Press)\n\nMore body."
    assert _flagged(text) == [("caption", "The senator arrives. (Evan Vucci/The Associated Press)")]


@settings(max_examples=150, deadline=None)
@given(messy_text)
def test_ranges_are_trimmed_ordered_and_valid(text):
    previous_end = 0
    for r in find_boilerplate(text):
        assert r.reason in REASONS
        assert previous_end <= r.start < r.end <= len(text)
        piece = text[r.start : r.end]
        assert piece == piece.strip()
        previous_end = r.end


@settings(max_examples=200, deadline=None)
@given(messy_text)
def test_word_cap_matches_counting_every_word(text):
    import re

    from claims.nlp.boilerplate import _MORE_WORDS, _at_most_words

    words = len(re.findall(r"\w+", text))
    for n in _MORE_WORDS:
        assert _at_most_words(text, n) == (words <= n)
