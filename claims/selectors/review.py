"""Reads for the review desk: the review queue (submitted claims and cue-only attributions
grouped by article, each with its sentence in context) and an annotator's queue. Both are
one query per page plus a fixed number of prefetches, whatever the size of the set."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Substr

from claims.models import (
    AnnotationSet,
    Article,
    ArticleCompletion,
    Assignment,
    Attribution,
    Claim,
    ClaimStatus,
    Membership,
    Origin,
    ReviewComment,
    ReviewDecision,
    Sentence,
)
from claims.selectors.claims import live_attributions_prefetch

REVIEWED_STATUSES = [ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.REJECTED]


@dataclass(frozen=True, slots=True)
class ReviewFilters:
    annotator: str = ""
    kind: str = ""
    status: str = ClaimStatus.SUBMITTED
    source: str = ""
    since: date | None = None
    until: date | None = None


def _reviews() -> Prefetch:
    return Prefetch(
        "reviews",
        queryset=ReviewComment.objects.select_related("author").order_by("-id"),
        to_attr="review_list",
    )


def _with_context[Q_: (QuerySet[Claim], QuerySet[Attribution])](items: Q_) -> Q_:
    """Annotate the sentence(s) around each item's ``anchor_start``/``anchor_end``:
    ``context`` is the article text from the start of the sentence holding the anchor's
    start to the end of the one holding its end."""
    sentences = Sentence.objects.filter(article=OuterRef("article_id"))
    first = sentences.filter(start__lte=OuterRef("anchor_start"), end__gt=OuterRef("anchor_start"))
    last = sentences.filter(start__lt=OuterRef("anchor_end"), end__gte=OuterRef("anchor_end"))
    return items.annotate(
        context_start=Coalesce(
            Subquery(first.order_by("index").values("start")[:1]), F("anchor_start")
        ),
        context_end=Coalesce(Subquery(last.order_by("-index").values("end")[:1]), F("anchor_end")),
    ).annotate(
        context=Substr(
            "article__text",
            F("context_start") + 1,
            Greatest(F("context_end") - F("context_start"), Value(0)),
        ),
        article_title=F("article__title"),
    )


def _text_of(role: str) -> Substr:
    return Substr("article__text", F(f"{role}_start") + 1, F(f"{role}_end") - F(f"{role}_start"))


def _live_source(qs: QuerySet[Any], prefix: str, name: str) -> QuerySet[Any]:
    return qs.filter(
        Q(**{f"{prefix}source__name__icontains": name})
        | Q(**{f"{prefix}source__aliases__name__icontains": name})
    )


def review_claims(*, annotation_set: AnnotationSet, filters: ReviewFilters) -> QuerySet[Claim]:
    """The queue's claims, ordered by article then position, filters applied."""
    claims = Claim.objects.live().filter(article__annotation_set=annotation_set)
    if filters.status:
        claims = claims.filter(status=filters.status)
    else:
        claims = claims.filter(status__in=REVIEWED_STATUSES)
    if filters.annotator:
        claims = claims.filter(created_by__username=filters.annotator)
    live = Attribution.objects.filter(claim=OuterRef("pk"), deleted_at__isnull=True)
    if filters.kind == "none":
        claims = claims.filter(~Exists(live))
    elif filters.kind:
        claims = claims.filter(Exists(live.filter(kind=filters.kind)))
    if filters.source:
        claims = claims.filter(Exists(_live_source(live, "", filters.source)))
    if filters.since:
        claims = claims.filter(updated_at__date__gte=filters.since)
    if filters.until:
        claims = claims.filter(updated_at__date__lte=filters.until)
    return claims.order_by("article_id", "start", "id")


# Annotators' own cue-only work: suggestions, copies and the curated layer are not reviewed.
NOT_REVIEWED_ORIGINS = [Origin.SUGGESTED, Origin.COPIED, Origin.CURATED]


def review_attributions(
    *, annotation_set: AnnotationSet, filters: ReviewFilters
) -> QuerySet[Attribution]:
    """The queue's cue-only attributions (no claim), the same filters applied."""
    qs = (
        Attribution.objects.live()
        .filter(article__annotation_set=annotation_set, claim__isnull=True)
        .exclude(origin__in=NOT_REVIEWED_ORIGINS)
    )
    if filters.status:
        qs = qs.filter(review_status=filters.status)
    else:
        qs = qs.filter(review_status__in=REVIEWED_STATUSES)
    if filters.annotator:
        qs = qs.filter(created_by__username=filters.annotator)
    if filters.kind == "none":
        return qs.none()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.source:
        qs = qs.filter(
            pk__in=_live_source(Attribution.objects.all(), "", filters.source).values("pk")
        )
    if filters.since:
        qs = qs.filter(updated_at__date__gte=filters.since)
    if filters.until:
        qs = qs.filter(updated_at__date__lte=filters.until)
    return qs


