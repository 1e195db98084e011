"""Reads for the annotation workspace: the article's claims with their attributions, the
runs of text they cover, the claims panel, and cross-article search for links.

Every function here runs a fixed number of queries whatever the number of claims: the
annotate page for an article with 500 claims costs what it costs with 5.
"""

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from claims.models import (
    Article,
    ArticleCompletion,
    Attribution,
    AttributionKind,
    Claim,
    ClaimLink,
    ClaimStatus,
    Sentence,
)
from claims.nlp.layout import Mark
from claims.nlp.normalize import fold
from claims.permissions import visible_sets
from claims.selectors.layout import article_pieces

FLAG_TITLES = {
    "run_together": "Run-together words",
    "lookalike": "Look-alike letters from another script",
    "boilerplate": "Boilerplate",
}


KIND_CODES = AttributionKind.values


def _live_attributions() -> Prefetch:
    return Prefetch(
        "attributions",
        queryset=Attribution.objects.filter(deleted_at__isnull=True)
        .select_related("source")
        .order_by("id"),
        to_attr="live_attributions",
    )


def annotate_claims(*, article: Article) -> list[Claim]:
    """Live claims of an article in reading order, each with ``live_attributions``."""
    return list(
        Claim.objects.filter(article=article, deleted_at__isnull=True)
        .select_related("created_by")
        .prefetch_related(_live_attributions())
        .order_by("start", "end", "id")
    )


def claim_for_editing(*, claim_id: int) -> Claim:
    """One claim (live or soft-deleted) with its article, set and live attributions."""
    return get_object_or_404(
        Claim.objects.select_related("article__annotation_set", "created_by").prefetch_related(
            _live_attributions()
        ),
        pk=claim_id,
        article__deleted_at__isnull=True,
    )


def claim_kind(claim: Claim) -> str:
    """The kind a claim is drawn with: its first live attribution's, or ``none``."""
    attributions = getattr(claim, "live_attributions", [])
    return attributions[0].kind if attributions else "none"


def claim_summary(claim: Claim) -> str:
    """One line saying who the claim is attributed to and how, for hovers and lists."""
    parts = []
    for a in getattr(claim, "live_attributions", []):
        label = AttributionKind(a.kind).label
        parts.append(f"{label}: {a.source.name}" if a.source else label)
    who = "; ".join(parts) or "No attribution yet"
    return f"{who} ({ClaimStatus(claim.status).label.lower()})"


@dataclass(slots=True)
class RunView:
    start: int
    end: int
    text: str
    css: str = ""
    claim_ids: str = ""
    title: str = ""


@dataclass(slots=True)
class SentenceView:
    index: int | None
    start: int
    end: int
    runs: list[RunView] = field(default_factory=list)
    suggested: int = 0

    @property
    def is_sentence(self) -> bool:
        return self.index is not None


def _run_view(start: int, end: int, text: str, marks: Sequence[Mark]) -> RunView:
    classes: list[str] = []
    titles: list[str] = []
    claims = sorted(
        (m for m in marks if m.kind == "claim"), key=lambda m: (m.end - m.start, m.start)
    )
    for mark in marks:
        if mark.kind != "claim":
            classes.append(f"mark-{mark.kind}")
            titles.append(FLAG_TITLES.get(mark.kind, mark.kind))
    if claims:
        inner = claims[0].payload
        classes += ["claim", f"k-{claim_kind(inner)}", f"depth-{min(len(claims), 3)}"]
        if any(m.payload.status == ClaimStatus.SUGGESTED for m in claims):
            classes.append("st-suggested")
        if start == inner.start:
            classes.append("claim-start")
        titles += [claim_summary(m.payload) for m in claims]
    return RunView(
        start=start,
        end=end,
        text=text,
        css=" ".join(classes),
        claim_ids=" ".join(str(m.payload.pk) for m in claims),
        title="\n".join(titles),
    )


def annotate_text(*, article: Article, claims: Iterable[Claim]) -> list[SentenceView]:
    """Sentences and gaps, each cut into runs carrying classes and hovers for the marks on
    them. Innermost (shortest) claims come first in ``claim_ids``: a click edits that one."""
    claims = list(claims)
    marks = [Mark(c.start, c.end, "claim", c) for c in claims]
    suggested = sorted(c.start for c in claims if c.status == ClaimStatus.SUGGESTED)
    views = []
    for piece in article_pieces(article=article, extra_marks=marks):
        view = SentenceView(piece.index, piece.start, piece.end)
        view.runs = [_run_view(r.start, r.end, r.text, r.marks) for r in piece.runs]
        if piece.is_sentence:
            view.suggested = bisect_left(suggested, piece.end) - bisect_left(suggested, piece.start)
        views.append(view)
    return views


