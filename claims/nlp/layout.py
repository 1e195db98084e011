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
    """Runs of ``[start, end)`` with the marks covering each, by a sweep over the cuts: work
    linear in the marks plus the size of the output (not cuts × marks)."""
    inside = [m for m in marks if m.start < end and m.end > start]
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for i, mark in enumerate(inside):
        opening.setdefault(max(mark.start, start), []).append(i)
        closing.setdefault(min(mark.end, end), []).append(i)
    bounds = sorted({start, end, *opening, *closing})
    active: set[int] = set()
    runs = []
    for lo, hi in itertools.pairwise(bounds):
        active.difference_update(closing.get(lo, ()))
        active.update(opening.get(lo, ()))
        # In the order the marks were given, as before.
        runs.append(Run(lo, hi, text[lo:hi], tuple(inside[i] for i in sorted(active))))
    return runs


def layout(
    text: str, sentences: Iterable[tuple[int, int]], marks: Iterable[Mark] = ()
) -> list[Piece]:
    """Pieces covering ``text`` exactly once, in order: gaps and sentences alternate."""
    ordered_marks = sorted((m for m in marks if m.start < m.end), key=lambda m: (m.start, -m.end))
    pieces: list[Piece] = []
    cursor = 0
    # A sweep: marks join ``open_marks`` when a sentence reaches their start and leave it
    # once a sentence starts at or after their end, so each mark is handled a bounded
    # number of times (not once per sentence).
    open_marks: list[Mark] = []
    next_mark = 0
    for index, (start, end) in enumerate(sentences):
        if start > cursor:
            pieces.append(Piece(cursor, start, None, [Run(cursor, start, text[cursor:start])]))
        while next_mark < len(ordered_marks) and ordered_marks[next_mark].start < end:
            open_marks.append(ordered_marks[next_mark])
            next_mark += 1
        open_marks = [m for m in open_marks if m.end > start]  # each overlaps this sentence
        pieces.append(Piece(start, end, index, _runs(text, start, end, open_marks)))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(cursor, len(text), None, [Run(cursor, len(text), text[cursor:])]))
    return pieces
