"""Keeping ``ArticleTally`` (the dashboard's per-article counts) current.

Every write that can change a dashboard figure recomputes the tallies of the articles it
touched, inside its own transaction: the action layer (``actions.write_records``), the
history helper, import history (``interchange.common.history_create``) and suggestion copies
all call :func:`tallies_note` or :func:`tallies_refresh`. Recomputing an article (about a
hundred claims) rather than adding deltas keeps every figure exact, the minimum and maximum
of the submit-to-review delay included, and a missed write heals on the article's next one.
``manage.py rebuild_tallies`` recomputes from scratch.

Article deletion and restoration write nothing here: the dashboard sums only live articles'
rows. A renamed account keeps its old name in tallies until its next write there (or a
rebuild): names are resolved when counted, as imported annotator names are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, F, Min, Q, When

from claims import models as m
from claims.db_functions import Day, SecondsBetween
from claims.selectors.agreement import BY_PERSON, annotator_name

CHUNK = 400
# Fields whose change can move a figure; an edit of anything else (span, quote, source)
# leaves the tallies as they are.
WATCHED = {
    "claim": ("status", "deleted_at", "origin", "created_by_id", "imported_annotator"),
    "attribution": ("kind", "deleted_at"),
}
REVIEWED = [m.ClaimStatus.APPROVED, m.ClaimStatus.REJECTED]
D = m.TallyDimension


@dataclass(frozen=True)
class Tables:
    """The models read and written; a data migration passes its historical ones."""

    Article: Any = m.Article
    Attribution: Any = m.Attribution
    ChangeRecord: Any = m.ChangeRecord
    Claim: Any = m.Claim
    ArticleTally: Any = m.ArticleTally


def touched_article(record: m.ChangeRecord) -> int | None:
    """The article whose figures ``record`` may move, if any."""
    fields = WATCHED.get(record.entity)
    if fields is None:
        return None
    before, after = record.before or {}, record.after or {}
    article_id = after.get("article_id", before.get("article_id"))
    moved = (
        record.action == m.ChangeAction.REVIEW
        or not before
        or not after
        or any(before.get(f) != after.get(f) for f in fields)
    )
    return article_id if moved else None


def tallies_note(records: Iterable[m.ChangeRecord]) -> None:
    """Refresh the articles that just-written change records moved."""
    articles = {a for a in map(touched_article, records) if a is not None}
    if articles:
        tallies_refresh(article_ids=articles)


def tallies_refresh(*, article_ids: Iterable[int], tables: Tables = Tables()) -> None:
    """Recompute the tallies of these articles from their claims, attributions and claim
    history. Locks the articles first, so two writers in one article count one after the
    other (each sees the other's committed rows) and the last to write is right."""
    ids = sorted({int(pk) for pk in article_ids})
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            list(tables.Article.objects.select_for_update().filter(pk__in=chunk).values("pk"))
            rows = [*_claim_rows(tables, chunk), *_kind_rows(tables, chunk)]
            rows += _history_rows(tables, chunk)
            tables.ArticleTally.objects.filter(article_id__in=chunk).delete()
            tables.ArticleTally.objects.bulk_create(
                [tables.ArticleTally(**row) for row in rows], batch_size=500
            )


def tallies_rebuild(
    *, annotation_set: m.AnnotationSet | None = None, tables: Tables = Tables()
) -> int:
    """Recompute every article's tallies (of one set, or all); returns the article count."""
    articles = tables.Article.objects.all()
    if annotation_set is not None:
        articles = articles.filter(annotation_set_id=annotation_set.pk)
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    tallies_refresh(article_ids=ids, tables=tables)
    return len(ids)


def _claim_rows(tables: Tables, chunk: Sequence[int]) -> list[dict[str, Any]]:
    """Status, annotator and creation-day counts from one grouped read of live claims."""
    person = When(BY_PERSON & ~Q(origin=m.Origin.CURATED), then=annotator_name())
    groups = (
        tables.Claim.objects.filter(article_id__in=chunk, deleted_at__isnull=True)
        .annotate(who=Case(person, default=None), day=Day("created_at"))
        .order_by()
        .values_list("article_id", "status", "who", "day")
        .annotate(n=Count("id"))
    )
    counts: dict[tuple[int, str, str, str], int] = defaultdict(int)
    for article_id, status, who, day, n in groups:
        counts[(article_id, D.STATUS, status, "")] += n
        counts[(article_id, D.CREATED, day, "")] += n
        if who is not None:
            counts[(article_id, D.PERSON, who, "")] += n
            counts[(article_id, D.PERSON, who, status)] += n
    return [
        {"article_id": a, "dimension": d, "key": k, "part": p, "n": n}
        for (a, d, k, p), n in counts.items()
    ]


def _kind_rows(tables: Tables, chunk: Sequence[int]) -> list[dict[str, Any]]:
    groups = (
        tables.Attribution.objects.filter(article_id__in=chunk, deleted_at__isnull=True)
        .order_by()
        .values_list("article_id", "kind")
        .annotate(n=Count("id"))
    )
    return [
        {"article_id": a, "dimension": D.KIND, "key": kind, "part": "", "n": n}
        for a, kind, n in groups
    ]


def _history_rows(tables: Tables, chunk: Sequence[int]) -> list[dict[str, Any]]:
    """Reviews per day and the submit-to-review delay, from the change records of the
    articles' claims (deleted claims included: a review happened even if the claim went)."""
    claims = tables.Claim.objects.filter(article_id__in=chunk)
    claim_article = dict(claims.values_list("pk", "article_id"))
    records = tables.ChangeRecord.objects.filter(entity="claim", object_id__in=claims.values("pk"))
    reviews = (
        records.filter(action=m.ChangeAction.REVIEW)
        .annotate(day=Day("at"))
        .order_by()
        .values_list("object_id", "day")
        .annotate(n=Count("id"))
    )
    per_day: dict[tuple[int, str], int] = defaultdict(int)
    for claim_id, day, n in reviews:
        per_day[(claim_article[claim_id], day)] += n
    delays = (
        records.order_by()
        .values("object_id")
        .annotate(
            submitted=Min(
                "at",
                filter=Q(after__status=m.ClaimStatus.SUBMITTED) & ~Q(action=m.ChangeAction.REVIEW),
            ),
            reviewed=Min("at", filter=Q(action=m.ChangeAction.REVIEW, after__status__in=REVIEWED)),
        )
        .filter(submitted__isnull=False, reviewed__isnull=False, reviewed__gte=F("submitted"))
        .annotate(delay=SecondsBetween("reviewed", "submitted"))
        .values_list("object_id", "delay")
    )
    delay: dict[int, list[float]] = defaultdict(list)
    for claim_id, seconds in delays:
        delay[claim_article[claim_id]].append(seconds)
    rows = [
        {"article_id": a, "dimension": D.REVIEWED, "key": day, "part": "", "n": n}
        for (a, day), n in per_day.items()
    ]
    rows += [
        {
            "article_id": a,
            "dimension": D.DELAY,
            "key": "",
            "part": "",
            "n": len(values),
            "seconds": sum(values),
            "longest": max(values),
        }
        for a, values in delay.items()
    ]
    return rows
