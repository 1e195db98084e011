"""Matching text ("folded" text) with an offset map back to the stored article text.

Folding is done per code point so every folded character has exactly one source character:
NFKC, then the TR39 confusables skeleton for Cyrillic/Greek look-alike letters, odd spaces to
" ", dashes to "-", curly quotes to straight ones, then case folding. A source character may
fold to zero characters (zero-width joiners) or several ("…" -> "...", "ß" -> "ss").
Combining marks are folded on their own rather than composed with their base letter: that
keeps the offset map monotone and one-to-one per source character.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt

__all__ = ["FoldedText", "LookalikeWord", "find_lookalike_words", "fold", "fold_char"]

# Ranges of the two scripts whose letters are routinely swapped into English text.
_CYRILLIC = "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SPECIAL: dict[str, str] = {
    **dict.fromkeys(_SPACES, " "),
    **dict.fromkeys(_DASHES, "-"),
    **dict.fromkeys(_ZERO_WIDTH, ""),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u2035", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2036", '"'),
}


@functools.cache
def _confusables() -> dict[str, str]:
    """Cyrillic/Greek letter -> Latin letter, from the TR39 data the package ships.

    Loaded lazily (the JSON is ~1 MB) and only once.
    """
    raw = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    data: dict[str, list[dict[str, str]]] = json.loads(raw)
    script = re.compile(f"[{_CYRILLIC}{_GREEK}]")
    table: dict[str, str] = {}
    for char, glyphs in data.items():
        if len(char) != 1 or not script.fullmatch(char) or not char.isalpha():
            continue
        for glyph in glyphs:
            target = glyph["c"]
            if target.isascii() and target.isalpha():
                # TR39 maps capital I to "l"; we keep Latin I, so its twins must agree.
                table[char] = "I" if target == "l" and char.isupper() else target
                break
    return table


@functools.cache
def fold_char(char: str) -> str:
    """Fold one code point. Cached: articles use a few hundred distinct characters."""
    out = []
    for c in unicodedata.normalize("NFKC", char):
        c = _SPECIAL.get(c, c)
        out.append(_confusables().get(c, c))
    return "".join(out).casefold()


@dataclass(frozen=True, slots=True)
class FoldedText:
    """Folded text plus `starts`: folded char i comes from source index starts[i].

    `starts` has one extra sentinel entry equal to len(source), so it is non-decreasing and
    ranges can be mapped with binary search. int32 halves the memory of int64 and no article
    comes near 2**31 code points.
    """

    text: str
    source_length: int
    starts: npt.NDArray[np.int32]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open folded range to the half-open source range that produced it."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"range {start}:{end} outside folded text of {len(self.text)}")
        if start == end:
            pos = int(self.starts[start])
            return pos, pos
        # A range may end inside the expansion of one source char ("…" -> "..."): the
        # whole source char still belongs to it.
        return int(self.starts[start]), int(self.starts[end - 1]) + 1

    def from_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open source range to the folded range of the chars it produced."""
        if not 0 <= start <= end <= self.source_length:
            raise ValueError(f"range {start}:{end} outside source text of {self.source_length}")
        lo, hi = np.searchsorted(self.starts, (start, end), side="left")
        return int(lo), int(hi)

    def slices_of(self, spans: list[tuple[int, int]]) -> list[str]:
        """The folded text of each source range: ``from_source`` for many ranges at once
        (one binary search over all of them, not a numpy call per range)."""
        if not spans:
            return []
        flat = np.asarray(spans, dtype=np.int64).ravel()
        if flat.min() < 0 or flat.max() > self.source_length or (flat[0::2] > flat[1::2]).any():
            raise ValueError(f"a range outside source text of {self.source_length}")
        bounds = np.searchsorted(self.starts, flat, side="left").tolist()
        text = self.text
        return [text[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]


def fold(text: str) -> FoldedText:
    """Fold `text` for matching; see the module docstring for what changes."""
    table = {ord(c): fold_char(c) for c in set(text)}
    folded = text.translate(table)
    n = len(text)
    irregular = {cp: len(f) for cp, f in table.items() if len(f) != 1}
    if not irregular:
        return FoldedText(folded, n, np.arange(n + 1, dtype=np.int32))
    # Rare path: some chars grow or vanish, so work out per-char lengths with numpy.
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.ones(n, dtype=np.int32)
    for cp, length in irregular.items():
        lengths[codes == cp] = length
    starts = np.repeat(np.arange(n, dtype=np.int32), lengths)
    return FoldedText(folded, n, np.append(starts, n))


@dataclass(frozen=True, slots=True)
class LookalikeWord:
    """A word mixing Latin letters with Cyrillic/Greek look-alikes (a homoglyph attack)."""

    start: int
    end: int
    count: int  # look-alike letters in the word
    scripts: tuple[str, ...]  # the foreign scripts found, e.g. ("Cyrillic",)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_FOREIGN = re.compile(f"[{_CYRILLIC}{_GREEK}]")
_GREEK_ONLY = re.compile(f"[{_GREEK}]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_NEWLINE = re.compile("\n")


def find_lookalike_words(text: str) -> list[LookalikeWord]:
    """Words that mix Latin with confusable Cyrillic/Greek letters (TR39 mixed script).

    Whole-Cyrillic or whole-Greek words are only flagged when every letter is a Latin
    look-alike and the word sits on a line written in Latin script ("а" for "a"); genuine
    Russian words like "Путин" contain letters with no Latin twin and are left alone.
    """
    if not _FOREIGN.search(text):
        return []
    table = _confusables()
    found = []
    latin_lines: dict[int, bool] = {}  # line start -> verdict, so long lines are read once
    newlines: list[int] | None = None
    for match in _WORD.finditer(text):
        word = match.group()
        foreign = _FOREIGN.findall(word)
        if not foreign:
            continue
        lookalikes = [c for c in foreign if c in table]
        if not lookalikes:
            continue
        if not _LATIN.search(word):
            if len(lookalikes) != len(word.replace("'", "").replace("’", "")):
                continue
            if newlines is None:
                newlines = [-1, *(m.start() for m in _NEWLINE.finditer(text))]
            line_start = newlines[bisect.bisect_left(newlines, match.start()) - 1] + 1
            if line_start not in latin_lines:
                latin_lines[line_start] = _line_is_latin(text, line_start)
            if not latin_lines[line_start]:
                continue
        scripts = sorted({"Greek" if _GREEK_ONLY.match(c) else "Cyrillic" for c in lookalikes})
        found.append(LookalikeWord(match.start(), match.end(), len(lookalikes), tuple(scripts)))
    return found


def _line_is_latin(text: str, start: int) -> bool:
    """True when Latin letters clearly outnumber Cyrillic/Greek letters with no Latin twin."""
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    table = _confusables()
    native = sum(1 for c in _FOREIGN.findall(line) if c not in table)
    return len(_LATIN.findall(line)) > 2 * native
