"""Reads for exports: a set's articles as self-contained *bundles*, one per article, streamed.

A bundle is a plain ``dict`` shaped exactly like one line of our JSONL format (see
docs/formats.md); every other format writer (CSV, brat, W3C, Label Studio) consumes bundles too.

Memory stays flat in the number of rows: articles are read through a server-side cursor
(``.iterator(chunk_size=…)``), and their children (sentences, flags, claims, attributions,
sources, links, marks) are fetched for one chunk of articles at a time. The whole export runs in
one transaction — ``REPEATABLE READ`` on PostgreSQL — so it is one consistent snapshot even while
annotators keep working.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import batched, groupby
from operator import itemgetter
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Func, Q, QuerySet, TextField
from django.db.models.functions import Cast

from claims.models import (
    AnnotationSet,
    Article,
    ArticleFlag,
    Attribution,
    Claim,
    ClaimLink,
    Sentence,
    Source,
    SourceAlias,
    StandoffMark,
)
from claims.selectors.export_rows import Bundle, _bundle

ARTICLE_CHUNK = 200


@dataclass(frozen=True)
class ExportFilters:
    """Optional narrowing of an export; empty lists mean "everything"."""

    statuses: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    annotators: list[str] = field(default_factory=list)

    @property
    def narrowed(self) -> bool:
        return bool(self.statuses or self.kinds or self.annotators)


@contextmanager
def snapshot() -> Iterator[None]:
    """One consistent view of the data for the whole export."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


class IsoTimestamp(Func):
    """A timestamp as ISO 8601 text made by the database, so a million rows are not each
    turned into a ``datetime`` and back."""

    output_field = TextField()
    template = "(replace(%(expressions)s, ' ', 'T') || '+00:00')"  # SQLite stores UTC text

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Django's connections run in UTC, so the text form ends in "+00"; to_char() would
        # cost several times as much.
        template = "(replace(%(expressions)s::text, ' ', 'T') || ':00')"
        return self.as_sql(compiler, connection, template=template, **extra)


def _text(field: str) -> Cast:
    return Cast(field, TextField())


def _articles(annotation_set: AnnotationSet) -> QuerySet[Article]:
    return Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True).order_by(
        "id"
    )


ARTICLE_FIELDS = (
    "id",
    "title",
    "outlet",
    "author",
    "url",
    "published_at",
    "source_name",
    "text",
)


def _claims_query(ids: list[int], filters: ExportFilters) -> QuerySet[Claim]:
    qs = Claim.objects.filter(article_id__in=ids, deleted_at__isnull=True)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.annotators:
        qs = qs.filter(created_by__username__in=filters.annotators)
    return qs.order_by("article_id", "start", "end", "id")


def _attributions_query(ids: list[int], filters: ExportFilters) -> QuerySet[Attribution]:
    """Live attributions of the chunk. Unfiltered, those of deleted claims are dropped in
    Python against the chunk's claims (:func:`_live_only`), which costs less than asking
    the database; filtered, claims are matched through an id subquery (not a join with an
    ``OR``, which made PostgreSQL scan the whole claims table once per chunk)."""
    qs = Attribution.objects.filter(article_id__in=ids, deleted_at__isnull=True)
    if not filters.narrowed:
        return qs.order_by("article_id", "id")
    live_claims = Claim.objects.filter(article_id__in=ids, deleted_at__isnull=True)
    if filters.statuses:
        claim_q = Q(claim_id__in=live_claims.filter(status__in=filters.statuses).values("id"))
    else:
        claim_q = Q(claim__isnull=True) | Q(claim_id__in=live_claims.values("id"))
    qs = qs.filter(claim_q)
    if filters.kinds:
        qs = qs.filter(kind__in=filters.kinds)
    if filters.annotators:
        qs = qs.filter(created_by__username__in=filters.annotators)
    return qs.order_by("article_id", "id")


def _live_only(
    attributions: dict[int, list[tuple[Any, ...]]], claims: dict[int, list[tuple[Any, ...]]]
) -> dict[int, list[tuple[Any, ...]]]:
    """Attributions without a claim or with a live one (the chunk's claims are the live ones)."""
    live = {row[1] for rows in claims.values() for row in rows}
    return {
        article_id: [row for row in rows if row[2] is None or row[2] in live]
        for article_id, rows in attributions.items()
    }


