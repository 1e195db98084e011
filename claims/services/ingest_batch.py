"""Store a batch of analysed articles in a fixed number of statements, whatever the set's size.

Per batch: one read for texts the set already has, two for near-duplicate candidates (the
set's common band keys, then the set's bands under the other keys), one for the candidates'
signatures, then bulk writes for clusters, articles, sentences, flags and bands (COPY on
PostgreSQL, see `bulk_rows`).

Near-duplicates: two articles sharing an LSH band key are candidates, confirmed when their
stored MinHash signatures agree on at least `NEAR_DUPLICATE_JACCARD` of their slots. A key
shared by more than `band_key_cap()` articles of a set comes from a template or a footer, not
from copying: it is recorded as a `CommonBandKey` and no longer looked up, so every key that
is looked up brings at most the cap's worth of rows and the cost per article stays flat.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import is_naive, make_aware

from claims.interop.articles import ArticleRecord
from claims.models import (
    AnnotationSet,
    Article,
    ArticleBand,
    ArticleFlag,
    CommonBandKey,
    DuplicateCluster,
    Sentence,
)
from claims.nlp.fingerprint import NEAR_DUPLICATE_JACCARD
from claims.nlp.prepare import PreparedArticle
from claims.services.bulk_rows import objects_insert, rows_insert

__all__ = ["Incoming", "articles_store_batch", "band_key_cap", "base_name"]

# Ids per `IN (…)` list, under SQLite's bound on parameters per statement.
_IN_CHUNK = 900


def band_key_cap() -> int:
    """Articles of a set that may share a band key before it counts as a template's."""
    return int(getattr(settings, "CLAIMS_BAND_KEY_CAP", 50))


def base_name(name: str) -> str:
    """The file's own name ("002.txt", "feed.jsonl:12"), never the importing machine's folders:
    exports carry it, and brat imports find an article's text by it."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Incoming:
    record: ArticleRecord
    source_name: str  # what the import reports it under; stored as its `base_name`
    prepared: PreparedArticle


def _published_at(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            return None
        moment = datetime(day.year, day.month, day.day)
    return make_aware(moment) if is_naive(moment) else moment


def _keys_in(column: str, keys: Sequence[int]) -> tuple[str, str]:
    """``column`` in ``keys`` as one SQL parameter, however many keys there are."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", "{" + ",".join(map(str, keys)) + "}"
    return f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(list(keys))


def _select_keys(sql: str, annotation_set: AnnotationSet, keys: Sequence[int]) -> list[Any]:
    if not keys:
        return []
    condition, param = _keys_in("key", keys)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(condition=condition), [annotation_set.pk, param])
        return cursor.fetchall()


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(values), _IN_CHUNK):
        yield values[i : i + _IN_CHUNK]


class _Groups:
    """Union-find over new articles ("n", index), stored ones ("a", id), clusters ("c", id)."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(self, node: tuple[str, int]) -> tuple[str, int]:
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: tuple[str, int], b: tuple[str, int]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def components(self) -> dict[tuple[str, int], list[tuple[str, int]]]:
        groups: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
        for node in list(self.parent):
            groups[self.find(node)].append(node)
        return groups


def _fresh(annotation_set: AnnotationSet, items: Sequence[Incoming]) -> list[int]:
    """Indexes of the items whose text neither the set nor an earlier item has."""
    shas = sorted({item.prepared.content_sha256 for item in items})
    have: set[str] = set()
    for chunk in range(0, len(shas), _IN_CHUNK):
        have.update(
            Article.objects.filter(
                annotation_set=annotation_set, folded_sha256__in=shas[chunk : chunk + _IN_CHUNK]
            ).values_list("folded_sha256", flat=True)
        )
    fresh = []
    for i, item in enumerate(items):
        sha = item.prepared.content_sha256
        if sha not in have:
            have.add(sha)
            fresh.append(i)
    return fresh


def _near_duplicate_groups(
    annotation_set: AnnotationSet, prepared: Sequence[PreparedArticle]
) -> _Groups:
    """Near-duplicate pairs among the new articles and between them and the set's articles."""
    keys = sorted({k for p in prepared for k in p.band_keys})
    band_table = ArticleBand._meta.db_table
    common_table = CommonBandKey._meta.db_table
    common = {
        row[0]
        for row in _select_keys(
            f"SELECT key FROM {common_table} WHERE annotation_set_id = %s AND {{condition}}",
            annotation_set,
            keys,
        )
    }
    stored: dict[int, list[int]] = defaultdict(list)
    for key, article_id in _select_keys(
        f"SELECT key, article_id FROM {band_table} WHERE annotation_set_id = %s AND {{condition}}",
        annotation_set,
        [k for k in keys if k not in common],
    ):
        stored[key].append(article_id)
    in_batch: dict[int, int] = defaultdict(int)
    for p in prepared:
        for key in p.band_keys:
            in_batch[key] += 1
    cap = band_key_cap()
    now_common = sorted(
        k for k, n in in_batch.items() if k not in common and n + len(stored.get(k, ())) > cap
    )
    CommonBandKey.objects.bulk_create(
        [CommonBandKey(annotation_set=annotation_set, key=k) for k in now_common],
        ignore_conflicts=True,
    )
    ignored = common | set(now_common)

    groups = _Groups()
    seen: dict[int, list[int]] = defaultdict(list)
    wanted: list[tuple[int, set[int]]] = []
    signatures = [p.signature() for p in prepared]
    for i, p in enumerate(prepared):
        candidates: set[int] = set()
        earlier: set[int] = set()
        for key in p.band_keys:
            if key in ignored:
                continue
            candidates.update(stored.get(key, ()))
            earlier.update(seen[key])
            seen[key].append(i)
        for j in sorted(earlier):
            if float(np.mean(signatures[i] == signatures[j])) >= NEAR_DUPLICATE_JACCARD:
                groups.union(("n", i), ("n", j))
        if candidates:
            wanted.append((i, candidates))
    if not wanted:
        return groups
    ids = sorted(set().union(*(c for _, c in wanted)))
    found: dict[int, tuple[np.ndarray, int | None]] = {}
    for chunk in _chunks(ids):
        rows = Article.objects.filter(pk__in=chunk, deleted_at__isnull=True).values_list(
            "id", "minhash", "cluster_id"
        )
        for article_id, minhash, cluster_id in rows:
            if minhash:
                found[article_id] = (np.frombuffer(bytes(minhash), dtype="<u4"), cluster_id)
    for i, candidates in wanted:
        for article_id in sorted(candidates):
            if article_id not in found:
                continue
            signature, stored_cluster = found[article_id]
            if signature.shape != signatures[i].shape:
                continue
            if float(np.mean(signatures[i] == signature)) >= NEAR_DUPLICATE_JACCARD:
                groups.union(("n", i), ("a", article_id))
                if stored_cluster is not None:
                    groups.union(("a", article_id), ("c", stored_cluster))
    return groups


