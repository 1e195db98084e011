"""Sentence and paragraph boundaries as half-open code-point offsets into the stored text.

Rule-based on purpose: news copy is full of "U.S.", "then-Sen." and "Nov. 8", and editors need
boundaries that are predictable rather than clever. A line break always ends a sentence (news
text arrives one paragraph or bullet per line), so every sentence lies inside one line.
"""

from __future__ import annotations

import itertools
import re

__all__ = ["lines", "paragraphs", "segment_sentences"]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Everything Python's str.splitlines() treats as a line boundary, with CRLF as one break.
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_NONSPACE = re.compile(r"\S")

# A sentence end: terminal punctuation, then any closing quotes/brackets, then whitespace.
_END = re.compile(r"(?:[.?!]+|…)[\"'”’»)\]]*(?=\s+(\S))")
# A bullet in the middle of a line ("… 2016 • June …") starts a new sentence.
_MID_BULLET = re.compile(r"\s[•▪●◦‣]\s")
_NEXT_WORD = re.compile(r"\s*(\S+)")
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[A-Za-z])")
_WORD_BEFORE = re.compile(r"([\w.'’-]*)[.]$")

# Abbreviations that (almost) never end a sentence: titles and the like.
_TITLES = _words(
    "mr mrs ms dr prof sen rep gov gen lt col maj sgt capt cmdr adm rev hon pres supt st mt "
    "ft sr messrs mme mlle atty insp det gov't vs etc al cf e.g i.e approx dept est inc corp "
    "ltd co bros"
)
# Abbreviations only before a number: "Nov. 8", "No. 3", "Vol. 2".
_BEFORE_NUMBER = frozenset(["no", "nos", "vol", "fig", "p", "pp"])
_MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
# After "U.S." (an initialism) only these words plausibly start a new sentence.
_STARTERS = _words(
    "the a an he she it they we i you his her its their our this that these those there but "
    "and so yet in on at for if when while after before as meanwhile however still now then "
    "later earlier last"
)


def lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, trimmed of surrounding whitespace."""
    out = []
    for match in _LINE.finditer(text):
        span = _trim(text, match.start(), match.end())
        if span is not None:
            out.append(span)
    return out


def paragraphs(text: str, line_spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Runs of non-blank lines separated by at least one blank line, trimmed. ``line_spans``:
    ``lines(text)`` when the caller already has it."""
    out: list[tuple[int, int]] = []
    for start, end in lines(text) if line_spans is None else line_spans:
        if out and len(_BREAK.findall(text, out[-1][1], start)) < 2:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def segment_sentences(
    text: str, line_spans: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Sentences in order, each trimmed; together they cover every non-space character.
    ``line_spans``: ``lines(text)`` when the caller already has it."""
    out: list[tuple[int, int]] = []
    for line_start, line_end in lines(text) if line_spans is None else line_spans:
        cuts = [line_start]
        line = text[line_start:line_end]
        for match in _END.finditer(line):
            if _is_boundary(line, match):
                cuts.append(line_start + match.end())
        for match in _MID_BULLET.finditer(line):
            cuts.append(line_start + match.start() + 1)
        cuts.sort()
        cuts.append(line_end)
        for start, end in itertools.pairwise(cuts):
            span = _trim(text, start, end)
            if span is not None:
                out.append(span)
    return out


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    punct = match.group()
    following = match.group(1)
    # Matched in place: slicing the rest of the line would be quadratic on one-line articles.
    nxt = _NEXT_WORD.match(line, match.end())
    nxt_word = nxt.group(1) if nxt else ""
    # A lower-case continuation ("?” he asked", "Nov. 8", "e.g. this") is never a new sentence.
    if following.islower() or following in ",;:":
        return False
    if "." not in punct or punct.rstrip("\"'”’»)]").endswith(("?", "!", "..", "…")):
        return True
    dot = match.start() + punct.index(".") + 1
    before = _WORD_BEFORE.search(line[max(0, dot - 40) : dot])
    word = before.group(1) if before else ""
    base = word.rsplit("-", 1)[-1].lower()  # "then-Sen." -> "sen"
    if base in _TITLES:
        return False
    if (base in _MONTHS or base in _BEFORE_NUMBER) and following.isdigit():
        return False
    if match.start() <= 8 and _LIST_MARKER.fullmatch(line[: match.start()].strip()):
        return False  # "1. First point" is a numbered bullet, not a sentence "1."
    if len(base) == 1 and base.isalpha():
        return False  # an initial: "Joseph R. Biden"
    if "." in base:  # an initialism: "U.S.", "D.C."
        return nxt_word.strip("\"'“‘(").lower() in _STARTERS
    if base in {"jr", "sr"}:
        return nxt_word.strip("\"'“‘(").lower() in _STARTERS
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink [start, end) past surrounding whitespace; None when nothing is left."""
    first = _NONSPACE.search(text, start, end)
    if first is None:
        return None
    stripped = text[first.start() : end].rstrip()
    return first.start(), first.start() + len(stripped)
