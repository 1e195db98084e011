"""Chance-corrected agreement coefficients on nominal values: Cohen's κ and Krippendorff's α
(pure Python, no Django). Both are also computed from additive counts, so per-article parts
stored in the database sum to the set's figure (``claims.nlp.agreement``)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from fractions import Fraction

# Kind pairs ``(a's kind, b's kind)`` of matched attributions, with how often each occurs.
Confusion = Counter[tuple[Hashable, Hashable]]
# Krippendorff's coincidences before weighting: ``(value, other value, coders in the unit)``
# -> ordered value pairs. Additive over units (and so over articles); the weight 1/(m-1) is
# applied in exact fractions once, so a sum of stored parts equals the figure computed
# from scratch whatever the order.
Coincidences = Counter[tuple[Hashable, Hashable, int]]


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    return kappa_from_confusion(Counter(pairs))


def kappa_from_confusion(confusion: Confusion) -> float | None:
    n = sum(confusion.values())
    if not n:
        return None
    observed = sum(count for (x, y), count in confusion.items() if x == y) / n
    first: Counter[Hashable] = Counter()
    second: Counter[Hashable] = Counter()
    for (x, y), count in confusion.items():
        first[x] += count
        second[y] += count
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def coincidences(units: Iterable[Sequence[Hashable]]) -> Coincidences:
    """The coincidence counts of units, each the values its coders gave."""
    counts: Coincidences = Counter()
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, j in itertools.permutations(range(m), 2):
            counts[values[i], values[j], m] += 1
    return counts


def krippendorff_alpha(units: Iterable[Sequence[Hashable]]) -> float | None:
    """Nominal α from units, each the values its coders gave (missing ones left out)."""
    return alpha_from_coincidences(coincidences(units))


def alpha_from_coincidences(counts: Coincidences) -> float | None:
    coincidence: dict[tuple[Hashable, Hashable], Fraction] = {}
    for (c, k, m), count in counts.items():
        coincidence[c, k] = coincidence.get((c, k), Fraction(0)) + Fraction(count, m - 1)
    totals: dict[Hashable, Fraction] = {}
    for (c, _k), weight in coincidence.items():
        totals[c] = totals.get(c, Fraction(0)) + weight
    n = sum(totals.values(), Fraction(0))
    if n <= 1:
        return None
    disagree = sum((w for (c, k), w in coincidence.items() if c != k), Fraction(0))
    expected = sum(
        (totals[c] * totals[k] for c in totals for k in totals if c != k), Fraction(0)
    ) / (n - 1)
    if expected == 0:
        return None
    return float(1 - disagree / expected)
