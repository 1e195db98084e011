"""Inter-annotator agreement on attribution annotation (pure Python, no Django).

What an annotator marked in one article is a :class:`Work`: the content spans of their claims,
and their attributions (content, source and cue spans, kind, source identity). A span is a
tuple of ``(start, end)`` parts (one part unless discontinuous), in code points.

Figures for a pair of annotators, over the articles both marked:

* **span F1** per role (content, source, cue), micro-averaged over the articles. Each
  annotator's spans of a role are taken once (PolNeAR shares one Source span between events).
  *exact*: equal parts; *overlap*: spans matched one-to-one when they share at least one
  character, the largest overlaps first. ``F1 = 2·matched / (n_a + n_b)``, which is symmetric.
* **matched attributions**: one-to-one, greedily by ``overlap(cue) + overlap(content)``
  (ties: the earlier attribution of each annotator in span order), pairs scoring zero never
  match. On them: **Cohen's κ** and **Krippendorff's α** (nominal) on the kind, and
  **source identity** (the share whose sources are the same: the same source record, or the
  same folded source text where there is no record; both without a source agree).

Set level: **α on kind** over units made by joining every pair's matched attributions in an
article (connected components); each annotator gives the kind of their (first) attribution in
a unit; units one annotator only marked do not count. Set-level span F1s are the means over
pairs. An undefined figure (nothing to compare, one category only) is ``None``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from .agreement_coefficients import (
    Coincidences,
    Confusion,
    alpha_from_coincidences,
    coincidences,
    kappa_from_confusion,
)

Part = tuple[int, int]
Span = tuple[Part, ...]
ROLES = ("content", "source", "cue")


@dataclass(frozen=True, slots=True)
class Item:
    """One attribution as agreement sees it; spans are ``()`` where absent."""

    content: Span = ()
    source: Span = ()
    cue: Span = ()
    kind: str | None = None
    source_key: Hashable | None = None
    # What the caller needs to find the item again (e.g. its database id); never compared.
    ref: Any = field(default=None, compare=False)


@dataclass(slots=True)
class Work:
    """One annotator's marks in one article."""

    claims: list[Span] = field(default_factory=list)
    attributions: list[Item] = field(default_factory=list)

    def spans(self, role: str) -> list[Span]:
        if role == "content":
            found = list(self.claims) + [a.content for a in self.attributions]
        else:
            found = [getattr(a, role) for a in self.attributions]
        return sorted({s for s in found if s})


