"""The expanded article (``GET /api/v1/articles/<id>/?expand=…``) built as plain dicts from
``claims.selectors.article_rows``: the same keys, order and values as
``ArticleExpandedSerializer`` (which stays the schema's description of it), at a fraction of
the cost. DRF serializers instantiate and bind a field object per field per nested object;
on this path that was most of the request. tests/api/test_article_json.py renders both and
compares the bytes.
"""

import json
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import serializers

from claims.models import Article
from claims.selectors.article_rows import ArticleRows

__all__ = ["article_json"]

_DATETIME = serializers.DateTimeField()


def _when(value: Any) -> str | None:
    """A timestamp as DRF's DateTimeField writes it. SQLite's raw rows hold naive UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime) and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return _DATETIME.to_representation(value)


def _json(value: Any) -> Any:
    """A JSON column: text from the raw cursor (as JSONField.from_db_value reads it)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def _article(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "annotation_set": article.annotation_set.slug,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "url": article.url,
        "published_at": _when(article.published_at),
        "source_name": article.source_name,
        "imported_at": _when(article.imported_at),
        "quality_flags": article.quality_flags,
        "text": article.text,
    }


def _claim(r: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": r[0],
        "article": r[1],
        "start": r[2],
        "end": r[3],
        "parts": _json(r[4]),
        "quote": r[5],
        "prefix": r[6],
        "suffix": r[7],
        "status": r[8],
        "origin": r[9],
        "note": r[10],
        "created_by": r[11],
        "accepted_by": r[12],
        "created_at": _when(r[13]),
        "updated_at": _when(r[14]),
        "version": r[15],
    }


def _attribution(r: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": r[0],
        "article": r[1],
        "claim": r[2],
        "kind": r[3],
        "source": r[4],
        "source_start": r[5],
        "source_end": r[6],
        "source_parts": _json(r[7]),
        "cue_start": r[8],
        "cue_end": r[9],
        "cue_parts": _json(r[10]),
        "confidence": None if r[11] is None else float(r[11]),
        "origin": r[12],
        "review_status": r[13],
        "details": _json(r[14]),
        "created_by": r[15],
        "created_at": _when(r[16]),
        "updated_at": _when(r[17]),
        "version": r[18],
    }


def _link(r: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": r[0],
        "from_claim": r[1],
        "to_claim": r[2],
        "relation": r[3],
        "note": r[4],
        "origin": r[5],
        "created_by": r[6],
        "created_at": _when(r[7]),
        "version": r[8],
    }


def article_json(article: Article, rows: ArticleRows, expand: set[str]) -> dict[str, Any]:
    """``article`` (read by the view, with its set) and the expansions asked for."""
    body = _article(article)
    if "claims" in expand:
        body["claims"] = [_claim(r) for r in rows.claims]
    if "attributions" in expand:
        body["attributions"] = [_attribution(r) for r in rows.attributions]
    if "links" in expand:
        body["links"] = [_link(r) for r in rows.links]
    if "sources" in expand:
        body["sources"] = [
            {"id": pk, "name": name, "kind": kind, "description": description}
            for pk, name, kind, description in rows.sources
        ]
    return body
