"""Reads for a set's dashboard: counts by status, kind and annotator, throughput per day, time
from submission to review. All come from one grouped read of the set's per-article tallies
(``ArticleTally``, kept current by every write, see ``claims.services.tallies``), so the first
render after a write costs the same at 500 claims as at 50,000."""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from claims.models import (
    AnnotationSet,
    ArticleTally,
    AttributionKind,
    ClaimStatus,
    TallyDimension,
)
from claims.selectors.freshness import cached_for_set

STATUSES = [
    ClaimStatus.SUGGESTED,
    ClaimStatus.DRAFT,
    ClaimStatus.SUBMITTED,
    ClaimStatus.APPROVED,
    ClaimStatus.REJECTED,
]


def _days(found: dict[str, int], since: date, days: int) -> list[tuple[date, int]]:
    """Every day of the window, zero where nothing happened."""
    return [
        (since + timedelta(days=i), found.get((since + timedelta(days=i)).isoformat(), 0))
        for i in range(days + 1)
    ]


def dashboard_stats(*, annotation_set: AnnotationSet, days: int = 30) -> dict[str, Any]:
    """The dashboard's figures; computed again only once something in the set changed."""
    return cached_for_set(annotation_set, f"dashboard{days}", lambda: _stats(annotation_set, days))


def _names(keys: list[str]) -> dict[str, str]:
    """Annotator keys (``u:<account id>``, ``i:<imported name>``) to names, as
    ``agreement.annotator_name`` gives them: one read of the accounts."""
    ids = [int(key[2:]) for key in keys if key.startswith("u:")]
    users = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
    return {key: users.get(int(key[2:]), "?") if key.startswith("u:") else key[2:] for key in keys}


def _stats(annotation_set: AnnotationSet, days: int) -> dict[str, Any]:
    since = (timezone.now() - timedelta(days=days)).date()
    per_day = [TallyDimension.CREATED, TallyDimension.REVIEWED]
    # One grouped read of the live articles' tallies (a few dozen rows per article); the
    # day figures only within the window.
    sums = list(
        ArticleTally.objects.filter(
            article__annotation_set=annotation_set, article__deleted_at__isnull=True
        )
        .exclude(dimension__in=per_day, key__lt=since.isoformat())
        .order_by()
        .values_list("dimension", "key", "part")
        .annotate(
            total=Sum("n"),
            articles=Count("id", filter=Q(n__gt=0)),
            seconds=Sum("seconds"),
            longest=Max("longest"),
        )
    )
    figures: dict[str, dict[str, int]] = defaultdict(dict)
    names = _names([key for dimension, key, *_ in sums if dimension == TallyDimension.PERSON])
    people: dict[str, dict[str, Any]] = {}
    delay: dict[str, Any] = {"count": 0, "mean": None, "longest": None}
    for dimension, key, part, n, articles, seconds, longest in sums:
        if dimension == TallyDimension.PERSON:
            # An imported name that is also an account's username is one annotator, as in
            # the agreement figures (an article both marked counts twice in "articles").
            who = names[key]
            person = people.setdefault(
                who, {"who": who, "total": 0, "articles": 0, **dict.fromkeys(STATUSES[1:], 0)}
            )
            if part:
                person[part] = person.get(part, 0) + n
            else:
                person["total"] += n
                person["articles"] += articles
        elif dimension == TallyDimension.DELAY and n:
            delay = {
                "count": n,
                "mean": timedelta(seconds=round(seconds / n)),
                "longest": timedelta(seconds=round(longest)),
            }
        elif dimension != TallyDimension.DELAY:
            figures[dimension][key] = n
    by_status, by_kind = figures[TallyDimension.STATUS], figures[TallyDimension.KIND]
    return {
        "by_status": [(s.value, s.label, by_status.get(s.value, 0)) for s in STATUSES],
        "by_kind": [(k.value, k.label, by_kind.get(k.value, 0)) for k in AttributionKind],
        "annotators": [people[who] for who in sorted(people) if people[who]["total"]],
        "created_per_day": _days(figures[TallyDimension.CREATED], since, days),
        "reviewed_per_day": _days(figures[TallyDimension.REVIEWED], since, days),
        "review_delay": delay,
        "total_claims": sum(by_status.values()),
        "days": days,
        "as_of": timezone.now(),
    }
