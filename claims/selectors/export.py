"""Reads for exports: a set's articles as self-contained *bundles*, one per article, streamed.

A bundle is a plain ``dict`` shaped exactly like one line of our JSONL format (see
docs/formats.md); every other format writer (CSV, brat, W3C, Label Studio) consumes bundles too.

Memory stays flat in the number of rows: articles are read through a server-side cursor
(``.iterator(chunk_size=…)``), and their children (sentences, flags, claims, attributions,
links, marks) are read for one chunk of articles at a time. The whole export runs in one
transaction — ``REPEATABLE READ`` on PostgreSQL — so it is one consistent snapshot even while
annotators keep working.

On PostgreSQL a chunk's reads are sent in pipeline mode before the previous chunk's bundles
are built, so the database works on chunk n + 1 while Python turns chunk n into JSON.
"""

from collections.abc import Generator, Iterable, Iterator
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
    StandoffMark,
)
from claims.selectors.bulk_reads import Rows, Sql, chunk_reader, gc_paused, id_array, in_ids
from claims.selectors.export_rows import Bundle, _bundle

ARTICLE_CHUNK = 100

Grouped = dict[int, Rows]


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
    qs = Claim.objects.filter(in_ids("article_id", ids), deleted_at__isnull=True)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.annotators:
        qs = qs.filter(created_by__username__in=filters.annotators)
    return qs.order_by("article_id", "start", "end", "id")


def _attributions_query(ids: list[int], filters: ExportFilters) -> QuerySet[Attribution]:
    """Attributions of the chunk. Unfiltered, those of deleted claims are dropped in Python
    against the chunk's claims (:func:`_live_only`), which costs a third of asking the
    database; filtered, claims are matched through an id subquery (not a join with an
    ``OR``, which made PostgreSQL scan the whole claims table once per chunk)."""
    qs = Attribution.objects.filter(in_ids("article_id", ids), deleted_at__isnull=True)
    if filters.narrowed:
        live_claims = Claim.objects.filter(in_ids("article_id", ids), deleted_at__isnull=True)
        if filters.statuses:
            live_claims = live_claims.filter(status__in=filters.statuses)
            qs = qs.filter(claim_id__in=live_claims.values("id"))
        else:
            qs = qs.filter(Q(claim__isnull=True) | Q(claim_id__in=live_claims.values("id")))
    if filters.kinds:
        qs = qs.filter(kind__in=filters.kinds)
    if filters.annotators:
        qs = qs.filter(created_by__username__in=filters.annotators)
    return qs.order_by("article_id", "id")


def _live_only(attributions: Grouped, claims: Grouped) -> Grouped:
    """Attributions without a claim or with a live one (the chunk's claims are the live ones)."""
    live = _column(claims, 1)
    return {
        article_id: [row for row in rows if row[2] is None or row[2] in live]
        for article_id, rows in attributions.items()
    }