def _clusters(groups: _Groups, count: int) -> list[int | None]:
    """The cluster of each new article: a group keeps its oldest cluster (others merge into
    it) or gets a new one; stored articles of the group move to it."""
    cluster_of: list[int | None] = [None] * count
    unclustered: list[tuple[list[int], list[int]]] = []  # new indexes, stored ids
    for nodes in groups.components().values():
        new = sorted(n for kind, n in nodes if kind == "n")
        if not new or len(nodes) < 2:
            continue
        clusters = sorted(n for kind, n in nodes if kind == "c")
        stored = sorted(n for kind, n in nodes if kind == "a")
        if not clusters:
            unclustered.append((new, stored))
            continue
        target = clusters[0]
        Article.objects.filter(Q(pk__in=stored) | Q(cluster_id__in=clusters[1:])).exclude(
            cluster_id=target
        ).update(cluster_id=target)
        for i in new:
            cluster_of[i] = target
    made = DuplicateCluster.objects.bulk_create([DuplicateCluster() for _ in unclustered])
    for (new, stored), cluster in zip(unclustered, made, strict=True):
        if stored:
            Article.objects.filter(pk__in=stored).update(cluster_id=cluster.pk)
        for i in new:
            cluster_of[i] = cluster.pk
    return cluster_of


def articles_store_batch(
    *, annotation_set: AnnotationSet, items: Sequence[Incoming], user: Any = None
) -> list[Article | None]:
    """Store the items' articles with their sentences, flags and bands and join them to
    near-duplicate clusters, in one transaction. ``None`` for an item whose folded text the
    set (or an earlier item) already has."""
    results: list[Article | None] = [None] * len(items)
    imported_by = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        fresh = _fresh(annotation_set, items)
        if not fresh:
            return results
        prepared = [items[i].prepared for i in fresh]
        cluster_of = _clusters(_near_duplicate_groups(annotation_set, prepared), len(fresh))
        articles = []
        for i, cluster_id in zip(fresh, cluster_of, strict=True):
            item = items[i]
            record, p = item.record, item.prepared
            name = base_name(item.source_name)
            articles.append(
                Article(
                    annotation_set=annotation_set,
                    title=(record.title or name)[:500],
                    outlet=(record.outlet or "")[:200],
                    author=(record.author or "")[:300],
                    url=(record.url or "")[:2000],
                    published_at=_published_at(record.published_at),
                    text=record.text,
                    folded_sha256=p.content_sha256,
                    minhash=p.minhash,
                    quality_flags=dict(p.quality_flags),
                    cluster_id=cluster_id,
                    source_name=name[:500],
                    imported_by=imported_by,
                )
            )
        objects_insert(articles)
        set_id = annotation_set.pk
        pairs = [(a.pk, p) for a, p in zip(articles, prepared, strict=True)]
        rows_insert(
            Sentence,
            ("article_id", "index", "start", "end", "folded_text"),
            ((pk, *row) for pk, p in pairs for row in p.sentences),
        )
        rows_insert(
            ArticleFlag,
            ("article_id", "kind", "start", "end", "detail"),
            ((pk, *row) for pk, p in pairs for row in p.flags),
        )
        rows_insert(
            ArticleBand,
            ("article_id", "annotation_set_id", "key"),
            ((pk, set_id, key) for pk, p in pairs for key in p.band_keys),
        )
    for i, article in zip(fresh, articles, strict=True):
        results[i] = article
    return results
