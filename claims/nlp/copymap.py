"""Map a span of one article onto a near-duplicate copy of it, through the folded texts.

Folding (normalize.fold) makes a homoglyph copy ("Рutin" with a Cyrillic Р) read like the
original, so a span is looked up as its folded text in the copy's folded text, at the
occurrence nearest the span's relative position. A small edit inside the span survives: when
the whole folded span is not found, its first and last `ANCHOR` characters are looked up
separately and accepted when they bracket about the same length. Anything else is unmatched
and returns None: a span is never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.nlp.normalize import FoldedText, fold

__all__ = ["ANCHOR", "CopyMap"]

ANCHOR = 24  # folded characters at each end of a span that must match exactly
_LENGTH_SLACK = 0.15  # an edited span may differ in length by this fraction (plus 8 chars)


@dataclass(slots=True)
class CopyMap:
    source: FoldedText
    target: FoldedText

    @classmethod
    def between(cls, source_text: str, target_text: str) -> CopyMap:
        return cls(fold(source_text), fold(target_text))

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The copy's ``[start, end)`` for the original's, or None when it cannot be found."""
        if not 0 <= start < end <= self.source.source_length:
            return None
        f_start, f_end = self.source.from_source(start, end)
        needle = self.source.text[f_start:f_end]
        if not needle.strip():
            return None
        expected = self._expected(f_start)
        found = self._nearest(needle, expected)
        if found is not None:
            return self.target.to_source(found, found + len(needle))
        if len(needle) < 2 * ANCHOR + 1:
            return None  # too short to hold two anchors and an edit between them
        head = self._nearest(needle[:ANCHOR], expected)
        if head is None:
            return None
        tail = self._nearest(needle[-ANCHOR:], head + len(needle) - ANCHOR)
        if tail is None or tail < head + ANCHOR:
            return None
        length = tail + ANCHOR - head
        if abs(length - len(needle)) > _LENGTH_SLACK * len(needle) + 8:
            return None
        return self.target.to_source(head, tail + ANCHOR)

    def _expected(self, folded_start: int) -> int:
        """Where the span would start in the copy if the texts lined up proportionally."""
        if not self.source.text:
            return 0
        return round(folded_start * len(self.target.text) / len(self.source.text))

    def _nearest(self, needle: str, expected: int) -> int | None:
        """The occurrence of needle nearest to ``expected`` (ties: the earlier one)."""
        haystack = self.target.text
        best: int | None = None
        at = haystack.find(needle)
        while at >= 0:
            if best is None or abs(at - expected) < abs(best - expected):
                best = at
            elif at > expected:
                break  # occurrences only get further away from here
            at = haystack.find(needle, at + 1)
        return best
