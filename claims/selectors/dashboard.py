"""Reads for a set's dashboard: counts by status, kind and annotator, throughput per day, time
from submission to review. Every figure is one aggregate query, whatever the set's size (no
query or Python loop per claim)."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, CharField, Count, F, FloatField, Func, Max, Min, Q
from django.utils import timezone

from claims.models import (
    AnnotationSet,
    Attribution,
    AttributionKind,
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimStatus,
    Origin,
)
from claims.selectors.agreement import BY_PERSON, annotator_name
from claims.selectors.freshness import cached_for_set

STATUSES = [
    ClaimStatus.SUGGESTED,
    ClaimStatus.DRAFT,
    ClaimStatus.SUBMITTED,
    ClaimStatus.APPROVED,
    ClaimStatus.REJECTED,
]
REVIEWED = [ClaimStatus.APPROVED, ClaimStatus.REJECTED]


def _claims(annotation_set: AnnotationSet) -> Any:
    return Claim.objects.filter(
        article__annotation_set=annotation_set,
        article__deleted_at__isnull=True,
        deleted_at__isnull=True,
    )


class Day(Func):
    """The UTC calendar day of a timestamp. Django's ``TruncDate`` on SQLite calls a Python
    function per row (1.6 s over 50,000 claims); SQLite stores UTC text, whose first ten
    characters are the day. PostgreSQL casts (connections run in UTC)."""

    output_field = CharField()
    template = "substr(%(expressions)s, 1, 10)"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)::date::text", **extra)


class SecondsBetween(Func):
    """Seconds from the first timestamp to the second, in native SQL on both databases (the
    generic timestamp difference is a Python function per row on SQLite)."""

    output_field = FloatField()
    arity = 2
    template = "((julianday(%(expressions)s)) * 86400.0)"
    arg_joiner = ") - julianday("

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))",
            arg_joiner=" - ",
            **extra,
        )


def _days(rows: Any, since: Any, days: int) -> list[tuple[Any, int]]:
    """Every day of the window, zero where nothing happened."""
    found = {date.fromisoformat(str(row["day"])): row["n"] for row in rows}
    start = since.date()
    return [
        (start + timedelta(days=i), found.get(start + timedelta(days=i), 0))
        for i in range(days + 1)
    ]


def review_delay(*, annotation_set: AnnotationSet) -> dict[str, Any]:
    """From the first time a claim was submitted to its first review decision, over the
    claims that have both (from the change history), aggregated in the database."""
    per_claim = (
        ChangeRecord.objects.filter(annotation_set=annotation_set, entity="claim")
        .values("object_id")
        .annotate(
            submitted=Min(
                "at",
                filter=Q(after__status=ClaimStatus.SUBMITTED) & ~Q(action=ChangeAction.REVIEW),
            ),
            reviewed=Min("at", filter=Q(action=ChangeAction.REVIEW, after__status__in=REVIEWED)),
        )
        .filter(submitted__isnull=False, reviewed__isnull=False, reviewed__gte=F("submitted"))
        .annotate(delay=SecondsBetween("reviewed", "submitted"))
    )
    figures = per_claim.aggregate(count=Count("object_id"), mean=Avg("delay"), longest=Max("delay"))
    for key in ("mean", "longest"):
        if figures[key] is not None:
            figures[key] = timedelta(seconds=round(figures[key]))
    return figures


def dashboard_stats(*, annotation_set: AnnotationSet, days: int = 30) -> dict[str, Any]:
    """The dashboard's figures; computed again only once something in the set changed."""
    return cached_for_set(annotation_set, f"dashboard{days}", lambda: _stats(annotation_set, days))


def _stats(annotation_set: AnnotationSet, days: int) -> dict[str, Any]:
    claims = _claims(annotation_set)
    since = timezone.now() - timedelta(days=days)
    by_status = dict(claims.order_by().values_list("status").annotate(n=Count("id")))
    by_kind = dict(
        Attribution.objects.filter(
            article__annotation_set=annotation_set,
            article__deleted_at__isnull=True,
            deleted_at__isnull=True,
        )
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    annotators = list(
        claims.exclude(origin=Origin.CURATED)
        .filter(BY_PERSON)
        .annotate(who=annotator_name())
        .order_by("who")
        .values("who")
        .annotate(
            total=Count("id"),
            **{status: Count("id", filter=Q(status=status)) for status in STATUSES[1:]},
            articles=Count("article_id", distinct=True),
        )
    )
    created = (
        claims.filter(created_at__gte=since)
        .annotate(day=Day("created_at"))
        .order_by("day")
        .values("day")
        .annotate(n=Count("id"))
    )
    reviewed = (
        ChangeRecord.objects.filter(
            annotation_set=annotation_set, entity="claim", action=ChangeAction.REVIEW, at__gte=since
        )
        .annotate(day=Day("at"))
        .order_by("day")
        .values("day")
        .annotate(n=Count("id"))
    )
    return {
        "by_status": [(s.value, s.label, by_status.get(s.value, 0)) for s in STATUSES],
        "by_kind": [(k.value, k.label, by_kind.get(k.value, 0)) for k in AttributionKind],
        "annotators": annotators,
        "created_per_day": _days(created, since, days),
        "reviewed_per_day": _days(reviewed, since, days),
        "review_delay": review_delay(annotation_set=annotation_set),
        "total_claims": sum(by_status.values()),
        "days": days,
    }
