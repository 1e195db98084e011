"""Article text from HTML with the standard-library parser (nothing is ever executed).

Paragraphs and headings become blank-line separated blocks, list items become "• " lines.
Page furniture (script, nav, header, footer, forms …) is dropped, and when the page has an
<article> or <main> element only its content is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["ExtractedHtml", "extract_article"]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


@dataclass(frozen=True, slots=True)
class ExtractedHtml:
    title: str
    text: str


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
    """Title (<title>, else the first <h1>) and the article text of an HTML document."""
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
