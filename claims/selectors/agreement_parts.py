"""A set's agreement summed from per-article parts (``ArticleAgreement``), so the first view
after a write costs what the touched articles cost, not what the set does.

Freshness: every write to a claim or attribution leaves a change record naming its article
(``before``/``after`` hold ``article_id``), so the records newer than the set's
``AgreementMark`` name exactly the articles whose parts are out of date; articles with no part
yet (new ones, data loaded around the services) are computed too. Article deletion and
restoration leave no record and need none: parts outlive a deletion and the sum reads live
articles only. Not seen: writes that leave no record (copied suggestions are not counted
anyway) and account renames (parts keep the names they were computed with);
``manage.py rebuild_tallies`` drops a set's parts, and the next read computes them again.
Concurrency: a part is computed from data read after the records that called for it, so it is
at least that new. One gap on PostgreSQL: a write whose record got a lower id than one
already committed, and commits after a read saw the higher one, is not seen until that article
is written again (records are inserted last in a write's transaction, so the window is the
tally statement and the commit).
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Max

from claims.models import AgreementMark, AnnotationSet, Article, ArticleAgreement, ChangeRecord
from claims.nlp.agreement import ArticlePart, Work, article_part, combine

CHUNK = 2000  # articles computed and written per step
WorksFor = Callable[[list[int]], dict[int, dict[str, Work]]]


def titled(
    report: dict[str, Any], annotation_set: AnnotationSet, titles: dict[int, str]
) -> dict[str, Any]:
    """The report's set slug, and titles for its drill-down's articles."""
    report["set"] = annotation_set.slug
    for entry in report["articles"]:
        entry["title"] = titles.get(entry["article"], "")
    return report


def _stale_articles(annotation_set: AnnotationSet) -> tuple[set[int], int, bool]:
    """Articles whose parts are missing or older than a change to them, the newest change
    record id now, and whether the set has a mark yet."""
    mark = AgreementMark.objects.filter(annotation_set=annotation_set).first()
    articles = Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True)
    if mark is None:
        # First read (or parts dropped): every article, up to the newest record now.
        last = ChangeRecord.objects.filter(annotation_set=annotation_set).aggregate(m=Max("id"))
        return set(articles.values_list("id", flat=True)), last["m"] or 0, False
    stale = set(articles.filter(agreement_part__isnull=True).values_list("id", flat=True))
    newest: int = mark.change_id
    # (set, id) is served by the set's index (SQLite) or the primary key's range (PostgreSQL).
    changes = ChangeRecord.objects.filter(
        annotation_set=annotation_set, id__gt=mark.change_id
    ).values_list("id", "before__article_id", "after__article_id")
    for record_id, before, after in changes:
        newest = max(newest, record_id)
        stale.update(int(a) for a in (before, after) if a is not None)
    return stale, newest, True


def refresh_parts(annotation_set: AnnotationSet, works_for: WorksFor) -> int:
    """Compute the out-of-date articles' parts again; how many were."""
    stale, newest, marked = _stale_articles(annotation_set)
    if not stale and marked:
        return 0
    ids = sorted(stale)
    # In chunks: the first read of a big set computes every article, and SQLite takes a
    # bounded number of parameters per statement.
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        works = works_for(chunk)
        rows = []
        for article_id in chunk:
            part = article_part(article_id, works.get(article_id, {}))
            data = None if part is None else part.to_json()
            rows.append(ArticleAgreement(article_id=article_id, shared=part is not None, part=data))
        ArticleAgreement.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["article"], update_fields=["shared", "part"]
        )
    # Parts first, then the mark: a failure between leaves the mark behind, and the next
    # read computes those articles once more (no transaction needed for that).
    AgreementMark.objects.bulk_create(
        [AgreementMark(annotation_set=annotation_set, change_id=newest)],
        update_conflicts=True,
        unique_fields=["annotation_set"],
        update_fields=["change_id"],
    )
    return len(ids)


def stored_report(annotation_set: AnnotationSet, works_for: WorksFor) -> dict[str, Any]:
    """The set's agreement report from its live articles' parts, out-of-date ones first
    computed again."""
    refresh_parts(annotation_set, works_for)
    rows = (
        ArticleAgreement.objects.filter(
            article__annotation_set=annotation_set, article__deleted_at__isnull=True, shared=True
        )
        .order_by("article_id")
        .values_list("part", "article__title")
    )
    parts, titles = [], {}
    for data, title in rows:
        part = ArticlePart.from_json(data or {})
        parts.append(part)
        titles[part.entry["article"]] = title
    return titled(combine(parts).as_dict(), annotation_set, titles)


def drop_parts(annotation_set: AnnotationSet | None) -> int:
    """Forget the stored parts of a set (``None``: of every set); the next read computes
    them again. How many were dropped."""
    rows = ArticleAgreement.objects.all()
    marks = AgreementMark.objects.all()
    if annotation_set is not None:
        rows = rows.filter(article__annotation_set=annotation_set)
        marks = marks.filter(annotation_set=annotation_set)
    marks.delete()
    return rows.delete()[0]
