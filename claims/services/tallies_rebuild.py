"""Recomputing dashboard tallies from scratch: whole articles from their claims,
attributions and claim history. For writes that leave no change record (copied
suggestions), data written around the services, and ``manage.py rebuild_tallies``; everyday
writes adjust the tallies by deltas (``claims.services.tallies``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat

from claims import models as m
from claims.db_functions import Day, SecondsBetween

CHUNK = 400
REVIEWED = [m.ClaimStatus.APPROVED, m.ClaimStatus.REJECTED]
D = m.TallyDimension
# The same keys as ``tallies.person_key``, in SQL.
PERSON = Case(
    When(Q(origin=m.Origin.CURATED), then=None),
    When(~Q(imported_annotator=""), then=Concat(Value("i:"), F("imported_annotator"))),
    When(
        created_by__isnull=False,
        then=Concat(Value("u:"), Cast("created_by_id", output_field=CharField())),
    ),
    default=None,
    output_field=CharField(),
)


@dataclass(frozen=True)
class Tables:
    """The models read and written; a data migration passes its historical ones."""

    Article: Any = m.Article
    Attribution: Any = m.Attribution
    ChangeRecord: Any = m.ChangeRecord
    Claim: Any = m.Claim
    ArticleTally: Any = m.ArticleTally


def tallies_refresh(*, article_ids: Iterable[int], tables: Tables = Tables()) -> None:
    """Recompute the tallies of these articles from their claims, attributions and claim
    history. Locks the articles first, so two recomputes of one article run one after the
    other. A write's delta that commits while a recompute of its article is between its
    reads and its replace can be lost; a rebuild on a busy set is best run twice (the
    command prints how many rows changed)."""
    ids = sorted({int(pk) for pk in article_ids})
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            if connection.features.has_select_for_update:
                locked = tables.Article.objects.select_for_update().filter(pk__in=chunk)
                list(locked.values_list("pk", flat=True))
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
    groups = (
        tables.Claim.objects.filter(article_id__in=chunk, deleted_at__isnull=True)
        .annotate(who=PERSON, day=Day("created_at"))
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
    records = tables.ChangeRecord.objects.filter(
        entity="claim", object_id__in=claims.values("pk")
    ).annotate(article=Subquery(claims.filter(pk=OuterRef("object_id")).values("article_id")))
    reviews = (
        records.filter(action=m.ChangeAction.REVIEW)
        .annotate(day=Day("at"))
        .order_by()
        .values_list("article", "day")
        .annotate(n=Count("id"))
    )
    delays = (
        records.order_by()
        .values("object_id", "article")
        .annotate(
            submitted=Min(
                "at",
                filter=Q(after__status=m.ClaimStatus.SUBMITTED) & ~Q(action=m.ChangeAction.REVIEW),
            ),
            reviewed=Min("at", filter=Q(action=m.ChangeAction.REVIEW, after__status__in=REVIEWED)),
        )
        .filter(submitted__isnull=False, reviewed__isnull=False, reviewed__gte=F("submitted"))
        .annotate(delay=SecondsBetween("reviewed", "submitted"))
        .values_list("article", "delay")
    )
    delay: dict[int, list[float]] = defaultdict(list)
    for article_id, seconds in delays:
        delay[article_id].append(seconds)
    rows = [
        {"article_id": a, "dimension": D.REVIEWED, "key": day, "part": "", "n": n}
        for a, day, n in reviews
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
