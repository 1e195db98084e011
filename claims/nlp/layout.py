"""Cut an article's text into renderable pieces: sentences, and inside them runs of text
that carry the same set of marks (flags, claims). Overlapping and nested marks become
runs with several marks; every piece knows its ``[start, end)`` in the stored text, so the
browser can turn a selection back into offsets.

Pure: no Django, no HTML. Templates escape the text of each piece.
"""

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    kind: str  # e.g. "boilerplate", "lookalike", "run_together", "claim"
    payload: Any = None


@dataclass(slots=True)
class Run:
    start: int
    end: int
    text: str
    marks: tuple[Mark, ...] = ()

    @property
    def kinds(self) -> list[str]:
        return sorted({m.kind for m in self.marks})


@dataclass(slots=True)
class Piece:
    """A sentence (``index`` set) or the gap between sentences (``index`` None)."""

    start: int
    end: int
    index: int | None
    runs: list[Run] = field(default_factory=list)

    @property
    def is_sentence(self) -> bool:
        return self.index is not None

    @property
    def kinds(self) -> list[str]:
        return sorted({k for run in self.runs for k in run.kinds})


def _runs(text: str, start: int, end: int, marks: Sequence[Mark]) -> list[Run]:
    cuts = {start, end}
    for mark in marks:
        if mark.start < end and mark.end > start:
            cuts.add(max(mark.start, start))
            cuts.add(min(mark.end, end))
    bounds = sorted(cuts)
    runs = []
    for lo, hi in itertools.pairwise(bounds):
        active = tuple(m for m in marks if m.start <= lo and m.end >= hi)
        runs.append(Run(lo, hi, text[lo:hi], active))
    return runs


def layout(
    text: str, sentences: Iterable[tuple[int, int]], marks: Iterable[Mark] = ()
) -> list[Piece]:
    """Pieces covering ``text`` exactly once, in order: gaps and sentences alternate."""
    ordered_marks = sorted((m for m in marks if m.start < m.end), key=lambda m: (m.start, -m.end))
    pieces: list[Piece] = []
    cursor = 0
    mark_cursor = 0
    for index, (start, end) in enumerate(sentences):
        if start > cursor:
            pieces.append(Piece(cursor, start, None, [Run(cursor, start, text[cursor:start])]))
        # Marks are sorted by start: skip those wholly before this sentence.
        while mark_cursor < len(ordered_marks) and ordered_marks[mark_cursor].end <= start:
            mark_cursor += 1
        relevant = []
        for mark in ordered_marks[mark_cursor:]:
            if mark.start >= end:
                break
            relevant.append(mark)
        # Long marks that started earlier may still cover this sentence.
        relevant.extend(m for m in ordered_marks[:mark_cursor] if m.end > start and m.start < end)
        pieces.append(Piece(start, end, index, _runs(text, start, end, relevant)))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(cursor, len(text), None, [Run(cursor, len(text), text[cursor:])]))
    return pieces
