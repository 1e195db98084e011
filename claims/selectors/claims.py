"""Reads for the annotation workspace: the article's claims with their attributions, the
runs of text they cover, the claims panel, and cross-article search for links.

Every function here runs a fixed number of queries whatever the number of claims: the
annotate page for an article with 500 claims costs what it costs with 5.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
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
from claims.nlp.layout import Mark, Piece
from claims.nlp.normalize import fold
from claims.permissions import visible_sets
from claims.selectors.layout import article_pieces
from claims.selectors.suggestion_threshold import below_threshold_q

KIND_CODES = AttributionKind.values


def live_attributions_prefetch() -> Prefetch:
    """Live attributions with their sources, in id order, as ``live_attributions``."""
    return Prefetch(
        "attributions",
        queryset=Attribution.objects.filter(deleted_at__isnull=True)
        .select_related("source")
        .order_by("id"),
        to_attr="live_attributions",
    )


@dataclass(slots=True)
class ClaimView:
    """A claim as the page draws it (read-only): kind, hover text and sources worked out
    once. Plain values rather than model instances keep 500 claims cheap."""

    pk: int
    start: int
    end: int
    quote: str
    status: str
    kind: str = "none"
    summary: str = ""
    sources: str = ""
    # The summary escaped once for the hover of every run the claim covers.
    summary_html: str = ""
    # The lowest confidence of its live attributions (machine suggestions carry one).
    confidence: float | None = None

    @property
    def suggested(self) -> bool:
        return self.status == "suggested"

    @property
    def short_quote(self) -> str:
        return self.quote if len(self.quote) <= 120 else self.quote[:119] + "…"

    @property
    def kind_label(self) -> str:
        return "No attribution" if self.kind == "none" else AttributionKind(self.kind).label

    @property
    def status_label(self) -> str:
        return ClaimStatus(self.status).label


def _summary(attributions: Sequence[tuple[str, str | None]], status: str) -> str:
    parts = [
        f"{AttributionKind(kind).label}: {name}" if name else AttributionKind(kind).label
        for kind, name in attributions
    ]
    who = "; ".join(parts) or "No attribution yet"
    return f"{who} ({ClaimStatus(status).label.lower()})"


def annotate_claims(*, article: Article) -> list[ClaimView]:
    """Live claims of an article in reading order with their live attributions, in two
    queries; only the columns the page draws are loaded (500 claims render like 5)."""
    claims = (
        Claim.objects.filter(article=article, deleted_at__isnull=True)
        .order_by("start", "end", "id")
        .values_list("id", "start", "end", "quote", "status")
    )
    by_claim: dict[int, list[tuple[str, str | None]]] = {}
    rows = (
        Attribution.objects.filter(
            article=article, deleted_at__isnull=True, claim__deleted_at__isnull=True
        )
        .order_by("id")
        .values_list("claim_id", "kind", "source__name", "confidence")
    )
    confidences: dict[int, float] = {}
    for claim_id, kind, source_name, confidence in rows:
        by_claim.setdefault(claim_id, []).append((kind, source_name))
        if confidence is not None:
            confidences[claim_id] = min(confidence, confidences.get(claim_id, confidence))
    views = []
    for pk, start, end, quote, status in claims:
        attributions = by_claim.get(pk, [])
        views.append(
            ClaimView(
                pk=pk,
                start=start,
                end=end,
                quote=quote,
                status=status,
                kind=attributions[0][0] if attributions else "none",
                summary=(summary := _summary(attributions, status)),
                summary_html=escape(summary),
                sources=", ".join(name for _, name in attributions if name),
                confidence=confidences.get(pk),
            )
        )
    return views


def claim_for_editing(*, claim_id: int) -> Claim:
    """One claim (live or soft-deleted) with its article, set and live attributions."""
    return get_object_or_404(
        Claim.objects.select_related("article__annotation_set", "created_by").prefetch_related(
            live_attributions_prefetch()
        ),
        pk=claim_id,
        article__deleted_at__isnull=True,
    )


def annotate_text(*, article: Article, claims: Iterable[ClaimView]) -> list[Piece]:
    """Sentences and gaps cut into runs; claim marks carry their ``ClaimView`` as payload
    (rendered by the ``annotated_text`` template tag)."""
    marks = [Mark(c.start, c.end, "claim", c) for c in claims]
    return article_pieces(article=article, extra_marks=marks)


@dataclass(slots=True)
class PanelCounts:
    total: int
    kinds: dict[str, int]
    statuses: dict[str, int]


def panel_counts(claims: Sequence[ClaimView]) -> PanelCounts:
    return PanelCounts(
        total=len(claims),
        kinds={k: sum(1 for c in claims if c.kind == k) for k in [*KIND_CODES, "none"]},
        statuses={s: sum(1 for c in claims if c.status == s) for s in ClaimStatus.values},
    )


def filter_claims(
    claims: Sequence[ClaimView], *, kind: str = "", status: str = ""
) -> list[ClaimView]:
    """The claims panel filter, applied to the already-fetched list (no extra query)."""
    return [
        c for c in claims if (not kind or c.kind == kind) and (not status or c.status == status)
    ]


def article_done_by(*, article: Article, user: Any) -> bool:
    return ArticleCompletion.objects.filter(article=article, user_id=user.pk).exists()


def claim_links(*, claim: Claim, user: Any) -> list[ClaimLink]:
    """Live links from and to a claim, with the other claim and its article. Only links
    whose both ends are in sets ``user`` may see: a link into another set never shows that
    set's quote or title to someone outside it."""
    visible = visible_sets(user)
    return list(
        ClaimLink.objects.live()
        .filter(Q(from_claim=claim) | Q(to_claim=claim))
        .filter(
            from_claim__article__annotation_set__in=visible,
            to_claim__article__annotation_set__in=visible,
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
    # Corroboration suggestions (another issue) are meant to come first once they exist;
    # until then candidates are text matches in article order.
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
    """The sentence's pending suggestions the workspace shows (not those hidden below the
    set's threshold: "accept all" must not accept what nobody saw)."""
    sentence = get_object_or_404(Sentence, article=article, index=index)
    return list(
        Claim.objects.filter(
            article=article,
            deleted_at__isnull=True,
            status=ClaimStatus.SUGGESTED,
            start__gte=sentence.start,
            start__lt=sentence.end,
        )
        .exclude(below_threshold_q())
        .order_by("start")
    )
