from claims.nlp.title import title_from_text
from tests.nlp._seeds import seed_text


def test_navigation_signup_and_section_labels_are_skipped():
    text = (
        "Home | WebMail | Register or Login\n\n    Calgary | Regions | Contact\n\nSign Up\n\n"
        "Please fill this form to create an account.\n\nWorld\n\n"
        "Council approves harbour budget\n\nThe council approved the budget on Tuesday.\n"
    )
    assert title_from_text(text) == "Council approves harbour budget"


def test_first_line_when_it_is_the_headline():
    assert title_from_text("\n\n  Mayor denies report  \n\nBody text here.") == (
        "Mayor denies report"
    )


def test_falls_back_to_the_first_line_when_nothing_qualifies():
    assert title_from_text("World\n\nSign Up\n") == "World"
    assert title_from_text("   \n") == ""


def test_seed_002_gets_its_headline():
    assert title_from_text(seed_text(2)) == (
        "Trump campaign reportedly had at least 18 undisclosed contacts with Russians"
    )
    for number in (0, 3, 4):  # the others start with their headline
        text = seed_text(number)
        assert title_from_text(text) == text.split("\n", 1)[0].strip()
