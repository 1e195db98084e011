from __future__ import annotations

from claims.nlp.html import extract_article


def test_paragraphs_headings_lists_and_entities():
    html = """<!doctype html><html><head><title>The  Title &amp; more</title>
    <script>alert("x")</script><style>p{}</style></head><body>
    <h2>Section</h2><p>First   para\n with <b>bold</b> &ldquo;quote&rdquo;.</p>
    <ul><li>one</li><li>two&nbsp;items</li></ul><p>Last<br>line</p></body></html>"""
    result = extract_article(html)
    assert result.title == "The Title & more"
    assert result.text == (
        "Section\n\nFirst para with bold “quote”.\n\n• one\n• two\u00a0items\n\nLast\nline"
    )


def test_furniture_is_dropped():
    html = """<body><nav>Home | News</nav><header>Site</header><form>Sign up</form>
    <p>Body text.</p><aside>Related</aside><footer>Copyright</footer>
    <iframe src="x">frame</iframe><noscript>no</noscript><svg><text>s</text></svg>
    <template><p>t</p></template></body>"""
    assert extract_article(html).text == "Body text."


def test_article_element_is_preferred():
    html = """<body><p>Teaser elsewhere</p><main><h1>Headline</h1><p>Story.</p></main>
    <p>Outside.</p></body>"""
    result = extract_article(html)
    assert result.text == "Headline\n\nStory."
    assert result.title == "Headline"


def test_malformed_html_does_not_raise():
    result = extract_article("<p>Unclosed <b>bold<p>Next &bogus; <div>")
    assert "Unclosed bold" in result.text
    assert "Next &bogus;" in result.text


def test_line_breaks_stay_inside_their_block():
    result = extract_article("<p>Line one<br/>line   two<br><br></p><hr><p>Next</p>")
    assert result.text == "Line one\nline two\n\nNext"