def _chunk_querysets(
    ids: list[int], known_sources: list[int], filters: ExportFilters, names: "Names"
) -> list[QuerySet[Any]]:
    """Every read of a chunk but its articles. Rows come ordered by the article id they
    start with (sources: by source id), and need no conversion: JSON and timestamps come
    as text, users as ids (:class:`Names` has the names; joining them in doubled the cost
    of the reads). Where :class:`Names` could not read all users or sources up front, two
    more reads bring the chunk's new ones."""
    attributions = _attributions_query(ids, filters)
    claims = _claims_query(ids, filters)
    querysets: list[QuerySet[Any]] = [
        Sentence.objects.filter(in_ids("article_id", ids))
        .order_by("article_id", "index")
        .values_list("article_id", "start", "end"),
        claims.annotate(
            x_parts=_text("parts"),
            x_created=IsoTimestamp("created_at"),
            x_updated=IsoTimestamp("updated_at"),
        ).values_list(
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
        attributions.annotate(
            x_source_parts=_text("source_parts"),
            x_cue_parts=_text("cue_parts"),
            x_details=_text("details"),
            x_created=IsoTimestamp("created_at"),
            x_updated=IsoTimestamp("updated_at"),
        ).values_list(
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
        ArticleFlag.objects.filter(in_ids("article_id", ids))
        .annotate(x_detail=_text("detail"))
        .order_by("article_id", "start", "id")
        .values_list("article_id", "kind", "start", "end", "x_detail"),
        StandoffMark.objects.filter(in_ids("article_id", ids))
        .filter(Q(annotator__username__in=filters.annotators) if filters.annotators else Q())
        .annotate(x_parts=_text("parts"))
        .order_by("article_id", "start", "id")
        .values_list("article_id", "label", "start", "end", "x_parts", "annotator_id"),
        ClaimLink.objects.filter(
            from_claim__in=claims.values("id"),
            deleted_at__isnull=True,
            to_claim__deleted_at__isnull=True,
        )
        .order_by("from_claim__article_id", "id")
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
        ),
    ]
    if not names.all_sources:
        querysets.append(
            _source_rows(
                Source.objects.filter(id__in=attributions.values("source_id")).exclude(
                    in_ids("id", known_sources)
                )
            )
        )
    if not names.all_users:
        claimed = Claim.objects.filter(in_ids("article_id", ids))
        marked = StandoffMark.objects.filter(in_ids("article_id", ids))
        querysets.append(
            get_user_model()
            ._default_manager.filter(
                Q(id__in=claimed.values("created_by_id"))
                | Q(id__in=claimed.values("accepted_by_id"))
                | Q(id__in=attributions.values("created_by_id"))
                | Q(id__in=marked.values("annotator_id"))
                | Q(id__in=ClaimLink.objects.filter(from_claim__in=claimed).values("created_by_id"))
            )
            .order_by("id")
            .values_list("id", "username")
        )
    return querysets


class ChunkQueries:
    """A chunk's SQL. On PostgreSQL it is compiled once per export and only the id arrays
    change from chunk to chunk (compiling them for every chunk took 5 % of an export)."""

    _IDS = [-1]
    _KNOWN = [-2]

    def __init__(self, filters: ExportFilters, names: "Names") -> None:
        self._filters = filters
        self._names = names
        self._compiled: list[Sql] | None = None
        if connection.vendor == "postgresql":
            compiled = self._compile(self._IDS, self._KNOWN)
            # Reuse is only safe if every id array is one of ours, by identity.
            arrays = sum(sql.count("ANY(") for sql, _ in compiled)
            ours = sum(p is self._IDS or p is self._KNOWN for _, ps in compiled for p in ps)
            if arrays == ours:
                self._compiled = compiled

    def _compile(self, ids: list[int], known: list[int]) -> list[Sql]:
        querysets = _chunk_querysets(ids, known, self._filters, self._names)
        return [qs.query.sql_with_params() for qs in querysets]

    def for_chunk(self, ids: list[int], known_sources: list[int]) -> list[Sql]:
        if self._compiled is None:
            return self._compile(ids, known_sources)
        swap = {id(self._IDS): id_array(ids), id(self._KNOWN): id_array(known_sources)}
        return [
            (sql, tuple(swap.get(id(param), param) for param in params))
            for sql, params in self._compiled
        ]


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
            self.add_sources(_source_rows(sources))

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


def _source_rows(sources: QuerySet[Source]) -> QuerySet[Source, tuple[Any, ...]]:
    """One row per source and alias (a source without aliases: one row, alias ``None``)."""
    return sources.order_by("id", "aliases__name").values_list(
        "id", "name", "kind", "description", "aliases__name"
    )


def _column(grouped: Grouped, index: int) -> set[Any]:
    """The distinct values of one column of grouped rows (iterated in C)."""
    pick = itemgetter(index)
    return set().union(*(map(pick, rows) for rows in grouped.values()))


def _grouped(rows: Rows) -> Grouped:
    """Rows ordered by their first column (the article id), grouped by it, in C."""
    return {key: list(group) for key, group in groupby(rows, key=itemgetter(0))}


def _chunk_bundles(
    articles: Rows, results: list[Rows], names: Names, filters: ExportFilters
) -> Iterator[Bundle]:
    sentences, claims, attributions, flags, marks, links = map(_grouped, results[:6])
    extra = iter(results[6:])
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

    Per chunk: wait for its results, fetch the next chunk's articles and send that chunk's
    reads, and only then turn this chunk's results into rows and bundles.
    """
    articles = _articles(annotation_set).values_list(*ARTICLE_FIELDS).iterator(chunk_size)
    pages = (list(page) for page in batched(articles, chunk_size))
    names = Names(annotation_set)
    queries = ChunkQueries(filters, names)
    reader = chunk_reader()
    try:
        page = next(pages, None)
        if page is not None:
            reader.send(queries.for_chunk([row[0] for row in page], []))
        while page is not None:
            results = reader.collect()
            next_page = next(pages, None)
            if next_page is not None:
                known = [] if names.all_sources else list(names.sources)
                reader.send(queries.for_chunk([row[0] for row in next_page], known))
            yield from _chunk_bundles(page, results(), names, filters)
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
