"""Full-text search over claims and sentences: one selector, two database backends.

The database finds and pre-ranks candidates through its own full-text index (PostgreSQL
``tsvector`` with English stemming, SQLite FTS5 with the porter tokenizer; see
``claims.search_index``); the final order is BM25 over folded terms computed here
(``claims.nlp.corroboration``), so the same query returns the same ids in the same order on
both backends. Queries are built from folded words only, never from raw user text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any, Literal

from django.db import connection
from django.db.models import F
from django.db.models.functions import Substr

from claims.models import Claim, Sentence
from claims.nlp.corroboration import bm25, query_terms, terms
from claims.nlp.normalize import fold
from claims.search_index import fts_table

Kind = Literal["claim", "sentence"]
# Rows containing all the words, any of them, or any two of them.
Mode = Literal["all", "any", "pairs"]
# Candidates the index hands over for re-ranking, per table.
POOL = 300
# A term found in more rows than this is too common to pick candidates by.
DF_CAP = 300

_TABLES: dict[Kind, tuple[str, str]] = {
    "claim": ("claims_claim", "folded_quote"),
    "sentence": ("claims_sentence", "folded_text"),
}


@dataclass(frozen=True, slots=True)
class SearchFilters:
    set_ids: Sequence[int]
    outlet: str = ""
    published_from: date | None = None
    published_to: date | None = None
    kind: str = ""  # attribution kind (claims only)
    source: int | None = None  # source id (claims only)
    status: str = ""  # claim status (claims only)
    exclude_article: int | None = None
    include_sentences: bool = True

    @property
    def claims_only(self) -> bool:
        return bool(self.kind or self.source or self.status)


@dataclass(slots=True)
class Hit:
    kind: Kind
    pk: int
    article_id: int
    article_title: str
    start: int
    end: int
    text: str
    folded: str
    cluster_id: int | None
    outlet: str = ""
    status: str = ""
    score: float = 0.0
    tokens: list[str] = field(default_factory=list)


def _where(kind: Kind, filters: SearchFilters) -> tuple[str, list[Any]]:
    """SQL conditions (standard SQL, both backends) on ``t`` (the table) and ``a`` (article)."""
    sql = ["a.deleted_at IS NULL"]
    params: list[Any] = []
    ids = list(filters.set_ids) or [-1]
    sql.append(f"a.annotation_set_id IN ({', '.join(['%s'] * len(ids))})")
    params.extend(ids)
    if filters.exclude_article is not None:
        sql.append("a.id <> %s")
        params.append(filters.exclude_article)
    if filters.outlet:
        sql.append("LOWER(a.outlet) = LOWER(%s)")
        params.append(filters.outlet)
    if filters.published_from:
        sql.append("a.published_at >= %s")
        params.append(filters.published_from.isoformat())
    if filters.published_to:
        sql.append("a.published_at < %s")
        params.append(filters.published_to.isoformat() + "T23:59:59.999999")
    if kind == "claim":
        sql.append("t.deleted_at IS NULL AND t.status <> 'rejected'")
        if filters.status:
            sql.append("t.status = %s")
            params.append(filters.status)
        if filters.kind or filters.source:
            sub = ["at.claim_id = t.id", "at.deleted_at IS NULL"]
            if filters.kind:
                sub.append("at.kind = %s")
                params.append(filters.kind)
            if filters.source:
                sub.append("at.source_id = %s")
                params.append(filters.source)
            sql.append(f"EXISTS (SELECT 1 FROM claims_attribution at WHERE {' AND '.join(sub)})")
    return " AND ".join(sql), params


def _match_sql(kind: Kind, words: Sequence[str], mode: Mode) -> tuple[str, str, list[Any]]:
    """(FROM clause, match condition + rank expression, params) for the backend in use."""
    table, _ = _TABLES[kind]
    # "pairs": any two of the words (an OR of ANDs), so the index intersects posting lists.
    groups = (
        [list(pair) for pair in combinations(words, 2)]
        if mode == "pairs" and len(words) > 1
        else ([list(words)] if mode == "all" else [[w] for w in words])
    )
    if connection.vendor == "postgresql":
        q = "plainto_tsquery('english', %s)"
        tsquery = " || ".join("(" + " && ".join([q] * len(g)) + ")" for g in groups)
        return (
            f"(SELECT {tsquery} AS q) query CROSS JOIN {table} t",
            "t.search_vector @@ query.q",
            [w for g in groups for w in g],
        )
    fts = fts_table(table)
    expression = " OR ".join("(" + " AND ".join(f'"{w}"' for w in g) + ")" for g in groups)
    return (f"{fts} f JOIN {table} t ON t.id = f.rowid", f"{fts} MATCH %s", [expression])


def _rank_sql() -> str:
    if connection.vendor == "postgresql":
        return "ts_rank(t.search_vector, query.q) DESC"
    return "f.rank"


def match_ids(
    *,
    kind: Kind,
    words: Sequence[str],
    filters: SearchFilters,
    mode: Mode,
    limit: int = POOL,
) -> list[int]:
    """Ids of live rows matching the words, best first by the backend's own rank."""
    if not words:
        return []
    source, condition, match_params = _match_sql(kind, words, mode)
    where, params = _where(kind, filters)
    sql = (
        f"SELECT t.id FROM {source} JOIN claims_article a ON a.id = t.article_id "
        f"WHERE {condition} AND {where} ORDER BY {_rank_sql()}, t.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match_params, *params, limit])
        return [row[0] for row in cursor.fetchall()]


def document_frequencies(words: Sequence[str], *, cap: int = DF_CAP) -> dict[str, int]:
    """Rows (claims + sentences) containing each word, counted up to ``cap``, in one query.

    On PostgreSQL a word the planner's statistics put above the cap in a table is not
    counted there but estimated from them: a GIN index reads a word's whole posting list even
    to count a few rows, so counting the common words is what grows with the table."""
    if not words:
        return {}
    estimated = _estimated_frequencies(words, cap) if connection.vendor == "postgresql" else {}
    counts = {w: 0 for w in words}
    parts: list[str] = []
    params: list[str | int] = []
    for i, word in enumerate(words):
        for kind in ("claim", "sentence"):
            table, _ = _TABLES[kind]  # type: ignore[index]
            if (table, word) in estimated:
                counts[word] += estimated[table, word]
                continue
            if connection.vendor == "postgresql":
                inner = (
                    f"SELECT 1 FROM {table} "
                    "WHERE search_vector @@ plainto_tsquery('english', %s) LIMIT %s"
                )
            else:
                fts = fts_table(table)
                inner = f"SELECT 1 FROM {fts} WHERE {fts} MATCH %s LIMIT %s"
            parts.append(f"SELECT {i}, (SELECT count(*) FROM ({inner}) s{i}{kind[0]})")
            params.extend([word if connection.vendor == "postgresql" else f'"{word}"', cap])
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for i, n in cursor.fetchall():
                counts[words[i]] += int(n)
    return counts


def _estimated_frequencies(words: Sequence[str], cap: int) -> dict[tuple[str, str], int]:
    """(table, word) -> rows estimated from ``ANALYZE``'s most common lexemes, for the words
    estimated above ``cap``; none before a table was analysed or when it is small."""
    # Materialized: each word is parsed once, the statistics arrays unpacked once.
    sql = (
        "WITH w AS MATERIALIZED (SELECT word,"
        " tsvector_to_array(to_tsvector('english', word)) AS lexemes"
        " FROM unnest(%s::text[]) AS word),"
        " e AS MATERIALIZED (SELECT s.tablename, e.lexeme, e.freq * c.reltuples AS n"
        " FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename"
        " AND c.relnamespace = current_schema()::regnamespace"
        " CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[],"
        " s.most_common_elem_freqs) AS e(lexeme, freq)"
        " WHERE s.schemaname = current_schema() AND s.attname = 'search_vector'"
        " AND s.tablename = ANY(%s))"
        " SELECT e.tablename, w.word, round(e.n)::bigint FROM w JOIN e"
        " ON e.lexeme = w.lexemes[1] WHERE cardinality(w.lexemes) = 1 AND e.n >= %s"
    )
    tables = [table for table, _ in _TABLES.values()]
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(words), tables, cap])
        return {(table, word): int(n) for table, word, n in cursor.fetchall()}


