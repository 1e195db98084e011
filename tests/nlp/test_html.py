"""Our standard-library parser's rules (the fallback), then the pages where trafilatura leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.nlp.html import extract_article, extract_article_stdlib

PAGES = Path(__file__).parent / "pages"


def test_paragraphs_headings_lists_and_entities():
    html = """<!doctype html><html><head><title>The  Title &amp; more</title>
    <script>alert("x")</script><style>p{}</style></head><body>
    <h2>Section</h2><p>First   para\n with <b>bold</b> &ldquo;quote&rdquo;.</p>
    <ul><li>one</li><li>two&nbsp;items</li></ul><p>Last<br>line</p></body></html>"""
    result = extract_article_stdlib(html)
    assert result.title == "The Title & more"
    assert result.text == (
        "Section\n\nFirst para with bold “quote”.\n\n• one\n• two\u00a0items\n\nLast\nline"
    )


def test_furniture_is_dropped():
    html = """<body><nav>Home | News</nav><header>Site</header><form>Sign up</form>
    <p>Body text.</p><aside>Related</aside><footer>Copyright</footer>
    <iframe src="x">frame</iframe><noscript>no</noscript><svg><text>s</text></svg>
    <template><p>t</p></template></body>"""
    assert extract_article_stdlib(html).text == "Body text."


def test_article_element_is_preferred():
    html = """<body><p>Teaser elsewhere</p><main><h1>Headline</h1><p>Story.</p></main>
    <p>Outside.</p></body>"""
    result = extract_article_stdlib(html)
    assert result.text == "Headline\n\nStory."
    assert result.title == "Headline"


def test_malformed_html_does_not_raise():
    result = extract_article("<p>Unclosed <b>bold<p>Next &bogus; <div>")
    assert "Unclosed bold" in result.text
    assert "Next &bogus;" in result.text


def test_line_breaks_stay_inside_their_block():
    result = extract_article_stdlib("<p>Line one<br/>line   two<br><br></p><hr><p>Next</p>")
    assert result.text == "Line one\nline two\n\nNext"


# Saved pages written for this comparison (tests/nlp/pages/): what each extractor yields.
# title, author, published, site_name, a sentence of the story, furniture that must be gone.
EXPECTED = {
    "news_article.html": (
        "Council approves harbour budget after late-night vote",
        "Dana Okafor",
        "2026-03-14",
        "The Wexley Courier",
        "The budget passed by nine votes to four.",
        ["Most read", "Register or Login", "cookies", "All rights reserved"],
    ),
    "div_soup.html": (
        "Ferry operator fined over delays",
        "Priya Lindqvist",
        "2026-05-02",
        "Harbour Times",
        "The operator said in a statement that it would appeal.",
        ["Related stories", "Share on Facebook", "Contact us", "newsletter", "Advertise"],
    ),
    "title_with_site.html": (
        "Mayor denies report on harbour contract",
        "Sam Idowu",
        "2026-07-21",
        "Wexley Daily News",
        "The council's audit committee will review the tender next month",
        ["cheap watches", "Front page", "The harbour at dawn"],
    ),
    "plain_blog.html": (
        "Notes from the harbour committee",
        "",
        "2026-04-03",
        "",
        "The next meeting is on 8 May.",
        ["Archive", "blogroll", "Island Radio"],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_pages_metadata_and_clean_text(name):
    title, author, published, site, sentence, furniture = EXPECTED[name]
    html = (PAGES / name).read_text()
    result = extract_article(html)
    assert result.extractor == "trafilatura"
    assert (result.title, result.author, result.published, result.site_name) == (
        title,
        author,
        published,
        site,
    )
    assert sentence in result.text
    for junk in [*furniture, "SCRIPT-MUST-NOT-APPEAR", "tracker", "color: red", "executed"]:
        assert junk not in result.text, junk
    # Paragraphs stay blank-line separated, as the segmenter expects.
    assert "\n\n" in result.text and "\n\n\n" not in result.text


def test_trafilatura_does_better_than_our_parser_on_the_saved_pages():
    """The comparison that chose trafilatura: furniture our parser keeps, metadata it lacks."""
    kept_by_ours = 0
    for name, (title, *_rest, furniture) in EXPECTED.items():
        html = (PAGES / name).read_text()
        ours, theirs = extract_article_stdlib(html), extract_article(html)
        kept_by_ours += sum(junk in ours.text for junk in furniture)
        assert not any(junk in theirs.text for junk in furniture)
        assert theirs.title == title
    assert kept_by_ours >= 6


def test_falls_back_to_our_parser_when_trafilatura_finds_nothing(monkeypatch):
    import claims.nlp.html as module

    monkeypatch.setattr(module, "_trafilatura", lambda html: None)
    result = extract_article("<title>T</title><p>Only a paragraph.</p>")
    assert (result.extractor, result.title, result.text) == ("stdlib", "T", "Only a paragraph.")
