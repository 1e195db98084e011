"""Tokens, sentences, paragraphs and quotation state for attribution tagging.

Offsets are Python ``str`` indices, half-open. The tokenizer keeps word-internal apostrophes,
hyphens and dots together ("don’t", "U.S", "vice-presidential") and makes every other
non-space character its own token, so quotation marks are always tokens of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]

# Clitics ("He’s", "you'd") are split off: PolNeAR often marks "He" as source and "’s
# claiming" as cue.
_CLITIC = r"[’'](?:[sS]|ll|re|ve|d|m|LL|RE|VE|D|M)(?![^\W_])"
_TOKEN = re.compile(rf"{_CLITIC}|[^\W_]+(?:(?!{_CLITIC})[’'.\-&][^\W_]+)*|\S")
# Fallback sentence splitter used when the caller passes no sentence offsets: a full stop,
# question or exclamation mark (optionally followed by closing quotes/brackets) then space and
# an upper-case letter, a digit or an opening quote; or a line break.
_SENTENCE_END = re.compile(r"([.!?][”\"’)\]]*)[^\S\n]+(?=[“\"‘(\[A-Z0-9])|\s*\n\s*")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "st",
        "jr",
        "sr",
        "rev",
        "prof",
        "pres",
        "vs",
        "no",
        "inc",
        "corp",
        "co",
        "ltd",
        "u.s",
        "u.n",
        "u.k",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "a.m",
        "p.m",
        "d.c",
    ]
)

OPENING_QUOTES = frozenset("“„«")
CLOSING_QUOTES = frozenset("”»")
AMBIGUOUS_QUOTES = frozenset('"')
QUOTE_MARKS = OPENING_QUOTES | CLOSING_QUOTES | AMBIGUOUS_QUOTES


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    sentence: int  # index into the sentence list
    paragraph: int
    in_quote: bool  # inside double quotation marks (quote marks themselves: False)
    is_word: bool  # has a letter or digit: the tokens the metric counts


def is_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def word_spans(text: str) -> list[Span]:
    """Offsets of every token of ``text`` (punctuation included)."""
    return [m.span() for m in _TOKEN.finditer(text)]


def simple_sentences(text: str) -> list[Span]:
    """A small rule-based sentence splitter (used until/unless the shared one is passed in)."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end(1) if match.group(1) else match.start()
        if match.group(1) and match.group(1)[0] == ".":
            before = text[max(0, match.start() - 8) : match.start()].lower()
            word = re.split(r"[\s(“\"]", before)[-1]
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = match.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraph_starts(text: str) -> list[int]:
    """Start offsets of paragraphs: blank-line separated, or a line opening with a quote."""
    return [0] + [m.end() for m in re.finditer(r"\n", text)]


def tokenize(text: str, sentences: Sequence[Span], skip: Sequence[Span] = ()) -> list[Token]:
    """Tokens of ``text`` within the given sentences, outside the ``skip`` ranges.

    Quotation state is tracked per line: news paragraphs are lines, and a quotation that runs
    into the next paragraph reopens it with a new opening mark.
    """
    skip_sorted = sorted(skip)
    tokens: list[Token] = []
    line_starts = paragraph_starts(text)
    paragraph = 0
    quote_open = False
    current_line = -1
    skip_index = 0
    for sentence_index, (s_start, s_end) in enumerate(sentences):
        for match in _TOKEN.finditer(text, s_start, s_end):
            start, end = match.span()
            while skip_index < len(skip_sorted) and skip_sorted[skip_index][1] <= start:
                skip_index += 1
            if skip_index < len(skip_sorted) and skip_sorted[skip_index][0] < end:
                continue
            while paragraph + 1 < len(line_starts) and line_starts[paragraph + 1] <= start:
                paragraph += 1
            if paragraph != current_line:
                current_line = paragraph
                quote_open = False
            word = match.group()
            inside = quote_open
            if word in OPENING_QUOTES:
                quote_open, inside = True, False
            elif word in CLOSING_QUOTES:
                quote_open, inside = False, False
            elif word in AMBIGUOUS_QUOTES:
                previous = text[start - 1] if start else " "
                quote_open = (
                    previous.isspace() or previous in "([{—–-:" if not quote_open else False
                )
                inside = False
            tokens.append(Token(start, end, word, sentence_index, paragraph, inside, is_word(word)))
    return tokens
