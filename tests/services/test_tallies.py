"""Dashboard tallies: after a random run of writes through the services (create, edit,
submit, review one or several, delete, restore, import, revert of an import, article
deletion), the dashboard figures equal a from-scratch scan of the claims and history, and
the tallies equal a rebuild."""

import io
import random
from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import (
    Article,
    ArticleTally,
    Attribution,
    AttributionKind,
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimStatus,
    DuplicateCluster,
    Origin,
)
from claims.selectors.dashboard import dashboard_stats
from claims.selectors.export import export_stream
from claims.services.attributions import attribution_create, attribution_delete
from claims.services.claims import claim_create, claim_delete, claim_restore, claim_update
from claims.services.copy_suggestions import copy_suggestions_store
from claims.services.interchange import annotations_import
from claims.services.restore import change_group_revert
from claims.services.review import claim_review_decide, review_decide_many
from claims.services.tallies_rebuild import tallies_rebuild
from tests.factories import AnnotationSetFactory, ArticleFactory
from tests.nlp.test_copymap import HOMOGLYPH, ORIGINAL
from tests.services.test_copy_suggestions import _claim_with_attribution

pytestmark = pytest.mark.django_db
DAYS = 30


def _scan(annotation_set: Any) -> dict[str, Any]:
    """The dashboard's figures the slow way: every live claim and attribution, every claim
    change record of the set's live articles, counted in Python."""
    live_articles = set(
        Article.objects.filter(annotation_set=annotation_set, deleted_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    claims = list(Claim.objects.filter(article_id__in=live_articles).select_related("created_by"))
    live = [c for c in claims if c.deleted_at is None]
    since = (timezone.now() - timedelta(days=DAYS)).date()
    people: dict[str, dict[str, Any]] = {}
    for c in live:
        who = c.imported_annotator or (c.created_by.username if c.created_by else None)
        if who is None or c.origin == Origin.CURATED:
            continue
        row = people.setdefault(who, {"who": who, "total": 0, "articles": set()})
        row["total"] += 1
        row["articles"].add(c.article_id)
        row[c.status] = row.get(c.status, 0) + 1
    kinds = Counter(
        a.kind
        for a in Attribution.objects.filter(article_id__in=live_articles, deleted_at__isnull=True)
    )
    records = ChangeRecord.objects.filter(
        entity="claim", object_id__in=[c.pk for c in claims]
    ).order_by("at", "id")
    reviewed_days: Counter[str] = Counter()
    first: dict[int, dict[str, Any]] = defaultdict(dict)
    for r in records:
        status = (r.after or {}).get("status")
        if r.action == ChangeAction.REVIEW:
            reviewed_days[r.at.date().isoformat()] += 1
            if status in (ClaimStatus.APPROVED, ClaimStatus.REJECTED):
                first[r.object_id].setdefault("reviewed", r.at)
        elif status == ClaimStatus.SUBMITTED:
            first[r.object_id].setdefault("submitted", r.at)
    delays = [
        (f["reviewed"] - f["submitted"]).total_seconds()
        for f in first.values()
        if "reviewed" in f and "submitted" in f and f["reviewed"] >= f["submitted"]
    ]
    return {
        "by_status": dict(Counter(c.status for c in live)),
        "by_kind": dict(kinds),
        "annotators": {
            who: {**row, "articles": len(row["articles"])} for who, row in people.items()
        },
        "created": {
            d: n
            for d, n in Counter(c.created_at.date().isoformat() for c in live).items()
            if d >= since.isoformat()
        },
        "reviewed": {d: n for d, n in reviewed_days.items() if d >= since.isoformat()},
        "delay_count": len(delays),
        "delay_mean": timedelta(seconds=round(sum(delays) / len(delays))) if delays else None,
        "delay_longest": timedelta(seconds=round(max(delays))) if delays else None,
    }


def _shown(annotation_set: Any) -> dict[str, Any]:
    stats = dashboard_stats(annotation_set=annotation_set, days=DAYS)
    return {
        "by_status": {k: n for k, _label, n in stats["by_status"] if n},
        "by_kind": {k: n for k, _label, n in stats["by_kind"] if n},
        "annotators": {
            row["who"]: {k: v for k, v in row.items() if v or k in ("who", "total")}
            for row in stats["annotators"]
        },
        "created": {d.isoformat(): n for d, n in stats["created_per_day"] if n},
        "reviewed": {d.isoformat(): n for d, n in stats["reviewed_per_day"] if n},
        "delay_count": stats["review_delay"]["count"],
        "delay_mean": stats["review_delay"]["mean"],
        "delay_longest": stats["review_delay"]["longest"],
    }


def _tally_rows() -> dict[tuple[Any, ...], Any]:
    """Rows that count something (deltas may leave zeros behind); seconds to 10 ms (SQLite's
    ``julianday`` and Python's timestamp arithmetic round differently)."""
    rows = ArticleTally.objects.exclude(n=0).values_list(
        "article_id", "dimension", "key", "part", "n", "seconds", "longest"
    )
    return {row[:5]: (row[5], row[6] or 0.0) for row in rows}


def _jsonl_from_elsewhere(user: Any) -> bytes:
    """A small JSONL export of another set: one article, two claims with attributions."""
    elsewhere = AnnotationSetFactory()
    article = ArticleFactory(annotation_set=elsewhere, title="Imported")
    for start in (0, 12):
        claim = claim_create(article=article, start=start, end=start + 9, user=user)
        attribution_create(article=article, claim=claim, kind="anonymous", user=user)
    return b"".join(export_stream(annotation_set=elsewhere, fmt="jsonl"))


class Writer:
    """Random writes through the services, as editors and reviewers make them."""

    def __init__(self, rng: random.Random, articles: list[Any], people: list[Any], rita: Any):
        self.rng, self.articles, self.people, self.rita = rng, articles, people, rita

    def _claims(self, **filters: Any) -> list[Claim]:
        return list(Claim.objects.filter(article__in=self.articles, **filters).order_by("pk"))

    def create(self) -> None:
        article = self.rng.choice(self.articles)
        start = self.rng.randrange(0, 40)
        claim_create(article=article, start=start, end=start + 5, user=self.rng.choice(self.people))

    def attribute(self) -> None:
        claims = self._claims(deleted_at__isnull=True)
        if claims:
            claim = self.rng.choice(claims)
            kind = self.rng.choice(list(AttributionKind.values))
            attribution_create(article=claim.article, claim=claim, kind=kind, user=claim.created_by)

    def submit(self) -> None:
        drafts = self._claims(deleted_at__isnull=True, status=ClaimStatus.DRAFT)
        if drafts:
            claim = self.rng.choice(drafts)
            claim_update(
                claim=claim, user=claim.created_by, version=None, status=ClaimStatus.SUBMITTED
            )

    def edit(self) -> None:
        claims = self._claims(deleted_at__isnull=True)
        if claims:
            claim = self.rng.choice(claims)
            claim_update(claim=claim, user=claim.created_by, version=None, note="edited")

    def review(self) -> None:
        submitted = self._claims(deleted_at__isnull=True, status=ClaimStatus.SUBMITTED)
        if submitted:
            decision = self.rng.choice(["approve", "reject"])
            claim_review_decide(
                claim=self.rng.choice(submitted),
                user=self.rita,
                version=None,
                decision=decision,
                comment="Check the span." if decision == "reject" else "",
            )

    def review_many(self) -> None:
        submitted = self._claims(deleted_at__isnull=True, status=ClaimStatus.SUBMITTED)[:3]
        if submitted:
            review_decide_many(
                annotation_set_id=self.articles[0].annotation_set_id,
                claims=[(claim, claim.version) for claim in submitted],
                user=self.rita,
            )

    def delete(self) -> None:
        claims = self._claims(deleted_at__isnull=True)
        if claims:
            claim_delete(claim=self.rng.choice(claims), user=self.rita, version=None)

    def delete_attribution(self) -> None:
        found = list(Attribution.objects.live().filter(article__in=self.articles))
        if found:
            attribution = self.rng.choice(found)
            attribution_delete(attribution=attribution, user=self.rita, version=None)

    def restore(self) -> None:
        deleted = self._claims(deleted_at__isnull=False)
        if deleted:
            claim_restore(claim=self.rng.choice(deleted), user=self.rita)


def test_tallies_match_a_scan_after_random_writes(annotation_set, annotator, bea, reviewer):
    rng = random.Random(20261130)
    articles = [ArticleFactory(annotation_set=annotation_set) for _ in range(3)]
    writer = Writer(rng, articles, [annotator, bea], reviewer)
    steps = [
        writer.create,
        writer.create,
        writer.attribute,
        writer.submit,
        writer.submit,
        writer.edit,
        writer.review,
        writer.review,
        writer.review_many,
        writer.delete,
        writer.delete_attribution,
        writer.restore,
    ]
    bundle = _jsonl_from_elsewhere(annotator)
    for i in range(90):
        rng.choice(steps)()
        if i == 30:
            annotations_import(
                annotation_set=annotation_set, files=[("a.jsonl", bundle)], fmt="jsonl", user=bea
            )
            imported = ChangeRecord.objects.filter(annotation_set=annotation_set).latest("id")
        if i == 60:
            change_group_revert(group=imported.group, user=reviewer)
        if i % 15 == 0:
            assert _shown(annotation_set) == _scan(annotation_set), f"after step {i}"
    # Article deletion writes no tallies: its rows drop out of the live sums.
    Article.objects.filter(pk=articles[0].pk).update(deleted_at=timezone.now())
    assert _shown(annotation_set) == _scan(annotation_set)
    assert _scan(annotation_set)["delay_count"] > 0 and _scan(annotation_set)["annotators"]
    incremental = _tally_rows()
    tallies_rebuild()
    rebuilt = _tally_rows()
    assert rebuilt.keys() == incremental.keys()
    assert rebuilt == {key: pytest.approx(value, abs=0.01) for key, value in incremental.items()}


def test_rebuild_command_heals_rows_written_around_the_services(annotation_set, annotator):
    article = ArticleFactory(annotation_set=annotation_set)
    claim_create(article=article, start=0, end=5, user=annotator)
    ArticleTally.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_tallies", annotation_set.slug, stdout=out)
    assert "1 articles, 4 tally rows changed" in out.getvalue()
    assert dashboard_stats(annotation_set=annotation_set)["total_claims"] == 1


def test_span_edit_leaves_tallies_alone(annotation_set, annotator):
    """An edit no figure depends on costs the click nothing extra."""
    article = ArticleFactory(annotation_set=annotation_set)
    claim = claim_create(article=article, start=0, end=5, user=annotator)
    before = _tally_rows()
    with CaptureQueriesContext(connection) as queries:
        claim_update(claim=claim, user=annotator, version=claim.version, start=1, end=6)
    assert not [q for q in queries.captured_queries if "articletally" in q["sql"]]
    assert _tally_rows() == before


def test_copied_suggestions_count_without_a_change_record(annotation_set, annotator):
    """Copies write no history; they refresh the tallies themselves."""
    cluster = DuplicateCluster.objects.create()
    original = ArticleFactory(annotation_set=annotation_set, text=ORIGINAL, cluster=cluster)
    copy = ArticleFactory(annotation_set=annotation_set, text=HOMOGLYPH, cluster=cluster)
    _claim_with_attribution(original, annotator)
    assert copy_suggestions_store(article=copy) == 1
    assert _shown(annotation_set) == _scan(annotation_set)
    assert _shown(annotation_set)["by_status"] == {"draft": 1, "suggested": 1}