def review_entries(*, annotation_set: AnnotationSet, filters: ReviewFilters) -> QuerySet[Any]:
    """The whole queue as one ordered list of ``{"item_type", "pk", ...}`` rows (claims
    ``c``, cue-only attributions ``a``), for the paginator: one UNION, counted and sliced
    in the database."""
    claims = (
        review_claims(annotation_set=annotation_set, filters=filters)
        .order_by()
        .annotate(item_type=Value("c"), position=F("start"))
        .values("item_type", "pk", "article_id", "position")
    )
    attributions = (
        review_attributions(annotation_set=annotation_set, filters=filters)
        .order_by()
        .annotate(item_type=Value("a"), position=Coalesce("cue_start", "source_start", Value(0)))
        .values("item_type", "pk", "article_id", "position")
    )
    return claims.union(attributions, all=True).order_by(
        "article_id", "position", "item_type", "pk"
    )


def review_page_claims(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """What each claim in the queue shows: sentence context, attributions, author, comments."""
    return (
        _with_context(claims.annotate(anchor_start=F("start"), anchor_end=F("end")))
        .select_related("created_by")
        .defer("folded_quote", "prefix", "suffix")
        .prefetch_related(live_attributions_prefetch(), _reviews())
    )


def review_page_attributions(attributions: QuerySet[Attribution]) -> QuerySet[Attribution]:
    """What each cue-only attribution shows: the sentence around its cue (or source), the
    cue and source text, its source record, author and comments."""
    anchored = attributions.annotate(
        anchor_start=Coalesce("cue_start", "source_start", Value(0)),
        anchor_end=Coalesce("cue_end", "source_end", Value(0)),
        cue_text=_text_of("cue"),
        source_text=_text_of("source"),
    )
    return (
        _with_context(anchored).select_related("created_by", "source").prefetch_related(_reviews())
    )


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One queue item: a claim, or a cue-only attribution (``claim`` is then ``None``)."""

    claim: Claim | None
    attribution: Attribution | None
    before: str
    quote: str
    after: str

    @property
    def obj(self) -> Claim | Attribution:
        found = self.claim if self.claim is not None else self.attribution
        assert found is not None
        return found

    @property
    def article_id(self) -> int:
        return self.obj.article_id

    @property
    def dom_id(self) -> str:
        return f"claim-{self.obj.pk}" if self.claim is not None else f"attribution-{self.obj.pk}"

    @property
    def status(self) -> str:
        return self.claim.status if self.claim is not None else self.obj.review_status  # type: ignore[union-attr]

    @property
    def latest_review(self) -> ReviewComment | None:
        reviews = getattr(self.obj, "review_list", [])
        return reviews[0] if reviews else None


def _cut(obj: Any, start: int, end: int, fallback: str) -> tuple[str, str, str]:
    context, offset = obj.context or fallback, obj.context_start
    lo, hi = start - offset, end - offset
    return context[:lo], context[lo:hi], context[hi:]


def review_items(claims: Any, attributions: Any = ()) -> list[ReviewItem]:
    """Cut each item's context into the text before, the claim (or cue) itself, and after.
    Claims come first, then attributions; :func:`review_page_items` keeps queue order."""
    items = [ReviewItem(c, None, *_cut(c, c.start, c.end, c.quote)) for c in claims]
    items += [ReviewItem(None, a, *_cut(a, a.anchor_start, a.anchor_end, "")) for a in attributions]
    return items


def review_page_items(entries: Any) -> list[ReviewItem]:
    """The items of one page of :func:`review_entries`, in its order: two queries and their
    prefetches, whatever the page holds."""
    rows = list(entries)
    claim_ids = [r["pk"] for r in rows if r["item_type"] == "c"]
    attribution_ids = [r["pk"] for r in rows if r["item_type"] == "a"]
    claims = review_page_claims(Claim.objects.filter(pk__in=claim_ids)) if claim_ids else []
    attributions = (
        review_page_attributions(Attribution.objects.filter(pk__in=attribution_ids))
        if attribution_ids
        else []
    )
    by_key = {(("c" if i.claim else "a"), i.obj.pk): i for i in review_items(claims, attributions)}
    return [by_key[r["item_type"], r["pk"]] for r in rows if (r["item_type"], r["pk"]) in by_key]


def set_annotators(*, annotation_set: AnnotationSet) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(annotation_set=annotation_set)
        .select_related("user")
        .order_by("user__username")
    )


def claims_for_review(*, annotation_set: AnnotationSet, claim_ids: list[int]) -> dict[int, Claim]:
    """The set's claims among ``claim_ids`` (deleted ones too: a decision on one is a 409)."""
    found = Claim.objects.filter(
        pk__in=claim_ids, article__annotation_set=annotation_set
    ).select_related("article")
    return {claim.pk: claim for claim in found}


def attributions_for_review(
    *, annotation_set: AnnotationSet, attribution_ids: list[int]
) -> dict[int, Attribution]:
    """The set's attributions among ``attribution_ids`` (deleted ones too)."""
    found = Attribution.objects.filter(
        pk__in=attribution_ids, article__annotation_set=annotation_set
    ).select_related("article")
    return {a.pk: a for a in found}


# --- My queue ---------------------------------------------------------------------------

QUEUE_STATES = ["returned", "in_progress", "assigned", "done"]


def my_queue(*, annotation_set: AnnotationSet, user: Any) -> QuerySet[Article]:
    """Articles assigned to ``user`` or holding their rejected claims, each with a state:
    returned (a reviewer sent a claim back), in progress, assigned (untouched), done."""
    mine = Claim.objects.filter(
        article=OuterRef("pk"), created_by_id=user.pk, deleted_at__isnull=True
    )
    counted = mine.values("article").annotate(n=Count("pk")).values("n")
    returned = mine.filter(status=ClaimStatus.REJECTED)
    returned_cues = Attribution.objects.filter(
        article=OuterRef("pk"),
        created_by_id=user.pk,
        claim__isnull=True,
        review_status=ClaimStatus.REJECTED,
        deleted_at__isnull=True,
    )
    rank = Case(
        When(has_returned=True, then=Value(0)),
        When(is_done=True, then=Value(3)),
        When(my_claims__gt=0, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True)
        .defer("text")
        .annotate(
            is_assigned=Exists(Assignment.objects.filter(article=OuterRef("pk"), user_id=user.pk)),
            has_returned=Exists(returned) | Exists(returned_cues),
            is_done=Exists(
                ArticleCompletion.objects.filter(article=OuterRef("pk"), user_id=user.pk)
            ),
            my_claims=Coalesce(Subquery(counted[:1]), 0),
        )
        .filter(Q(is_assigned=True) | Q(has_returned=True))
        .annotate(rank=rank)
        .order_by("rank", "id")
    )


def queue_page_articles(articles: QuerySet[Article], *, user: Any) -> QuerySet[Article]:
    """The returned claims and cue-only attributions of a page of the queue, with the
    reviewer's comments."""
    rejections = ReviewComment.objects.filter(decision=ReviewDecision.REJECT).select_related(
        "author"
    )
    returned = Claim.objects.filter(
        created_by_id=user.pk, status=ClaimStatus.REJECTED, deleted_at__isnull=True
    ).prefetch_related(Prefetch("reviews", queryset=rejections.order_by("-id"), to_attr="notes"))
    returned_cues = Attribution.objects.filter(
        created_by_id=user.pk,
        claim__isnull=True,
        review_status=ClaimStatus.REJECTED,
        deleted_at__isnull=True,
    ).annotate(cue_text=_text_of("cue"))
    returned_cues = returned_cues.prefetch_related(
        Prefetch("reviews", queryset=rejections.order_by("-id"), to_attr="notes")
    )
    return articles.prefetch_related(
        Prefetch("claims", queryset=returned, to_attr="returned"),
        Prefetch("attributions", queryset=returned_cues, to_attr="returned_cues"),
    )


def queue_progress(articles: QuerySet[Article]) -> dict[str, int]:
    counts = {state: 0 for state in QUEUE_STATES}
    for rank, n in articles.order_by().values_list("rank").annotate(n=Count("pk")):  # type: ignore[misc]
        counts[QUEUE_STATES[rank]] = n
    counts["total"] = sum(counts[state] for state in QUEUE_STATES)
    return counts


def next_unfinished(*, annotation_set: AnnotationSet, user: Any) -> Article | None:
    return my_queue(annotation_set=annotation_set, user=user).exclude(Q(rank=3)).first()


def latest_rejection(*, claim: Claim) -> ReviewComment | None:
    """The comment that sent a rejected claim back, for the claim editor."""
    if claim.status != ClaimStatus.REJECTED:
        return None
    return (
        ReviewComment.objects.filter(claim=claim, decision=ReviewDecision.REJECT)
        .select_related("author")
        .order_by("-id")
        .first()
    )
