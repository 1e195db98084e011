"""Import articles: read files, analyse each text (claims.nlp.pipeline), store it with its
sentences and flags, skip exact duplicates and join near-duplicates into clusters.

Each article is stored in its own transaction, so a failure never leaves half an article;
a file that cannot be read is reported and the rest of the batch still imports.
"""

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import is_naive, make_aware

from claims.interop.articles import ArticleReadError, ArticleRecord, read_articles_result
from claims.models import (
    AnnotationSet,
    Article,
    ArticleBand,
    ArticleFlag,
    DuplicateCluster,
    FlagKind,
    Sentence,
)
from claims.nlp.fingerprint import NEAR_DUPLICATE_JACCARD, estimate_jaccard
from claims.nlp.pipeline import ArticleAnalysis, analyze_article
from claims.services.limits import article_size_error, upload_size_error

Progress = Callable[[int, int], None]
COMMIT_BATCH = 25


@dataclass
class ImportOutcome:
    """What an import did, keyed by the names the files were given as."""

    articles: dict[str, int] = field(default_factory=dict)
    skipped_duplicates: list[str] = field(default_factory=list)
    clusters: list[list[str]] = field(default_factory=list)
    flags: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return len(self.articles)

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "articles": self.articles,
            "skipped_duplicates": self.skipped_duplicates,
            "clusters": self.clusters,
            "flags": self.flags,
            "errors": self.errors,
        }


def read_error_json(error: ArticleReadError) -> dict[str, Any]:
    entry: dict[str, Any] = {"file": error.file, "error": str(error)}
    if error.line is not None:
        entry["line"] = error.line
    if error.byte_offset is not None:
        entry["byte"] = error.byte_offset
    return entry


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


def _flags(article: Article, analysis: ArticleAnalysis) -> list[ArticleFlag]:
    flags = [
        ArticleFlag(
            article=article,
            kind=FlagKind.LOOKALIKE,
            start=w.start,
            end=w.end,
            detail={"count": w.count, "scripts": list(w.scripts)},
        )
        for w in analysis.lookalike_words
    ]
    flags += [
        ArticleFlag(
            article=article,
            kind=FlagKind.BOILERPLATE,
            start=b.start,
            end=b.end,
            detail={"reason": b.reason},
        )
        for b in analysis.boilerplate
    ]
    flags += [
        ArticleFlag(
            article=article,
            kind=FlagKind.RUN_TOGETHER,
            start=r.start,
            end=r.end,
            detail={"proposed": r.proposed},
        )
        for r in analysis.run_together
    ]
    return flags


def _folded_slice(analysis: ArticleAnalysis, start: int, end: int) -> str:
    folded_start, folded_end = analysis.folded.from_source(start, end)
    return analysis.folded.text[folded_start:folded_end]


def _signature_bytes(signature: np.ndarray) -> bytes:
    return np.asarray(signature, dtype="<u4").tobytes()


def _near_duplicates(annotation_set: AnnotationSet, analysis: ArticleAnalysis) -> list[Article]:
    """Articles of the set sharing an LSH band with this text and close enough in MinHash.

    The band lookup is an indexed equality query, so it stays cheap at millions of articles.
    """
    keys = [int(k) for k in analysis.band_keys]
    candidates = Article.objects.filter(
        annotation_set=annotation_set,
        deleted_at__isnull=True,
        pk__in=ArticleBand.objects.filter(key__in=keys).values("article_id"),
    ).only("id", "minhash", "cluster_id", "source_name")
    signature = np.asarray(analysis.minhash, dtype=np.uint32)
    return [
        candidate
        for candidate in candidates
        if candidate.minhash
        and estimate_jaccard(signature, np.frombuffer(bytes(candidate.minhash), dtype="<u4"))
        >= NEAR_DUPLICATE_JACCARD
    ]


def _join_cluster(article: Article, near: Sequence[Article]) -> DuplicateCluster | None:
    if not near:
        return None
    cluster_ids = sorted({a.cluster_id for a in near if a.cluster_id is not None})
    if cluster_ids:
        cluster = DuplicateCluster.objects.get(pk=cluster_ids[0])
        # Two clusters bridged by this article become one.
        Article.objects.filter(cluster_id__in=cluster_ids[1:]).update(cluster=cluster)
    else:
        cluster = DuplicateCluster.objects.create()
    Article.objects.filter(pk__in=[a.pk for a in near]).update(cluster=cluster)
    article.cluster = cluster
    article.save(update_fields=["cluster"])
    return cluster


