"""Positions for a claim's corroboration graph (pure Python): the claim in the middle
column, each independence group in its own column, members stacked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Box", "layout_columns"]

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 220, 56, 60, 18, 20


@dataclass(frozen=True, slots=True)
class Box:
    key: int
    column: int
    x: int
    y: int
    w: int = BOX_W
    h: int = BOX_H

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def cy(self) -> int:
        return self.y + self.h // 2


def layout_columns(columns: Sequence[Sequence[int]]) -> tuple[list[Box], int, int]:
    """Boxes for ``columns`` (lists of keys, left to right), and the drawing's width and
    height. Columns are centred vertically on the tallest one."""
    tallest = max((len(c) for c in columns), default=0)
    height = PAD * 2 + max(tallest, 1) * BOX_H + max(tallest - 1, 0) * GAP_Y
    boxes = []
    for i, keys in enumerate(columns):
        column_h = len(keys) * BOX_H + max(len(keys) - 1, 0) * GAP_Y
        top = (height - column_h) // 2
        for j, key in enumerate(keys):
            boxes.append(Box(key, i, PAD + i * (BOX_W + GAP_X), top + j * (BOX_H + GAP_Y)))
    width = PAD * 2 + len(columns) * BOX_W + max(len(columns) - 1, 0) * GAP_X
    return boxes, width, height
