"""Article text and metadata from HTML (nothing is ever executed: both parsers only parse).

The main content and the title, author, date and site name come from `trafilatura`, the field's
maintained news extractor: on saved pages (tests/nlp/pages/) it drops related-story lists,
sidebars, captions and share bars that our parser keeps when a page has no <article>, and
it reads author/date/site from meta tags and JSON-LD, which our parser does not. Our
standard-library parser is the fallback when trafilatura finds no main text (or is missing).
Its rules: paragraphs and headings become blank-line separated blocks, list items become "• "
lines, page furniture (script, nav, header, footer, forms …) is dropped, and when the page has
an <article> or <main> element only its content is kept.

trafilatura is imported on first use (about 1.3 s: lxml, dateparser); a page then costs about
2-40 ms (docs/benchmarks.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

__all__ = ["ExtractedHtml", "extract_article", "extract_article_stdlib"]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


@dataclass(frozen=True, slots=True)
class ExtractedHtml:
    title: str
    text: str
    author: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) when the page states one
    site_name: str = ""
    extractor: str = "stdlib"  # "trafilatura" or "stdlib": which one produced the text


_SKIP = _words(
    "script style noscript nav header footer aside form iframe template svg button select "
    "textarea object canvas"
)
_BLOCK = _words(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol blockquote pre figure figcaption "
    "table tr td th dl dt dd address body html"
)
_CONTENT_ROOTS = frozenset({"article", "main"})
_VOID = _words("area base br col embed hr img input link meta source track wbr")
# HTML whitespace only: a &nbsp; in the source is kept as U+00A0.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_BR = "\ue000"  # private-use marker for <br> until whitespace has been collapsed


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.root_depth = 0  # >0 while inside <article>/<main>
        self.in_title = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] | None = None
        self.first_h1 = ""
        self.current: list[str] = []
        self.current_kind = "p"
        self.blocks: list[tuple[str, str, bool]] = []  # (kind, text, inside a content root)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self._void(tag)
            return
        if self.skip_depth or tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self._flush()
            self.current_kind = "li" if tag == "li" else "p"
        if tag == "h1" and not self.first_h1:
            self.h1_parts = []
        if tag in _CONTENT_ROOTS:
            self.root_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._void(tag)

    def _void(self, tag: str) -> None:
        if self.skip_depth:
            return
        if tag == "br":
            self.current.append(_BR)  # a line break inside the block, kept by _clean
        elif tag == "hr":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._flush()
        if tag == "h1" and self.h1_parts is not None:
            self.first_h1 = _clean("".join(self.h1_parts))
            self.h1_parts = None
        if tag in _CONTENT_ROOTS and self.root_depth:
            self.root_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        data = data.replace(_BR, " ")  # the marker must only ever come from a <br>
        if self.h1_parts is not None:
            self.h1_parts.append(data)
        self.current.append(data)

    def _flush(self) -> None:
        text = _clean("".join(self.current))
        if text:
            self.blocks.append((self.current_kind, text, self.root_depth > 0))
        self.current = []
        self.current_kind = "p"


def _clean(text: str) -> str:
    lines = (_HTML_SPACE.sub(" ", part).strip(" ") for part in text.split(_BR))
    return "\n".join(line for line in lines if line)


def extract_article(html: str) -> ExtractedHtml:
    """Main text, title, author, date and site name of an HTML document."""
    ours = extract_article_stdlib(html)
    found = _trafilatura(html)
    if found is None:
        return ours
    text, title, author, published, site_name = found
    return ExtractedHtml(
        title=title or ours.title,
        text=text,
        author=author,
        published=published,
        site_name=site_name,
        extractor="trafilatura",
    )


def _trafilatura(html: str) -> tuple[str, str, str, str, str] | None:
    try:
        from trafilatura import bare_extraction
    except ImportError:  # an installation without it still imports HTML
        return None
    try:
        doc = bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
        )
    # A third-party parser on hostile input: whatever it raises, our own parser still reads
    # the page, so an import never fails because of it.
    except Exception:
        return None
    if doc is None:
        return None
    # bare_extraction returns a Document (or, with as_dict, a dict): read its fields by name.
    names = ("text", "title", "author", "date", "sitename")
    fields: dict[str, Any] = (
        doc if isinstance(doc, dict) else {name: getattr(doc, name, None) for name in names}
    )
    body = str(fields.get("text") or "")
    if not body.strip():
        return None
    paragraphs = [_clean(line) for line in body.split("\n")]
    text = "\n\n".join(p for p in paragraphs if p)
    return (
        text,
        _clean(str(fields.get("title") or "")),
        _clean(str(fields.get("author") or "")),
        str(fields.get("date") or ""),
        _clean(str(fields.get("sitename") or "")),
    )


def extract_article_stdlib(html: str) -> ExtractedHtml:
    """Title (<title>, else the first <h1>) and the article text, by our own parser."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    parser._flush()
    blocks = parser.blocks
    if any(inside for _, _, inside in blocks):
        blocks = [b for b in blocks if b[2]]
    parts: list[str] = []
    previous = ""
    for kind, text, _ in blocks:
        if parts:
            parts.append("\n" if kind == previous == "li" else "\n\n")
        parts.append(f"• {text}" if kind == "li" else text)
        previous = kind
    title = _clean("".join(parser.title_parts)) or parser.first_h1
    return ExtractedHtml(title=title, text="".join(parts))