def base_name(name: str) -> str:
    """The file's own name ("002.txt", "feed.jsonl:12"), never the importing machine's folders:
    exports carry it, and brat imports find an article's text by it."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def article_store(
    *,
    annotation_set: AnnotationSet,
    record: ArticleRecord,
    source_name: str,
    user: Any = None,
    analysis: ArticleAnalysis | None = None,
) -> tuple[Article | None, ArticleAnalysis]:
    """Store one article with everything derived from it; ``None`` if an article with the
    same folded text is already in the set."""
    analysis = analysis or analyze_article(record.text)
    source_name = base_name(source_name)
    if Article.objects.filter(
        annotation_set=annotation_set, folded_sha256=analysis.content_sha256
    ).exists():
        return None, analysis
    article = Article(
        annotation_set=annotation_set,
        title=(record.title or source_name)[:500],
        outlet=(record.outlet or "")[:200],
        author=(record.author or "")[:300],
        url=(record.url or "")[:2000],
        published_at=_published_at(record.published_at),
        text=record.text,
        folded_sha256=analysis.content_sha256,
        minhash=_signature_bytes(analysis.minhash),
        quality_flags=dict(analysis.quality_flags),
        source_name=source_name[:500],
        imported_by=user if getattr(user, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            near = _near_duplicates(annotation_set, analysis)
            article.save()
            Sentence.objects.bulk_create(
                Sentence(
                    article=article,
                    index=i,
                    start=s,
                    end=e,
                    folded_text=_folded_slice(analysis, s, e),
                )
                for i, (s, e) in enumerate(analysis.sentences)
            )
            ArticleFlag.objects.bulk_create(_flags(article, analysis))
            ArticleBand.objects.bulk_create(
                ArticleBand(article=article, key=int(k)) for k in set(analysis.band_keys)
            )
            _join_cluster(article, near)
    except IntegrityError:
        # A concurrent import stored the same text first: that is a duplicate, not an error.
        if Article.objects.filter(
            annotation_set=annotation_set, folded_sha256=analysis.content_sha256
        ).exists():
            return None, analysis
        raise
    return article, analysis


def _cluster_names(
    outcome: ImportOutcome, stored: dict[str, Article], names_by_id: dict[int, str]
) -> None:
    """Near-duplicate groups that include a file of this run, named by file where we can."""
    cluster_ids = {a.cluster_id for a in stored.values() if a.cluster_id is not None}
    members = Article.objects.filter(cluster_id__in=cluster_ids).values_list(
        "cluster_id", "id", "source_name"
    )
    groups: dict[int, list[str]] = {}
    for cluster_id, article_id, source_name in members.order_by("cluster_id", "id"):
        groups.setdefault(cluster_id, []).append(names_by_id.get(article_id, source_name))
    outcome.clusters = [sorted(names) for _, names in sorted(groups.items())]


def _import_file(
    annotation_set: AnnotationSet,
    name: str,
    data: bytes,
    fmt: str,
    user: Any,
    outcome: ImportOutcome,
    stored: dict[str, Article],
    names_by_id: dict[int, str],
) -> None:
    try:
        if problem := upload_size_error(len(data)):
            raise ArticleReadError(name, problem)
        result = read_articles_result(name, data, fmt)
    except ArticleReadError as error:
        outcome.errors.append(read_error_json(error))
        return
    outcome.errors.extend(read_error_json(e) for e in result.errors)
    for record in result.records:
        # A JSONL file holds many articles: name each by its line.
        key = f"{name}:{record.line}" if record.line is not None else name
        if problem := article_size_error(record.text):
            outcome.errors.append(read_error_json(ArticleReadError(name, problem, record.line)))
            continue
        article, analysis = article_store(
            annotation_set=annotation_set, record=record, source_name=key, user=user
        )
        if article is None:
            outcome.skipped_duplicates.append(key)
            continue
        stored[key] = article
        names_by_id[article.pk] = key
        outcome.articles[key] = article.pk
        outcome.flags[key] = {
            "homoglyphs": int(analysis.quality_flags.get("homoglyphs", 0)),
            "run_together": int(analysis.quality_flags.get("run_together", 0)),
            "boilerplate": int(analysis.quality_flags.get("boilerplate", 0)),
        }


def articles_import(
    *,
    annotation_set: AnnotationSet,
    files: Iterable[tuple[str, bytes]],
    fmt: str = "auto",
    user: Any = None,
    progress: Progress | None = None,
    total: int | None = None,
) -> ImportOutcome:
    """Import every article in ``files`` (name, raw bytes). Never raises for bad input:
    unreadable files and lines are listed in ``errors``."""
    outcome = ImportOutcome()
    stored: dict[str, Article] = {}
    names_by_id: dict[int, str] = {}
    file_list = list(files)
    done = 0
    # Commit in batches (a commit costs a disk flush); each article still has its own
    # savepoint, so a failure never leaves half an article.
    for batch in itertools.batched(file_list, COMMIT_BATCH):
        with transaction.atomic():
            for name, data in batch:
                _import_file(annotation_set, name, data, fmt, user, outcome, stored, names_by_id)
        done += len(batch)
        if progress:
            progress(done, total or len(file_list))
    _cluster_names(outcome, stored, names_by_id)
    if stored:
        _after_import(annotation_set=annotation_set, article_ids=list(outcome.articles.values()))
    return outcome


def _after_import(*, annotation_set: AnnotationSet, article_ids: list[int]) -> None:
    """New imports get machine suggestions, as a background job with visible progress."""
    from claims.services.jobs import suggestion_job_start

    suggestion_job_start(annotation_set=annotation_set, user=None, article_ids=article_ids)
