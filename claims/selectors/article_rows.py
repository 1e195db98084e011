"""An article and its live annotations as plain rows, for the API's one-request read
(``GET /api/v1/articles/<id>/?expand=…``, rendered by ``claims.api.article_json``).

The same rows as :func:`claims.selectors.article_bundle.article_bundle` and the API's
article queryset (the ORM twins, kept as the reference the tests compare against), read with
fixed SQL: building and compiling the ORM queries and instantiating models cost more than
the database's own work on this path. Four statements whatever the number of annotations:
the article with the caller's membership, claims, attributions with their sources, links.
Columns come in the API serializers' field order; users come as usernames.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection

from claims.models import AnnotationSet, Article, Attribution, Claim, ClaimLink, Membership, Source

__all__ = ["ARTICLE_FIELDS", "ArticleRows", "article_rows", "readable_article"]

Row = tuple[Any, ...]


@dataclass
class ArticleRows:
    claims: list[Row] = field(default_factory=list)
    attributions: list[Row] = field(default_factory=list)
    links: list[Row] = field(default_factory=list)
    sources: list[Row] = field(default_factory=list)


@cache
def _sql() -> dict[str, str]:
    """The statements, with table names from the models (built once per process)."""
    t = {
        "article": Article._meta.db_table,
        "claim": Claim._meta.db_table,
        "attribution": Attribution._meta.db_table,
        "link": ClaimLink._meta.db_table,
        "source": Source._meta.db_table,
        "user": get_user_model()._meta.db_table,
        "set": AnnotationSet._meta.db_table,
        "membership": Membership._meta.db_table,
    }
    return {
        # The API's article queryset (ArticleViewSet with the caller's membership): live, in a
        # set the caller belongs to (any set for a superuser).
        "article": f"""
            SELECT {", ".join(f"a.{name}" for name in ARTICLE_FIELDS)}, s.slug, m.id, m.role
            FROM {t["article"]} a
            JOIN {t["set"]} s ON s.id = a.annotation_set_id
            LEFT JOIN {t["membership"]} m
              ON m.annotation_set_id = a.annotation_set_id AND m.user_id = %s
            WHERE a.id = %s AND a.deleted_at IS NULL AND (m.id IS NOT NULL OR %s)""",
        # Claim.objects.live(): the article was read live by this request just before.
        "claims": f"""
            SELECT c.id, c.article_id, c.start, c."end", c.parts, c.quote, c.prefix, c.suffix,
                   c.status, c.origin, c.note, cu.username, au.username, c.created_at,
                   c.updated_at, c.version
            FROM {t["claim"]} c
            LEFT JOIN {t["user"]} cu ON cu.id = c.created_by_id
            LEFT JOIN {t["user"]} au ON au.id = c.accepted_by_id
            WHERE c.article_id = %s AND c.deleted_at IS NULL
            ORDER BY c.start, c."end", c.id""",
        # Attribution.objects.live(): across the LEFT JOIN a missing claim counts as live.
        "attributions": f"""
            SELECT a.id, a.article_id, a.claim_id, a.kind, a.source_id, a.source_start,
                   a.source_end, a.source_parts, a.cue_start, a.cue_end, a.cue_parts,
                   a.confidence, a.origin, a.review_status, a.details, u.username,
                   a.created_at, a.updated_at, a.version,
                   s.name, s.kind, s.description, s.deleted_at
            FROM {t["attribution"]} a
            LEFT JOIN {t["claim"]} c ON c.id = a.claim_id
            LEFT JOIN {t["source"]} s ON s.id = a.source_id
            LEFT JOIN {t["user"]} u ON u.id = a.created_by_id
            WHERE a.article_id = %s AND a.deleted_at IS NULL AND c.deleted_at IS NULL
            ORDER BY a.id""",
        # ClaimLink.objects.live(), within the article's set; "{ids}" is the placeholders of
        # the article's claim ids, so each side is an index lookup.
        "links": f"""
            SELECT l.id, l.from_claim_id, l.to_claim_id, l.relation, l.note, l.origin,
                   u.username, l.created_at, l.version
            FROM {t["link"]} l
            JOIN {t["claim"]} fc ON fc.id = l.from_claim_id
            JOIN {t["claim"]} tc ON tc.id = l.to_claim_id
            JOIN {t["article"]} fa ON fa.id = fc.article_id
            JOIN {t["article"]} ta ON ta.id = tc.article_id
            LEFT JOIN {t["user"]} u ON u.id = l.created_by_id
            WHERE (l.from_claim_id IN ({{ids}}) OR l.to_claim_id IN ({{ids}}))
              AND l.deleted_at IS NULL AND fc.deleted_at IS NULL AND tc.deleted_at IS NULL
              AND fa.deleted_at IS NULL AND ta.deleted_at IS NULL
              AND fa.annotation_set_id = %s AND ta.annotation_set_id = %s
            ORDER BY l.id""",
    }


# What the expanded read shows of an article (ArticleDetailSerializer's fields, as columns).
ARTICLE_FIELDS = (
    "id",
    "annotation_set_id",
    "title",
    "outlet",
    "author",
    "url",
    "published_at",
    "source_name",
    "imported_at",
    "quality_flags",
    "text",
)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite's raw rows hold naive UTC (Django's converters make them aware on ORM reads)."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def readable_article(*, article_id: int, user: Any) -> Article | None:
    """The live article ``article_id`` if ``user`` may read it, else None; with its set (id and
    slug) and, as ``permissions.with_my_membership`` gives them, ``my_membership_id`` and
    ``my_role``; its other columns are deferred."""
    user_id = int(getattr(user, "pk", None) or 0)
    superuser = bool(getattr(user, "is_superuser", False))
    found = _fetch(_sql()["article"], [user_id, article_id, superuser])
    if not found:
        return None
    *row, slug, membership_id, role = found[0]
    values = dict(zip(ARTICLE_FIELDS, row, strict=True))
    values["published_at"] = _aware(values["published_at"])
    values["imported_at"] = _aware(values["imported_at"])
    if isinstance(values["quality_flags"], str):  # as JSONField.from_db_value reads it
        values["quality_flags"] = json.loads(values["quality_flags"])
    # from_db wants the values in the model's field order; the rest are deferred.
    names = [f.attname for f in Article._meta.concrete_fields if f.attname in values]
    article = Article.from_db(connection.alias, names, [values[name] for name in names])
    set_id = values["annotation_set_id"]
    article.annotation_set = AnnotationSet.from_db(connection.alias, ["id", "slug"], [set_id, slug])
    annotated: Any = article  # what the API's queryset annotates, for its permission checks
    annotated.set_id = set_id
    annotated.my_membership_id, annotated.my_role = membership_id, role
    return article


def _fetch(sql: str, params: list[Any]) -> list[Row]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def article_rows(*, article: Article, expand: set[str]) -> ArticleRows:
    """The live annotations of ``article`` named in ``expand`` (a subset of
    ``article_bundle.EXPANSIONS``). Sources are those the live attributions name, not
    deleted, by id; the source columns stay on the attribution rows (the last four)."""
    sql = _sql()
    rows = ArticleRows()
    claims: list[Row] = []
    if expand & {"claims", "links"}:
        claims = _fetch(sql["claims"], [article.pk])
        if "claims" in expand:
            rows.claims = claims
    if expand & {"attributions", "sources"}:
        attributions = _fetch(sql["attributions"], [article.pk])
        if "attributions" in expand:
            rows.attributions = attributions
        if "sources" in expand:
            seen: dict[int, Row] = {}
            for a in attributions:
                if a[4] is not None and a[22] is None:
                    seen.setdefault(a[4], (a[4], a[19], a[20], a[21]))
            rows.sources = [seen[pk] for pk in sorted(seen)]
    if "links" in expand and claims:
        ids = [c[0] for c in claims]
        placeholders = ", ".join(["%s"] * len(ids))
        set_id = article.annotation_set_id
        rows.links = _fetch(
            sql["links"].replace("{ids}", placeholders), [*ids, *ids, set_id, set_id]
        )
    return rows