def collection_size() -> int:
    """Rough number of indexed rows (the highest ids), for BM25's idf."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM claims_claim)"
            " + (SELECT COALESCE(MAX(id), 0) FROM claims_sentence)"
        )
        return int(cursor.fetchone()[0])


def load_hits(*, claim_ids: Sequence[int], sentence_ids: Sequence[int]) -> list[Hit]:
    """Rows for the ids, with their article's title, cluster and the exact text slice."""
    hits: list[Hit] = []
    if claim_ids:
        rows = Claim.objects.filter(pk__in=claim_ids).values_list(
            "id",
            "article_id",
            "article__title",
            "start",
            "end",
            "quote",
            "folded_quote",
            "article__cluster_id",
            "article__outlet",
            "status",
        )
        hits.extend(
            Hit(
                "claim",
                pk,
                art,
                title,
                s,
                e,
                quote,
                folded or fold(quote).text,
                cluster,
                outlet,
                status,
            )
            for pk, art, title, s, e, quote, folded, cluster, outlet, status in rows
        )
    if sentence_ids:
        sentence_rows = (
            Sentence.objects.filter(pk__in=sentence_ids)
            .annotate(slice=Substr("article__text", F("start") + 1, F("end") - F("start")))
            .values_list(
                "id",
                "article_id",
                "article__title",
                "start",
                "end",
                "slice",
                "folded_text",
                "article__cluster_id",
                "article__outlet",
            )
        )
        hits.extend(
            Hit("sentence", pk, art, title, s, e, text, folded, cluster, outlet)
            for pk, art, title, s, e, text, folded, cluster, outlet in sentence_rows
        )
    return hits


def rank_hits(
    hits: list[Hit],
    query: Sequence[str],
    *,
    doc_freq: dict[str, int] | None = None,
    total_docs: int | None = None,
    coordination: bool = False,
) -> list[Hit]:
    """BM25 over folded terms; ties by kind (claims first) then id, so the order is total."""
    for hit in hits:
        hit.tokens = terms(hit.folded)
    scores = bm25(
        query,
        [h.tokens for h in hits],
        doc_freq=doc_freq,
        total_docs=total_docs,
        coordination=coordination,
    )
    for hit, score in zip(hits, scores, strict=True):
        hit.score = round(score, 4)
    return sorted(hits, key=lambda h: (-h.score, h.kind != "claim", h.pk))


def search(*, query: str, filters: SearchFilters, limit: int = 20) -> list[Hit]:
    """Claims and sentences containing every word of the query (any order, stemmed, folded:
    homoglyph copies, quotes and case match), best first."""
    words = query_terms(fold(query).text)[:12]
    if not words:
        return []
    claim_ids = match_ids(kind="claim", words=words, filters=filters, mode="all")
    sentence_ids: list[int] = []
    if filters.include_sentences and not filters.claims_only:
        sentence_ids = match_ids(kind="sentence", words=words, filters=filters, mode="all")
    hits = load_hits(claim_ids=claim_ids, sentence_ids=sentence_ids)
    return rank_hits(hits, terms(" ".join(words)))[:limit]