def overlap(a: Span, b: Span) -> int:
    """Characters two spans share."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def exact_matches(a: Sequence[Span], b: Sequence[Span]) -> int:
    return len(set(a) & set(b))


def overlap_matches(a: Sequence[Span], b: Sequence[Span]) -> int:
    """One-to-one matches between spans that share a character, largest overlaps first."""
    return len(_greedy([(overlap(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b)]))


def _greedy(scored: Iterable[tuple[int, int, int]]) -> list[tuple[int, int]]:
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for score, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if score <= 0:
            break
        if i in taken_a or j in taken_b:
            continue
        taken_a.add(i)
        taken_b.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def _order(items: Sequence[Item]) -> list[Item]:
    return sorted(items, key=lambda x: (x.cue or x.content, x.content, x.source))


def match_attributions(a: Sequence[Item], b: Sequence[Item]) -> list[tuple[int, int]]:
    """Index pairs into ``a`` and ``b`` (as given) of attributions that match."""
    return _greedy(
        (overlap(x.cue, y.cue) + overlap(x.content, y.content), i, j)
        for i, x in enumerate(a)
        for j, y in enumerate(b)
    )


def f1(matched: int, n_a: int, n_b: int) -> float | None:
    return None if n_a + n_b == 0 else 2 * matched / (n_a + n_b)


@dataclass(slots=True)
class PairFigures:
    a: str
    b: str
    articles: int = 0
    # role -> [exact matches, overlap matches, n_a, n_b]
    counts: dict[str, list[int]] = field(default_factory=lambda: {r: [0, 0, 0, 0] for r in ROLES})
    kinds: Confusion = field(default_factory=Counter)
    same_source: int = 0

    def add(self, work_a: Work, work_b: Work) -> list[tuple[int, int]]:
        """Count one shared article; returns the matched attribution pairs (sorted items)."""
        self.articles += 1
        for role in ROLES:
            spans_a, spans_b = work_a.spans(role), work_b.spans(role)
            tally = self.counts[role]
            tally[0] += exact_matches(spans_a, spans_b)
            tally[1] += overlap_matches(spans_a, spans_b)
            tally[2] += len(spans_a)
            tally[3] += len(spans_b)
        items_a, items_b = _order(work_a.attributions), _order(work_b.attributions)
        pairs = match_attributions(items_a, items_b)
        for i, j in pairs:
            x, y = items_a[i], items_b[j]
            self.kinds[x.kind, y.kind] += 1
            self.same_source += x.source_key == y.source_key
        return pairs

    def merge(self, other: PairFigures) -> None:
        self.articles += other.articles
        for role in ROLES:
            for k in range(4):
                self.counts[role][k] += other.counts[role][k]
        self.kinds.update(other.kinds)
        self.same_source += other.same_source

    def as_dict(self) -> dict[str, Any]:
        figures: dict[str, Any] = {"a": self.a, "b": self.b, "articles": self.articles}
        for role in ROLES:
            exact, over, n_a, n_b = self.counts[role]
            figures[f"{role}_f1_exact"] = _round(f1(exact, n_a, n_b))
            figures[f"{role}_f1_overlap"] = _round(f1(over, n_a, n_b))
            figures[f"{role}_spans"] = [n_a, n_b]
        matched = sum(self.kinds.values())
        # Each matched pair is a unit of two coders.
        pair_units: Coincidences = Counter()
        for (x, y), count in self.kinds.items():
            pair_units[x, y, 2] += count
            pair_units[y, x, 2] += count
        figures["matched_attributions"] = matched
        figures["kappa_kind"] = _round(kappa_from_confusion(self.kinds))
        figures["alpha_kind"] = _round(alpha_from_coincidences(pair_units))
        figures["source_identity"] = _round(self.same_source / matched if matched else None)
        return figures

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "articles": self.articles,
            "counts": self.counts,
            "kinds": [[x, y, n] for (x, y), n in self.kinds.items()],
            "same_source": self.same_source,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PairFigures:
        kinds: Confusion = Counter({(x, y): n for x, y, n in data["kinds"]})
        counts = {role: list(data["counts"][role]) for role in ROLES}
        return cls(data["a"], data["b"], data["articles"], counts, kinds, data["same_source"])


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


class _Components:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: Any, y: Any) -> None:
        self.parent[self.find(x)] = self.find(y)


def unit_groups(
    works: Mapping[str, Sequence[Item]],
    matches: Mapping[tuple[str, str], list[tuple[int, int]]] | None = None,
) -> list[dict[str, list[Item]]]:
    """Units of one article: attributions matched between any two annotators joined into
    connected components; each unit lists every annotator's items in it (in span order).
    ``matches`` (index pairs into each annotator's items in span order) are computed when not
    given. Units come in text order."""
    ordered = {name: _order(items) for name, items in works.items()}
    if matches is None:
        matches = {
            (a, b): match_attributions(ordered[a], ordered[b])
            for a, b in itertools.combinations(sorted(ordered), 2)
        }
    components = _Components()
    for name, items in ordered.items():
        for i in range(len(items)):
            components.find((name, i))
    for (a, b), pairs in matches.items():
        for i, j in pairs:
            components.union((a, i), (b, j))
    groups: dict[Any, dict[str, list[Item]]] = {}
    for name in sorted(ordered):
        for i, item in enumerate(ordered[name]):
            groups.setdefault(components.find((name, i)), {}).setdefault(name, []).append(item)

    def first(group: dict[str, list[Item]]) -> tuple[Any, ...]:
        return min((x.cue or x.content, x.content) for items in group.values() for x in items)

    return sorted(groups.values(), key=first)


def article_units(
    works: Mapping[str, Work], matches: Mapping[tuple[str, str], list[tuple[int, int]]]
) -> list[dict[str, Item]]:
    """Units of one article for agreement: per annotator the first (in span order) of their
    attributions in the unit."""
    groups = unit_groups({name: work.attributions for name, work in works.items()}, matches)
    return [{name: items[0] for name, items in group.items()} for group in groups]


@dataclass(slots=True)
class ArticlePart:
    """One shared article's share of the set's agreement: its drill-down entry, its pairs'
    counts and its units' coincidences. All additive, so a set's report is the sum of its
    articles' parts, and a part stored per article need be computed again only when that
    article changes."""

    entry: dict[str, Any]
    pairs: list[PairFigures]
    coincidence: Coincidences

    def to_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "pairs": [p.to_json() for p in self.pairs],
            "coincidence": [[c, k, m, n] for (c, k, m), n in self.coincidence.items()],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticlePart:
        return cls(
            data["entry"],
            [PairFigures.from_json(p) for p in data["pairs"]],
            Counter({(c, k, m): n for c, k, m, n in data["coincidence"]}),
        )


def article_part(article: Any, per: Mapping[str, Work]) -> ArticlePart | None:
    """What one article adds to the agreement; ``None`` unless two or more marked it."""
    if len(per) < 2:
        return None
    here = sorted(per)
    matches: dict[tuple[str, str], list[tuple[int, int]]] = {}
    pairs: list[PairFigures] = []
    for a, b in itertools.combinations(here, 2):
        single = PairFigures(a, b)
        matches[a, b] = single.add(per[a], per[b])
        pairs.append(single)
    units = article_units(per, matches)
    counts = coincidences([[i.kind for i in unit.values()] for unit in units])
    pooled = [f for p in pairs if (f := p.as_dict()["content_f1_overlap"]) is not None]
    entry = {
        "article": article,
        "annotators": here,
        "units": len(units),
        "alpha_kind": _round(alpha_from_coincidences(counts)),
        "content_f1_overlap": _round(fmean(pooled)) if pooled else None,
    }
    return ArticlePart(entry, pairs, counts)


@dataclass(slots=True)
class Report:
    annotators: list[str]
    pairs: list[PairFigures]
    articles: list[dict[str, Any]]
    coincidence: Coincidences

    def as_dict(self) -> dict[str, Any]:
        pairs = [p.as_dict() for p in self.pairs]
        report: dict[str, Any] = {
            "annotators": self.annotators,
            "shared_articles": len(self.articles),
            "pairs": pairs,
            "alpha_kind": _round(alpha_from_coincidences(self.coincidence)),
        }
        for role in ROLES:
            for mode in ("exact", "overlap"):
                key = f"{role}_f1_{mode}"
                values = [p[key] for p in pairs if p[key] is not None]
                report[key] = _round(fmean(values)) if values else None
        kappas = [p["kappa_kind"] for p in pairs if p["kappa_kind"] is not None]
        report["kappa_kind_mean"] = _round(fmean(kappas)) if kappas else None
        report["articles"] = [dict(entry) for entry in self.articles]
        return report


def combine(parts: Iterable[ArticlePart]) -> Report:
    """The set's report from its shared articles' parts (in the drill-down's order)."""
    parts = list(parts)
    names = sorted({n for part in parts for n in part.entry["annotators"]})
    pairs = {(a, b): PairFigures(a, b) for a, b in itertools.combinations(names, 2)}
    total: Coincidences = Counter()
    for part in parts:
        for single in part.pairs:
            pairs[single.a, single.b].merge(single)
        total.update(part.coincidence)
    return Report(names, [p for p in pairs.values() if p.articles], [p.entry for p in parts], total)


def agreement(works: Mapping[Any, Mapping[str, Work]]) -> Report:
    """Agreement over articles (``{article: {annotator: Work}}``); articles one annotator
    marked only are left out."""
    parts = (article_part(article, per) for article, per in works.items())
    return combine(part for part in parts if part is not None)
