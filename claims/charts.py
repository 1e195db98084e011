"""Geometry of the dashboard's server-rendered SVG charts (pure Python, no Django).

Charts are drawn with SVG attributes and CSS classes only (the CSP allows no inline style or
script); each chart's template also renders its numbers as a table for screen readers.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

LABEL_W = 100
VALUE_W = 44


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    value: Any
    css: str = ""
    text_y: float = 0.0
    value_x: float = 0.0


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    baseline: float = 0.0


def bar_chart(items: Sequence[tuple[str, str, float]], *, width: int = 320, row: int = 26) -> Chart:
    """Horizontal bars: ``(css class, label, value)`` per row."""
    top = max((v for _, _, v in items), default=0) or 1
    span = width - LABEL_W - VALUE_W
    chart = Chart(width, max(row * len(items), row))
    for i, (css, label, value) in enumerate(items):
        w = span * value / top
        y = i * row + 4
        chart.bars.append(
            Bar(
                LABEL_W,
                y,
                round(w, 1),
                row - 8,
                label,
                value,
                css,
                y + (row - 8) / 2 + 4,
                LABEL_W + w + 6,
            )
        )
    return chart


def column_chart(
    items: Sequence[tuple[str, float]], *, width: int = 320, height: int = 150, css: str = ""
) -> Chart:
    """Vertical columns (e.g. per day), labels under the first, middle and last."""
    top = max((v for _, v in items), default=0) or 1
    plot_h = height - 24
    step = width / max(len(items), 1)
    chart = Chart(width, height, baseline=plot_h)
    for i, (label, value) in enumerate(items):
        h = plot_h * value / top
        chart.bars.append(
            Bar(
                round(i * step + 1, 1),
                round(plot_h - h, 1),
                round(max(step - 2, 1), 1),
                round(h, 1),
                label,
                value,
                css,
            )
        )
    if items:
        for i in sorted({0, len(items) // 2, len(items) - 1}):
            chart.ticks.append((round(i * step, 1), items[i][0]))
    return chart
