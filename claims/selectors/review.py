"""Reads for the review desk: the review queue (submitted claims grouped by article, each
with its sentence in context) and an annotator's queue. Both are one query per page plus a
fixed number of prefetches, whatever the size of the set."""

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
from django.db.models.functions import Coalesce, Substr

from claims.models import (
    AnnotationSet,
    Article,
    ArticleCompletion,
    Assignment,
    Attribution,
    Claim,
    ClaimStatus,
    Membership,
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


def _with_context(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate the sentence(s) around each claim: ``context`` is the article text from the
    start of the sentence holding the claim's start to the end of the one holding its end."""
    sentences = Sentence.objects.filter(article=OuterRef("article_id"))
    first = sentences.filter(start__lte=OuterRef("start"), end__gt=OuterRef("start"))
    last = sentences.filter(start__lt=OuterRef("end"), end__gte=OuterRef("end"))
    return claims.annotate(
        context_start=Coalesce(Subquery(first.order_by("index").values("start")[:1]), F("start")),
        context_end=Coalesce(Subquery(last.order_by("-index").values("end")[:1]), F("end")),
    ).annotate(
        context=Substr(
            "article__text", F("context_start") + 1, F("context_end") - F("context_start")
        ),
        article_title=F("article__title"),
    )


def review_claims(*, annotation_set: AnnotationSet, filters: ReviewFilters) -> QuerySet[Claim]:
    """The review queue, ordered by article then position, filters applied."""
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
        claims = claims.filter(
            Exists(live.filter(source__name__icontains=filters.source))
            | Exists(live.filter(source__aliases__name__icontains=filters.source))
        )
    if filters.since:
        claims = claims.filter(updated_at__date__gte=filters.since)
    if filters.until:
        claims = claims.filter(updated_at__date__lte=filters.until)
    return claims.order_by("article_id", "start", "id")


def review_page_claims(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """What each queue item shows: sentence context, attributions, author, comments."""
    return (
        _with_context(claims)
        .select_related("created_by")
        .defer("folded_quote", "prefix", "suffix")
        .prefetch_related(live_attributions_prefetch(), _reviews())
    )


@dataclass(frozen=True, slots=True)
class ReviewItem:
    claim: Claim
    before: str
    quote: str
    after: str

    @property
    def latest_review(self) -> ReviewComment | None:
        reviews = getattr(self.claim, "review_list", [])
        return reviews[0] if reviews else None


def review_items(claims: Any) -> list[ReviewItem]:
    """Cut each claim's context into the text before, the claim itself, and after."""
    items = []
    for claim in claims:
        context, offset = claim.context or claim.quote, claim.context_start
        lo, hi = claim.start - offset, claim.end - offset
        items.append(
            ReviewItem(claim=claim, before=context[:lo], quote=context[lo:hi], after=context[hi:])
        )
    return items


def set_annotators(*, annotation_set: AnnotationSet) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(annotation_set=annotation_set)
        .select_related("user")
        .order_by("user__username")
    )


def claims_for_review(*, annotation_set: AnnotationSet, claim_ids: list[int]) -> dict[int, Claim]:
    found = (
        Claim.objects.live()
        .filter(pk__in=claim_ids, article__annotation_set=annotation_set)
        .select_related("article")
    )
    return {claim.pk: claim for claim in found}


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
            has_returned=Exists(returned),
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
    """The returned claims of a page of the queue, with the reviewer's comments."""
    rejections = ReviewComment.objects.filter(decision=ReviewDecision.REJECT).select_related(
        "author"
    )
    returned = Claim.objects.filter(
        created_by_id=user.pk, status=ClaimStatus.REJECTED, deleted_at__isnull=True
    ).prefetch_related(Prefetch("reviews", queryset=rejections.order_by("-id"), to_attr="notes"))
    return articles.prefetch_related(Prefetch("claims", queryset=returned, to_attr="returned"))


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
