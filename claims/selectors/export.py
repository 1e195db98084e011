"""Reads for exports: a set's articles as self-contained *bundles*, one per article, streamed.

A bundle is a plain ``dict`` shaped exactly like one line of our JSONL format (see
docs/formats.md); every other format writer (CSV, brat, W3C, Label Studio) consumes bundles too.

Memory stays flat in the number of rows: article ids are read through a server-side cursor
(``.iterator(chunk_size=…)``), and the articles with their children (sentences, flags,
claims, attributions, links, marks) are read for one chunk of articles at a time. The whole
export runs in one transaction — ``REPEATABLE READ`` on PostgreSQL — so it is one consistent
snapshot even while annotators keep working.

On PostgreSQL a chunk's reads are sent in pipeline mode before the previous chunk's bundles
are built, so the database works on chunk n + 1 while Python turns chunk n into JSON.
"""

from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import batched, groupby
from operator import itemgetter
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import QuerySet

from claims.models import (
    AnnotationSet,
    Article,
    Source,
)
from claims.selectors.bulk_reads import Rows, chunk_reader, gc_paused
from claims.selectors.export_queries import (
    ARTICLE_FIELDS,
    ChunkQueries,
    ExportFilters,
    source_rows,
)
from claims.selectors.export_rows import Bundle, Counts, _bundle
from claims.selectors.independence import has_supporting_links, independent_counts

ARTICLE_CHUNK = 100
# Article ids per fetch of the server-side cursor (ints only: 2,000 of them are ~70 KB).
ID_CHUNK = 2_000

Grouped = dict[int, Rows]


@contextmanager
def snapshot() -> Iterator[None]:
    """One consistent view of the data for the whole export."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _articles(annotation_set: AnnotationSet) -> QuerySet[Article]:
    return Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True).order_by(
        "id"
    )


def _live_only(attributions: Grouped, claims: Grouped) -> Grouped:
    """Attributions without a claim or with a live one (the chunk's claims are the live ones)."""
    live = _column(claims, 1)
    return {
        article_id: [row for row in rows if row[2] is None or row[2] in live]
        for article_id, rows in attributions.items()
    }


class Names:
    """User names and sources by id for the rows of an export. Both are read up front where
    there are few of them (the usual case: far fewer than rows); otherwise each chunk reads
    those it names (:func:`_chunk_querysets`)."""

    PRELOAD = 20_000

    def __init__(self, annotation_set: AnnotationSet) -> None:
        self.users: dict[int | None, str | None] = {None: None}
        self.sources: dict[int, dict[str, Any]] = {}
        users = get_user_model()._default_manager.values_list("id", "username")
        self.all_users = users.count() <= self.PRELOAD
        if self.all_users:
            self.add_users(users)
        sources = Source.objects.filter(annotation_set=annotation_set)
        self.all_sources = sources.count() <= self.PRELOAD
        if self.all_sources:
            self.add_sources(source_rows(sources))

    def add_users(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.users.update(rows)  # type: ignore[arg-type]

    def add_sources(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for pk, name, kind, description, alias in rows:
            source = self.sources.setdefault(
                pk,
                {"id": pk, "name": name, "kind": kind, "description": description, "aliases": []},
            )
            if alias is not None and alias not in source["aliases"]:
                source["aliases"].append(alias)


def _column(grouped: Grouped, index: int) -> set[Any]:
    """The distinct values of one column of grouped rows (iterated in C)."""
    pick = itemgetter(index)
    return set().union(*(map(pick, rows) for rows in grouped.values()))


def _grouped(rows: Rows) -> Grouped:
    """Rows ordered by their first column (the article id), grouped by it, in C."""
    return {key: list(group) for key, group in groupby(rows, key=itemgetter(0))}


def _aware(articles: Rows) -> Rows:
    """SQLite's raw rows hold naive UTC timestamps where Django's own reads (and PostgreSQL's
    rows) give aware ones, which the JSON carries with their offset."""
    at = ARTICLE_FIELDS.index("published_at")
    return [
        (*row[:at], row[at].replace(tzinfo=UTC), *row[at + 1 :])
        if isinstance(row[at], datetime) and row[at].tzinfo is None
        else row
        for row in articles
    ]


def _chunk_bundles(
    results: list[Rows], names: Names, filters: ExportFilters, counts: Counts
) -> Iterator[Bundle]:
    articles = results[0] if connection.vendor == "postgresql" else _aware(results[0])
    sentences, claims, attributions, flags, marks, links = map(_grouped, results[1:7])
    extra = iter(results[7:])
    if not names.all_sources:
        names.add_sources(next(extra))
    if not names.all_users:
        names.add_users(next(extra))
    if not filters.narrowed:
        attributions = _live_only(attributions, claims)
    for row in articles:
        article_id = row[0]
        yield _bundle(
            dict(zip(ARTICLE_FIELDS, row, strict=True)),
            sentences.get(article_id, ()),
            flags.get(article_id, ()),
            claims.get(article_id, ()),
            attributions.get(article_id, ()),
            names.sources,
            links.get(article_id, ()),
            marks.get(article_id, ()),
            names.users,
            counts,
            narrowed_by_kind=bool(filters.kinds),
        )


def export_bundles(
    *,
    annotation_set: AnnotationSet,
    filters: ExportFilters | None = None,
    chunk_size: int | None = None,
) -> Iterator[Bundle]:
    """Every live article of the set as a bundle, in id order. Call inside :func:`snapshot`
    for a consistent export (the streaming writers do)."""
    return gc_paused(
        _bundles(annotation_set, filters or ExportFilters(), chunk_size or ARTICLE_CHUNK)
    )


def _bundles(
    annotation_set: AnnotationSet, filters: ExportFilters, chunk_size: int
) -> Generator[Bundle]:
    """The bundles of :func:`export_bundles`.

    Per chunk: wait for its results, count its claims' independent corroboration
    (:mod:`claims.selectors.independence`, a few queries per chunk), fetch the next chunk's
    articles and send that chunk's reads, and only then turn this chunk's results into rows
    and bundles.
    """
    # Only ids through the server-side cursor (a few round trips in all); each chunk's
    # articles come with the chunk's other reads.
    ids = _articles(annotation_set).values_list("id", flat=True).iterator(ID_CHUNK)
    pages = (list(page) for page in batched(ids, chunk_size))
    names = Names(annotation_set)
    queries = ChunkQueries(filters, names)
    reader = chunk_reader()
    linked = has_supporting_links(annotation_set=annotation_set)
    try:
        page = next(pages, None)
        if page is not None:
            reader.send(queries.for_chunk(page, []))
        while page is not None:
            results = reader.collect()
            # Between chunks, while no pipelined read is out on the connection.
            counts = independent_counts(article_ids=page) if linked else {}
            next_page = next(pages, None)
            if next_page is not None:
                known = [] if names.all_sources else list(names.sources)
                reader.send(queries.for_chunk(next_page, known))
            yield from _chunk_bundles(results(), names, filters, counts)
            page = next_page
    finally:
        reader.close()


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
