"""The SQL of an export's chunk reads (``claims.selectors.export`` runs them): what each
read selects, how filters narrow it, and compiling it once per export."""

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Func, Q, QuerySet, TextField
from django.db.models.functions import Cast

from claims.models import (
    Article,
    ArticleFlag,
    Attribution,
    Claim,
    ClaimLink,
    Origin,
    Sentence,
    Source,
    StandoffMark,
)
from claims.selectors.bulk_reads import Sql, id_array, in_ids, in_subquery


@dataclass(frozen=True)
class ExportFilters:
    """Optional narrowing of an export; empty lists mean "everything"."""

    statuses: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    annotators: list[str] = field(default_factory=list)
    # "all" (every layer), "curated" (the curated layer only) or "annotator" (people's own
    # work, without the curated layer); see claims.selectors.curation.export_layer.
    layer: str = "all"

    @property
    def narrowed(self) -> bool:
        return bool(self.statuses or self.kinds or self.annotators or self.layer != "all")


def _layer(filters: ExportFilters) -> Q:
    """The layer as a condition on ``origin`` (no condition at all for every layer, so the
    unfiltered export reads exactly as before)."""
    if filters.layer == "curated":
        return Q(origin=Origin.CURATED)
    if filters.layer == "annotator":
        return ~Q(origin=Origin.CURATED)
    return Q()


class NamesRead(Protocol):
    """Whether all users and all the set's sources were read before the chunks."""

    all_users: bool
    all_sources: bool


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


def source_rows(sources: QuerySet[Source]) -> QuerySet[Source, tuple[Any, ...]]:
    """One row per source and alias (a source without aliases: one row, alias ``None``)."""
    return sources.order_by("id", "aliases__name").values_list(
        "id", "name", "kind", "description", "aliases__name"
    )


def _claims_query(ids: list[int], filters: ExportFilters) -> QuerySet[Claim]:
    qs = Claim.objects.filter(in_ids("article_id", ids), deleted_at__isnull=True)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.annotators:
        qs = qs.filter(
            Q(created_by__username__in=filters.annotators)
            | Q(imported_annotator__in=filters.annotators)
        )
    if filters.layer != "all":
        qs = qs.filter(_layer(filters))
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
        qs = qs.filter(
            Q(created_by__username__in=filters.annotators)
            | Q(imported_annotator__in=filters.annotators)
        )
    if filters.layer != "all":
        qs = qs.filter(_layer(filters))
    return qs.order_by("article_id", "id")


# The article columns of a bundle, in the order of its "article" object.
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


def _chunk_querysets(
    ids: list[int], known_sources: list[int], filters: ExportFilters, names: NamesRead
) -> list[QuerySet[Any]]:
    """Every read of a chunk: its articles first (by id; in the pipeline with the rest, so
    their text crosses the wire while Python builds the previous chunk). Rows come ordered
    by the article id they start with (sources: by source id), and need no conversion but
    the articles' timestamps: JSON and other timestamps come as text, users as ids (the
    exporter's ``Names`` has the names; joining them in doubled the cost of the reads).
    Where ``Names`` could not read all users or sources up front, two more reads bring the
    chunk's new ones."""
    attributions = _attributions_query(ids, filters)
    claims = _claims_query(ids, filters)
    chunk_set = Article.objects.filter(in_ids("id", ids)).values("annotation_set_id")[:1]
    querysets: list[QuerySet[Any]] = [
        Article.objects.filter(in_ids("id", ids)).order_by("id").values_list(*ARTICLE_FIELDS),
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
            "imported_annotator",
            "imported_reviewer",
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
            "imported_annotator",
        ),
        ArticleFlag.objects.filter(in_ids("article_id", ids))
        .annotate(x_detail=_text("detail"))
        .order_by("article_id", "start", "id")
        .values_list("article_id", "kind", "start", "end", "x_detail"),
        StandoffMark.objects.filter(in_ids("article_id", ids))
        .filter(
            Q(annotator__username__in=filters.annotators)
            | Q(imported_annotator__in=filters.annotators)
            if filters.annotators
            else Q()
        )
        # Imported standoff marks belong to annotators, never to the curated layer.
        .filter(Q(id__lt=0) if filters.layer == "curated" else Q())
        .annotate(x_parts=_text("parts"))
        .order_by("article_id", "start", "id")
        .values_list(
            "article_id", "label", "start", "end", "x_parts", "annotator_id", "imported_annotator"
        ),
        ClaimLink.objects.filter(in_subquery("from_claim_id", claims.values("id")))
        .filter(
            # Within the set (ClaimLink.objects.within_one_set(), which compared two joined
            # articles' sets: 60x slower here): the chunk's articles are all in one set.
            to_claim__article__annotation_set__in=chunk_set,
            deleted_at__isnull=True,
            to_claim__deleted_at__isnull=True,
            to_claim__article__deleted_at__isnull=True,  # ClaimLink.objects.live(), in the SQL
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
            "imported_annotator",
        ),
    ]
    if not names.all_sources:
        querysets.append(
            source_rows(
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
                | Q(
                    id__in=ClaimLink.objects.filter(
                        to_claim__article__annotation_set__in=chunk_set, from_claim__in=claimed
                    ).values("created_by_id")
                )
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

    def __init__(self, filters: ExportFilters, names: NamesRead) -> None:
        self._filters = filters
        self._names = names
        self._compiled: list[Sql] | None = None
        if connection.vendor == "postgresql":
            compiled = self._compile(self._IDS, self._KNOWN)
            # Reuse is only safe if every id array is one of ours, by identity.
            arrays = sum(sql.count("ANY(%s::bigint[])") for sql, _ in compiled)
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
