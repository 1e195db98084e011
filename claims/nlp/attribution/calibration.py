"""Calibrated confidence: the tagger's mean marginal mapped to the chance a suggestion is right.

A suggestion counts as *right* when its cue is a gold cue under the published metric (same
first and last token; see ``attribution_eval``) for at least one annotator of the article.
The map is isotonic (pool-adjacent-violators, so a higher raw score never gets a lower
confidence) and piecewise linear between the pooled blocks; it is fitted on PolNeAR dev
(``manage.py evaluate_attributions --gold ../shared/polnear/dev --calibrate``) and shipped as
``attribution.calibration.json`` beside the model. Pure: no I/O here.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Calibration:
    """Piecewise-linear isotonic map from raw confidence to P(right)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __call__(self, raw: float) -> float:
        if not self.xs:
            return raw
        if raw <= self.xs[0]:
            return self.ys[0]
        if raw >= self.xs[-1]:
            return self.ys[-1]
        i = bisect.bisect_right(self.xs, raw)
        x0, x1, y0, y1 = self.xs[i - 1], self.xs[i], self.ys[i - 1], self.ys[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)

    def to_json(self) -> dict[str, list[float]]:
        return {"x": [round(x, 5) for x in self.xs], "y": [round(y, 5) for y in self.ys]}

    @classmethod
    def from_json(cls, data: dict[str, list[float]]) -> Calibration:
        return cls(tuple(data.get("x", ())), tuple(data.get("y", ())))


def fit_isotonic(pairs: Sequence[tuple[float, bool]]) -> Calibration:
    """Pool adjacent violators over ``(raw, right)`` pairs; one knot per pooled block."""
    ties: dict[float, list[float]] = {}
    for raw, right in pairs:
        tie = ties.setdefault(raw, [0.0, 0.0, 0.0])
        tie[0] += raw
        tie[1] += float(right)
        tie[2] += 1.0
    blocks: list[list[float]] = []  # [sum of x, sum of y, count]
    for raw in sorted(ties):
        blocks.append(ties[raw])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            x, y, n = blocks.pop()
            blocks[-1][0] += x
            blocks[-1][1] += y
            blocks[-1][2] += n
    xs = tuple(b[0] / b[2] for b in blocks)
    ys = tuple(b[1] / b[2] for b in blocks)
    return Calibration(xs, ys)


Row = dict[str, str | float | int]


def reliability_table(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> list[Row]:
    """Per confidence bin: count, mean confidence and the share that was right."""
    rows: list[Row] = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, r) for p, r in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if not inside:
            continue
        rows.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "n": len(inside),
                "confidence": round(sum(p for p, _ in inside) / len(inside), 3),
                "right": round(sum(r for _, r in inside) / len(inside), 3),
            }
        )
    return rows


def expected_calibration_error(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> float:
    total = len(pairs)
    if not total:
        return 0.0
    return round(
        sum(
            int(row["n"]) * abs(float(row["confidence"]) - float(row["right"]))
            for row in reliability_table(pairs, bins)
        )
        / total,
        4,
    )