@dataclass(slots=True)
class PanelCounts:
    total: int
    kinds: dict[str, int]
    statuses: dict[str, int]


def panel_counts(claims: Sequence[Claim]) -> PanelCounts:
    return PanelCounts(
        total=len(claims),
        kinds={k: sum(1 for c in claims if claim_kind(c) == k) for k in [*KIND_CODES, "none"]},
        statuses={s: sum(1 for c in claims if c.status == s) for s in ClaimStatus.values},
    )


@dataclass(slots=True)
class ClaimRow:
    """A claims-panel line: the claim, the kind it is drawn with, and who says it."""

    claim: Claim
    kind: str
    summary: str
    sources: str


def claim_rows(claims: Iterable[Claim]) -> list[ClaimRow]:
    return [
        ClaimRow(
            claim=c,
            kind=claim_kind(c),
            summary=claim_summary(c),
            sources=", ".join(
                a.source.name for a in getattr(c, "live_attributions", []) if a.source
            ),
        )
        for c in claims
    ]


def filter_claims(claims: Sequence[Claim], *, kind: str = "", status: str = "") -> list[Claim]:
    """The claims panel filter, applied to the already-fetched list (no extra query)."""
    return [
        c
        for c in claims
        if (not kind or claim_kind(c) == kind) and (not status or c.status == status)
    ]


def article_done_by(*, article: Article, user: Any) -> bool:
    return ArticleCompletion.objects.filter(article=article, user_id=user.pk).exists()


def claim_links(*, claim: Claim) -> list[ClaimLink]:
    """Live links from and to a claim, with the other claim and its article."""
    return list(
        ClaimLink.objects.filter(
            Q(from_claim=claim) | Q(to_claim=claim),
            deleted_at__isnull=True,
            from_claim__deleted_at__isnull=True,
            to_claim__deleted_at__isnull=True,
        )
        .select_related("from_claim__article", "to_claim__article")
        .order_by("id")
    )


def _linkable_articles(*, user: Any, exclude: Article) -> QuerySet[Article]:
    return Article.objects.filter(
        annotation_set__in=visible_sets(user), deleted_at__isnull=True
    ).exclude(pk=exclude.pk)


@dataclass(frozen=True, slots=True)
class SentenceHit:
    pk: int
    text: str
    article: Article


def link_candidates(
    *, claim: Claim, user: Any, query: str, limit: int = 8
) -> tuple[list[Claim], list[SentenceHit]]:
    """Claims and sentences in other articles the user may see whose folded text contains the
    folded query, so a copy typed with look-alike letters still matches."""
    folded = " ".join(fold(query).text.split())
    if len(folded) < 2:
        return [], []
    articles = _linkable_articles(user=user, exclude=claim.article)
    claims = list(
        Claim.objects.filter(
            article__in=articles, deleted_at__isnull=True, folded_quote__contains=folded
        )
        .exclude(status=ClaimStatus.REJECTED)
        .select_related("article")
        .order_by("article_id", "start")[:limit]
    )
    sentences = [
        SentenceHit(s.pk, s.article.text[s.start : s.end], s.article)
        for s in Sentence.objects.filter(article__in=articles, folded_text__contains=folded)
        .select_related("article")
        .order_by("article_id", "index")[:limit]
    ]
    return claims, sentences


def linkable_claim(*, claim_id: int, user: Any) -> Claim:
    return get_object_or_404(
        Claim.objects.select_related("article__annotation_set"),
        pk=claim_id,
        deleted_at__isnull=True,
        article__deleted_at__isnull=True,
        article__annotation_set__in=visible_sets(user),
    )


def linkable_sentence(*, sentence_id: int, user: Any) -> Sentence:
    return get_object_or_404(
        Sentence.objects.select_related("article__annotation_set"),
        pk=sentence_id,
        article__deleted_at__isnull=True,
        article__annotation_set__in=visible_sets(user),
    )


def sentence_suggestions(*, article: Article, index: int) -> list[Claim]:
    sentence = get_object_or_404(Sentence, article=article, index=index)
    return list(
        Claim.objects.filter(
            article=article,
            deleted_at__isnull=True,
            status=ClaimStatus.SUGGESTED,
            start__gte=sentence.start,
            start__lt=sentence.end,
        ).order_by("start")
    )
