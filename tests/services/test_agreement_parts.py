"""Agreement from stored per-article parts: after a random run of writes by several
annotators on shared articles (claims and attributions created, edited, deleted and
restored, an import, its revert, article deletion and restoration), the set's report equals
the one computed from scratch, and a write computes again only the articles it touched."""

import random
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from claims.models import AgreementMark, Article, ArticleAgreement, Attribution, ChangeRecord
from claims.selectors.agreement import agreement_report, agreement_works, report_from_scratch
from claims.selectors.agreement_parts import drop_parts, refresh_parts
from claims.services.attributions import (
    attribution_create,
    attribution_restore,
    attribution_update,
)
from claims.services.claims import claim_create, claim_update
from claims.services.interchange import annotations_import
from claims.services.restore import change_group_revert
from tests.factories import ArticleFactory
from tests.services.test_tallies import Writer, _jsonl_from_elsewhere

pytestmark = pytest.mark.django_db


class AgreementWriter(Writer):
    """The tallies' random writer, with the edits agreement sees: spans, kinds, cues."""

    def attribute(self) -> None:
        claims = self._claims(deleted_at__isnull=True)
        if claims:
            claim = self.rng.choice(claims)
            cue = self.rng.randrange(0, 40)
            attribution_create(
                article=claim.article,
                claim=claim,
                kind=self.rng.choice(["quoted", "sourced", "anonymous"]),
                cue_span=[cue, cue + 3],
                user=claim.created_by,
            )

    def move(self) -> None:
        claims = self._claims(deleted_at__isnull=True)
        if claims:
            claim = self.rng.choice(claims)
            start = self.rng.randrange(0, 40)
            claim_update(
                claim=claim, user=claim.created_by, version=None, start=start, end=start + 6
            )

    def rekind(self) -> None:
        found = list(Attribution.objects.live().filter(article__in=self.articles))
        if found:
            attribution = self.rng.choice(found)
            kind = self.rng.choice(["quoted", "sourced", "anonymous"])
            attribution_update(attribution=attribution, user=self.rita, version=None, kind=kind)

    def restore_attribution(self) -> None:
        found = list(
            Attribution.objects.filter(
                article__in=self.articles, deleted_at__isnull=False, claim__deleted_at__isnull=True
            )
        )
        if found:
            attribution_restore(attribution=self.rng.choice(found), user=self.rita)

    def delete_article(self, deleted: Any) -> None:
        """Article deletion and restoration (an article update, no change record)."""
        Article.objects.filter(pk__in=[a.pk for a in self.articles[:1]]).update(deleted_at=deleted)


def _both(annotation_set: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    cache.clear()  # the set-level cache is not what is under test
    return agreement_report(annotation_set=annotation_set), report_from_scratch(
        annotation_set=annotation_set
    )


def test_stored_parts_add_up_to_the_report_from_scratch(
    annotation_set, annotator, bea, reviewer, django_user_model
):
    rng = random.Random(20261130)
    cyd = django_user_model.objects.create_user("cyd")
    articles = [ArticleFactory(annotation_set=annotation_set) for _ in range(4)]
    writer = AgreementWriter(rng, articles, [annotator, bea, cyd], reviewer)
    steps = [
        writer.create,
        writer.create,
        writer.attribute,
        writer.attribute,
        writer.move,
        writer.rekind,
        writer.edit,
        writer.submit,
        writer.review,
        writer.delete,
        writer.delete_attribution,
        writer.restore,
        writer.restore_attribution,
    ]
    bundle = _jsonl_from_elsewhere(annotator)
    shared_seen = 0
    for i in range(150):
        rng.choice(steps)()
        if i == 40:
            annotations_import(
                annotation_set=annotation_set, files=[("a.jsonl", bundle)], fmt="jsonl", user=bea
            )
            imported = ChangeRecord.objects.filter(annotation_set=annotation_set).latest("id")
        if i == 90:
            change_group_revert(group=imported.group, user=reviewer)
        if i % 25 == 24:
            writer.delete_article(timezone.now())
            stored, scratch = _both(annotation_set)
            assert stored == scratch, f"article deleted after step {i}"
            writer.delete_article(None)
        if i % 5 == 0:
            stored, scratch = _both(annotation_set)
            assert stored == scratch, f"after step {i}"
            shared_seen = max(shared_seen, scratch["shared_articles"])
    stored, scratch = _both(annotation_set)
    assert stored == scratch
    assert shared_seen >= 2 and len(scratch["annotators"]) == 3
    assert scratch["pairs"] and scratch["alpha_kind"] is not None
    # Dropped parts (``rebuild_tallies``) are computed again on the next read, to the same.
    drop_parts(annotation_set)
    assert _both(annotation_set)[0] == scratch


def test_a_write_computes_again_only_the_articles_it_touched(annotation_set, annotator, bea):
    articles = [ArticleFactory(annotation_set=annotation_set) for _ in range(3)]
    for article in articles:
        for user in (annotator, bea):
            claim = claim_create(article=article, start=0, end=9, user=user)
            attribution_create(
                article=article, claim=claim, kind="quoted", cue_span=[10, 14], user=user
            )

    def works(ids: list[int]) -> Any:
        return agreement_works(annotation_set=annotation_set, article_ids=ids)

    assert refresh_parts(annotation_set, works) == 3  # none stored yet
    assert refresh_parts(annotation_set, works) == 0
    claim_create(article=articles[1], start=20, end=30, user=bea)
    assert refresh_parts(annotation_set, works) == 1
    assert ArticleAgreement.objects.filter(shared=True).count() == 3
    mark = AgreementMark.objects.get(annotation_set=annotation_set)
    assert mark.change_id == ChangeRecord.objects.latest("id").pk
    report = agreement_report(annotation_set=annotation_set)
    assert report == report_from_scratch(annotation_set=annotation_set)
    assert [a["article"] for a in report["articles"]] == sorted(a.pk for a in articles)
    # An article deleted drops out of the sum; restored, its stored part counts again.
    Article.objects.filter(pk=articles[0].pk).update(deleted_at=timezone.now())
    assert agreement_report(annotation_set=annotation_set)["shared_articles"] == 2
    Article.objects.filter(pk=articles[0].pk).update(deleted_at=None)
    assert agreement_report(annotation_set=annotation_set) == report
