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
from itertools import batched
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet

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

FORMAT_TAG = "claim-annotator/1"
ARTICLE_CHUNK = 100

Bundle = dict[str, Any]


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


def _spans(text: str, start: int | None, end: int | None, parts: list[list[int]]) -> str | None:
    if start is None or end is None:
        return None
    if parts:
        return " ".join(text[s:e] for s, e in parts)
    return text[start:end]


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
    qs = Attribution.objects.filter(article_id__in=ids, deleted_at__isnull=True).filter(
        Q(claim__isnull=True) | Q(claim__deleted_at__isnull=True)
    )
    if filters.kinds:
        qs = qs.filter(kind__in=filters.kinds)
    if filters.annotators:
        qs = qs.filter(created_by__username__in=filters.annotators)
    if filters.statuses:
        qs = qs.filter(claim__status__in=filters.statuses)
    return qs.order_by("article_id", "id")


def _group(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return grouped


def _chunk_bundles(chunk: list[tuple[Any, ...]], filters: ExportFilters) -> Iterator[Bundle]:
    ids = [row[0] for row in chunk]
    sentences = _group(
        Sentence.objects.filter(article_id__in=ids)
        .order_by("article_id", "index")
        .values_list("article_id", "start", "end")
    )
    flags = _group(
        ArticleFlag.objects.filter(article_id__in=ids)
        .order_by("article_id", "start", "id")
        .values_list("article_id", "kind", "start", "end", "detail")
    )
    claims = _group(
        _claims_query(ids, filters).values_list(
            "article_id",
            "id",
            "start",
            "end",
            "parts",
            "status",
            "origin",
            "note",
            "created_by__username",
            "accepted_by__username",
            "version",
            "created_at",
            "updated_at",
        )
    )
    attributions = _group(
        _attributions_query(ids, filters).values_list(
            "article_id",
            "id",
            "claim_id",
            "kind",
            "source_id",
            "source_start",
            "source_end",
            "source_parts",
            "cue_start",
            "cue_end",
            "cue_parts",
            "confidence",
            "origin",
            "details",
            "created_by__username",
            "version",
            "created_at",
            "updated_at",
        )
    )
    marks = _group(
        StandoffMark.objects.filter(article_id__in=ids)
        .filter(
            Q(annotator__username__in=filters.annotators) if filters.annotators else Q()
        )
        .order_by("article_id", "start", "id")
        .values_list("article_id", "label", "start", "end", "parts", "annotator__username")
    )
    source_ids = {row[4] for rows in attributions.values() for row in rows if row[4] is not None}
    sources = _sources(source_ids)
    claim_ids = [row[1] for rows in claims.values() for row in rows]
    links = _group(
        ClaimLink.objects.filter(
            from_claim_id__in=claim_ids,
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
            "created_by__username",
            "version",
        )
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
            narrowed_by_kind=bool(filters.kinds),
        )


def _sources(source_ids: set[int]) -> dict[int, dict[str, Any]]:
    if not source_ids:
        return {}
    found = {
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


def _bundle(
    article: dict[str, Any],
    sentences: Iterable[tuple[Any, ...]],
    flags: Iterable[tuple[Any, ...]],
    claims: Iterable[tuple[Any, ...]],
    attributions: Iterable[tuple[Any, ...]],
    sources: dict[int, dict[str, Any]],
    links: Iterable[tuple[Any, ...]],
    marks: Iterable[tuple[Any, ...]],
    *,
    narrowed_by_kind: bool,
) -> Bundle:
    text: str = article["text"]
    attribution_list = [
        {
            "id": a[1],
            "claim": a[2],
            "kind": a[3],
            "source": a[4],
            "source_start": a[5],
            "source_end": a[6],
            "source_parts": a[7],
            "source_text": _spans(text, a[5], a[6], a[7]),
            "cue_start": a[8],
            "cue_end": a[9],
            "cue_parts": a[10],
            "cue_text": _spans(text, a[8], a[9], a[10]),
            "confidence": a[11],
            "origin": a[12],
            "details": a[13],
            "created_by": a[14],
            "version": a[15],
            "created_at": a[16],
            "updated_at": a[17],
        }
        for a in attributions
    ]
    kept_claims = {a["claim"] for a in attribution_list} if narrowed_by_kind else None
    claim_list = [
        {
            "id": c[1],
            "start": c[2],
            "end": c[3],
            "parts": c[4],
            "text": _spans(text, c[2], c[3], c[4]),
            "status": c[5],
            "origin": c[6],
            "note": c[7],
            "created_by": c[8],
            "accepted_by": c[9],
            "version": c[10],
            "created_at": c[11],
            "updated_at": c[12],
        }
        for c in claims
        if kept_claims is None or c[1] in kept_claims
    ]
    used_sources = sorted({a["source"] for a in attribution_list if a["source"] is not None})
    return {
        "format": FORMAT_TAG,
        "article": article,
        "sentences": [[s[1], s[2]] for s in sentences],
        "flags": [{"kind": f[1], "start": f[2], "end": f[3], "detail": f[4]} for f in flags],
        "sources": [sources[pk] for pk in used_sources if pk in sources],
        "claims": claim_list,
        "attributions": attribution_list,
        "links": [
            {
                "id": link[1],
                "from_claim": link[2],
                "to_claim": link[3],
                "relation": link[4],
                "note": link[5],
                "origin": link[6],
                "created_by": link[7],
                "version": link[8],
            }
            for link in links
        ],
        "marks": [
            {
                "label": m[1],
                "start": m[2],
                "end": m[3],
                "parts": m[4],
                "text": _spans(text, m[2], m[3], m[4]),
                "annotator": m[5],
            }
            for m in marks
        ],
    }


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
    for chunk in batched(rows, chunk_size):
        yield from _chunk_bundles(list(chunk), filters)


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
