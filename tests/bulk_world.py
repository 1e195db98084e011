"""Many claims fast, for query-count tests and benchmarks: rows go in with ``executemany``
(constant columns prepared once), not through model instances, and leave no history."""

import hashlib
from datetime import timedelta
from typing import Any

from django.db import connection, models
from django.utils import timezone

from claims.models import Article, Attribution, ChangeAction, ChangeRecord, Claim, ClaimStatus
from claims.services.tallies_rebuild import tallies_rebuild

TEXT = (
    "Officials familiar with the talks said the deal was close. "
    '"We are nearly there," Mayor Ana Ruiz told reporters on Monday. '
    "The council declined to comment. "
) * 4

STATUSES = [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.REJECTED]
KINDS = ["sourced", "anonymous", "quoted"]


def fast_insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (attribute name -> database value); every other column gets the
    field's default (timestamps: now)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    constant = {}
    for f in fields:
        if f.attname not in rows[0]:
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            constant[f.attname] = f.get_db_prep_save(now if auto else f.get_default(), connection)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        cursor.executemany(sql, [tuple(row.get(n, constant.get(n)) for n in names) for row in rows])


def bulk_claims(
    annotation_set: Any,
    users: list[Any],
    claims: int,
    per_article: int = 100,
    *,
    history: bool = False,
) -> None:
    """``claims`` claims, each with an attribution, ``per_article`` to an article; each
    article is one user's (in turn), so nothing is shared between annotators. With
    ``history``, each claim gets its change records too: created (as submitted when it is past
    draft) and, for approved and rejected ones, a review an hour later."""
    n_articles = max(1, claims // per_article)
    articles = Article.objects.bulk_create(
        Article(
            annotation_set=annotation_set,
            title=f"Bulk article {i}",
            text=TEXT,
            folded_sha256=hashlib.sha256(f"{annotation_set.pk}:{i}".encode()).hexdigest(),
        )
        for i in range(n_articles)
    )
    owner = {a.pk: users[i % len(users)].pk for i, a in enumerate(articles)}
    rows = []
    for i in range(claims):
        article_id = articles[i % n_articles].pk
        start = (i * 7) % 200
        rows.append(
            {
                "article_id": article_id,
                "start": start,
                "end": start + 10,
                "quote": TEXT[start : start + 10],
                "status": STATUSES[i % 4],
                "created_by_id": owner[article_id],
            }
        )
    fast_insert(Claim, rows)
    made = Claim.objects.filter(article__annotation_set=annotation_set).values_list(
        "id", "article_id", "start", "created_by_id"
    )
    fast_insert(
        Attribution,
        [
            {
                "article_id": article_id,
                "claim_id": pk,
                "kind": KINDS[pk % 3],
                "created_by_id": user_id,
                "cue_start": start,
                "cue_end": start + 3,
            }
            for pk, article_id, start, user_id in made
        ],
    )
    if history:
        _history(annotation_set, users[0])
    # Rows went in around the services, so the dashboard tallies are rebuilt here.
    tallies_rebuild(annotation_set=annotation_set)


def _history(annotation_set: Any, reviewer: Any) -> None:
    after = ChangeRecord._meta.get_field("after")
    at = ChangeRecord._meta.get_field("at")
    now = at.get_db_prep_save(timezone.now(), connection)
    later = at.get_db_prep_save(timezone.now() + timedelta(hours=1), connection)
    rows = []
    claims = Claim.objects.filter(article__annotation_set=annotation_set).values_list(
        "id", "status", "created_by_id"
    )
    for pk, status, user_id in claims:
        shown = ClaimStatus.DRAFT if status == ClaimStatus.DRAFT else ClaimStatus.SUBMITTED
        common = {"annotation_set_id": annotation_set.pk, "entity": "claim", "object_id": pk}
        rows.append(
            {
                **common,
                "action": ChangeAction.CREATE,
                "user_id": user_id,
                "at": now,
                "after": after.get_db_prep_save({"status": shown}, connection),
            }
        )
        if status in (ClaimStatus.APPROVED, ClaimStatus.REJECTED):
            rows.append(
                {
                    **common,
                    "action": ChangeAction.REVIEW,
                    "user_id": reviewer.pk,
                    "at": later,
                    "after": after.get_db_prep_save({"status": status}, connection),
                }
            )
    fast_insert(ChangeRecord, rows)
