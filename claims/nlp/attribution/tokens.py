"""Tokens, paragraphs (lines) and quotation state for attribution tagging.

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


def paragraph_starts(text: str) -> list[int]:
    """Start offsets of lines; news copy has one paragraph per line (blank lines hold none)."""
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