def _group_sorted(rows: list[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    """:func:`_group` for rows already ordered by their first column, in C."""
    return {key: list(group) for key, group in groupby(rows, key=itemgetter(0))}


def _group(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return grouped


def _resolve_users(users: dict[int | None, str | None], user_ids: Iterable[int | None]) -> None:
    """Usernames for the user ids of a chunk, cached for the whole export (a join per row
    would cost more than the few distinct annotators a set has)."""
    missing = {uid for uid in user_ids if uid is not None and uid not in users}
    if missing:
        users.update(
            get_user_model()._default_manager.filter(pk__in=missing).values_list("id", "username")
        )


Sql = tuple[str, Any]


def _bulk_queries(ids: list[int], filters: ExportFilters) -> list[Sql]:
    """The three big reads of a chunk (sentences, claims, attributions) as SQL whose columns
    need no conversion (JSON and timestamps come as text)."""
    queries: list[QuerySet[Any]] = [
        Sentence.objects.filter(article_id__in=ids)
        .order_by("article_id", "index")
        .values_list("article_id", "start", "end"),
        _claims_query(ids, filters)
        .annotate(
            x_parts=_text("parts"),
            x_created=IsoTimestamp("created_at"),
            x_updated=IsoTimestamp("updated_at"),
        )
        .values_list(
            "article_id",
            "id",
            "start",
            "end",
            "x_parts",
            "status",
            "origin",
            "note",
            "created_by_id",
            "accepted_by_id",
            "version",
            "x_created",
            "x_updated",
        ),
        _attributions_query(ids, filters)
        .annotate(
            x_source_parts=_text("source_parts"),
            x_cue_parts=_text("cue_parts"),
            x_details=_text("details"),
            x_created=IsoTimestamp("created_at"),
            x_updated=IsoTimestamp("updated_at"),
        )
        .values_list(
            "article_id",
            "id",
            "claim_id",
            "kind",
            "source_id",
            "source_start",
            "source_end",
            "x_source_parts",
            "cue_start",
            "cue_end",
            "x_cue_parts",
            "confidence",
            "origin",
            "x_details",
            "created_by_id",
            "version",
            "x_created",
            "x_updated",
        ),
    ]
    return [qs.query.sql_with_params() for qs in queries]


def _run_bulk(queries: list[Sql]) -> list[dict[int, list[tuple[Any, ...]]]]:
    results = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            results.append(_group_sorted(cursor.fetchall()))
    return results


def _chunk_bundles(
    chunk: list[tuple[Any, ...]],
    filters: ExportFilters,
    users: dict[int | None, str | None],
    bulk: list[dict[int, list[tuple[Any, ...]]]],
) -> Iterator[Bundle]:
    ids = [row[0] for row in chunk]
    sentences, claims, attributions = bulk
    if not filters.narrowed:
        attributions = _live_only(attributions, claims)
    flags = _group(
        ArticleFlag.objects.filter(article_id__in=ids)
        .order_by("article_id", "start", "id")
        .values_list("article_id", "kind", "start", "end", "detail")
    )
    marks = _group(
        StandoffMark.objects.filter(article_id__in=ids)
        .filter(Q(annotator__username__in=filters.annotators) if filters.annotators else Q())
        .order_by("article_id", "start", "id")
        .values_list("article_id", "label", "start", "end", "parts", "annotator_id")
    )
    source_ids = {row[4] for rows in attributions.values() for row in rows if row[4] is not None}
    sources = _sources(source_ids)
    live_claims = _claims_query(ids, filters).values("id")
    links = _group(
        ClaimLink.objects.filter(
            from_claim__in=live_claims,
            deleted_at__isnull=True,
            to_claim__deleted_at__isnull=True,
        )
        .order_by("id")
        .values_list(
            "from_claim__article_id",
            "id",
            "from_claim_id",
            "to_claim_id",
            "relation",
            "note",
            "origin",
            "created_by_id",
            "version",
        )
    )
    _resolve_users(
        users,
        [
            *(r[i] for rows in claims.values() for r in rows for i in (8, 9)),
            *(r[14] for rows in attributions.values() for r in rows),
            *(r[7] for rows in links.values() for r in rows),
            *(r[5] for rows in marks.values() for r in rows),
        ],
    )
    for row in chunk:
        article = dict(zip(ARTICLE_FIELDS, row, strict=True))
        yield _bundle(
            article,
            sentences.get(row[0], ()),
            flags.get(row[0], ()),
            claims.get(row[0], ()),
            attributions.get(row[0], ()),
            sources,
            links.get(row[0], ()),
            marks.get(row[0], ()),
            users,
            narrowed_by_kind=bool(filters.kinds),
        )


def _sources(source_ids: set[int]) -> dict[int, dict[str, Any]]:
    if not source_ids:
        return {}
    found: dict[int, dict[str, Any]] = {
        pk: {"id": pk, "name": name, "kind": kind, "description": description, "aliases": []}
        for pk, name, kind, description in Source.objects.filter(pk__in=source_ids).values_list(
            "id", "name", "kind", "description"
        )
    }
    for source_id, name in (
        SourceAlias.objects.filter(source_id__in=source_ids)
        .order_by("source_id", "name")
        .values_list("source_id", "name")
    ):
        found[source_id]["aliases"].append(name)
    return found


def export_bundles(
    *,
    annotation_set: AnnotationSet,
    filters: ExportFilters | None = None,
    chunk_size: int = ARTICLE_CHUNK,
) -> Iterator[Bundle]:
    """Every live article of the set as a bundle, in id order. Call inside :func:`snapshot`
    for a consistent export (the streaming writers do)."""
    filters = filters or ExportFilters()
    rows = _articles(annotation_set).values_list(*ARTICLE_FIELDS).iterator(chunk_size=chunk_size)
    users: dict[int | None, str | None] = {None: None}
    for chunk in batched(rows, chunk_size):
        bulk = _run_bulk(_bulk_queries([r[0] for r in chunk], filters))
        yield from _chunk_bundles(list(chunk), filters, users, bulk)


def export_stream(
    *,
    annotation_set: AnnotationSet,
    fmt: str,
    filters: ExportFilters | None = None,
    base: str = "",
) -> Iterator[bytes]:
    """The set in format ``fmt`` as chunks of bytes, read in one snapshot. Raises ``KeyError``
    for an unknown format before anything is read."""
    from claims.interop.export_formats import EXPORT_FORMATS

    export_format = EXPORT_FORMATS[fmt]

    def generate() -> Iterator[bytes]:
        with snapshot():
            bundles = export_bundles(annotation_set=annotation_set, filters=filters)
            yield from export_format.write(bundles, annotation_set.slug, base)

    return generate()
