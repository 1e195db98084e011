"""Import articles: read files, analyse each text (claims.nlp.pipeline) on every core
(claims.nlp.pool), store batches with their sentences and flags (claims.services.ingest_batch),
skip exact duplicates and join near-duplicates into clusters.

Each batch is stored in one transaction, so a failure never leaves half an article; a batch
that meets a concurrent import of the same text is stored again article by article. A file
that cannot be read is reported and the rest of the import still goes in. The UI upload, the
API and `manage.py import_articles` all come through `articles_import`.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError

from claims.interop.articles import ArticleReadError, ArticleRecord, read_articles_result
from claims.models import AnnotationSet, Article, ArticleFlag, Sentence
from claims.nlp.pipeline import ArticleAnalysis, analyze_article
from claims.nlp.pool import AnalysisPool
from claims.nlp.prepare import prepare_analysis
from claims.services.bulk_rows import planner_statistics_refresh
from claims.services.ingest_batch import Incoming, articles_store_batch, base_name
from claims.services.limits import article_size_error, upload_size_error

__all__ = [
    "COMMIT_BATCH",
    "ImportOutcome",
    "article_store",
    "articles_import",
    "base_name",
    "read_error_json",
    "records_store",
]

Progress = Callable[[int, int], None]
# Articles per transaction: a commit costs a disk flush, a batch's statements are fixed.
COMMIT_BATCH = 500


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


def ingest_workers() -> int | None:
    """Analysis processes for an import: ``CLAIMS_INGEST_WORKERS``, else every core."""
    workers = getattr(settings, "CLAIMS_INGEST_WORKERS", None)
    return None if workers is None else int(workers)


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
    item = Incoming(record=record, source_name=source_name, prepared=prepare_analysis(analysis))
    return _store_one(annotation_set, item, user), analysis


def _store_one(annotation_set: AnnotationSet, item: Incoming, user: Any) -> Article | None:
    try:
        return articles_store_batch(annotation_set=annotation_set, items=[item], user=user)[0]
    except IntegrityError:
        # A concurrent import stored the same text first: that is a duplicate, not an error.
        if Article.objects.filter(
            annotation_set=annotation_set, folded_sha256=item.prepared.content_sha256
        ).exists():
            return None
        raise


def _store(annotation_set: AnnotationSet, items: list[Incoming], user: Any) -> list[Article | None]:
    try:
        return articles_store_batch(annotation_set=annotation_set, items=items, user=user)
    except IntegrityError:
        return [_store_one(annotation_set, item, user) for item in items]


def _records(
    files: Iterable[tuple[str, bytes]], fmt: str, outcome: ImportOutcome
) -> Iterator[tuple[str, ArticleRecord]]:
    """Every readable record with the name it is reported under; errors go to ``outcome``."""
    for name, data in files:
        try:
            if problem := upload_size_error(len(data)):
                raise ArticleReadError(name, problem)
            result = read_articles_result(name, data, fmt)
        except ArticleReadError as error:
            outcome.errors.append(read_error_json(error))
            continue
        outcome.errors.extend(read_error_json(e) for e in result.errors)
        for record in result.records:
            if problem := article_size_error(record.text):
                outcome.errors.append(read_error_json(ArticleReadError(name, problem, record.line)))
                continue
            # A JSONL file holds many articles: name each by its line.
            yield (f"{name}:{record.line}" if record.line is not None else name), record


def records_store(
    *,
    annotation_set: AnnotationSet,
    entries: Sequence[tuple[str, ArticleRecord]],
    user: Any = None,
    progress: Progress | None = None,
    total: int | None = None,
) -> Iterator[tuple[Incoming, Article | None]]:
    """Analyse (every core) and store (in batches) articles given as (name, record); yields
    each with its stored article, or ``None`` for a text the set already has."""
    batches = [entries[i : i + COMMIT_BATCH] for i in range(0, len(entries), COMMIT_BATCH)]
    count = total or len(entries)
    done = 0
    with AnalysisPool(ingest_workers(), expected=len(entries)) as pool:
        pending = pool.submit([r.text for _, r in batches[0]]) if batches else None
        for n, batch in enumerate(batches):
            assert pending is not None
            prepared = pending.get()
            # The workers analyse the next batch while this one is written.
            if n + 1 < len(batches):
                pending = pool.submit([r.text for _, r in batches[n + 1]])
            items = [
                Incoming(record=record, source_name=key, prepared=p)
                for (key, record), p in zip(batch, prepared, strict=True)
            ]
            yield from zip(items, _store(annotation_set, items, user), strict=True)
            done += len(batch)
            if progress:
                progress(done, count)


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
    unreadable files and lines are listed in ``errors``. ``progress(done, total)`` counts
    articles."""
    outcome = ImportOutcome()
    stored: dict[str, Article] = {}
    names_by_id: dict[int, str] = {}
    entries = list(_records(files, fmt, outcome))
    for item, article in records_store(
        annotation_set=annotation_set, entries=entries, user=user, progress=progress, total=total
    ):
        _note(outcome, item, article, stored, names_by_id)
    _cluster_names(outcome, stored, names_by_id)
    # Sentences run about 30 to an article: that is where the rows are.
    planner_statistics_refresh(30 * len(stored), (Article, Sentence, ArticleFlag))
    if stored:
        _after_import(annotation_set=annotation_set, article_ids=list(outcome.articles.values()))
    return outcome


def _note(
    outcome: ImportOutcome,
    item: Incoming,
    article: Article | None,
    stored: dict[str, Article],
    names_by_id: dict[int, str],
) -> None:
    key = item.source_name
    if article is None:
        outcome.skipped_duplicates.append(key)
        return
    stored[key] = article
    names_by_id[article.pk] = key
    outcome.articles[key] = article.pk
    flags = item.prepared.quality_flags
    outcome.flags[key] = {
        "homoglyphs": int(flags.get("homoglyphs", 0)),
        "run_together": int(flags.get("run_together", 0)),
        "boilerplate": int(flags.get("boilerplate", 0)),
    }


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


def _after_import(*, annotation_set: AnnotationSet, article_ids: list[int]) -> None:
    """New imports get machine suggestions, as a background job with visible progress."""
    from claims.services.jobs import suggestion_job_start

    suggestion_job_start(annotation_set=annotation_set, user=None, article_ids=article_ids)
