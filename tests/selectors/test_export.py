"""Export bundles: what is left out (deleted work) and what filters keep."""

import pytest

from claims.selectors.export import ExportFilters, export_bundles
from claims.services.claims import claim_delete
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def _only(annotation_set, **filters):
    [bundle] = export_bundles(annotation_set=annotation_set, filters=ExportFilters(**filters))
    return bundle


def test_deleted_claims_and_their_attributions_are_left_out(annotation_set):
    article = ArticleFactory(annotation_set=annotation_set)
    kept = ClaimFactory(article=article, start=0, end=9)
    gone = ClaimFactory(article=article, start=10, end=18)
    AttributionFactory(claim=kept)
    AttributionFactory(claim=gone)
    AttributionFactory(claim=None, article=article, kind="anonymous", cue_start=3, cue_end=8)
    claim_delete(claim=gone, user=None, version=None)
    bundle = _only(annotation_set)
    assert [c["id"] for c in bundle["claims"]] == [kept.pk]
    assert [a["claim"] for a in bundle["attributions"]] == [kept.pk, None]
    assert bundle["attributions"][1]["cue_text"] == article.text[3:8]


def test_filters_narrow_claims_and_attributions(annotation_set):
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    article = ArticleFactory(annotation_set=annotation_set)
    draft = ClaimFactory(article=article, start=0, end=9, created_by=ann, status="draft")
    approved = ClaimFactory(article=article, start=10, end=18, created_by=bob, status="approved")
    AttributionFactory(claim=draft, created_by=ann, kind="quoted")
    AttributionFactory(claim=approved, created_by=bob, kind="sourced")
    assert [c["id"] for c in _only(annotation_set, statuses=["approved"])["claims"]] == [
        approved.pk
    ]
    by_kind = _only(annotation_set, kinds=["quoted"])
    assert [c["id"] for c in by_kind["claims"]] == [draft.pk]
    assert [a["kind"] for a in by_kind["attributions"]] == ["quoted"]
    by_ann = _only(annotation_set, annotators=["bob"])
    assert [a["created_by"] for a in by_ann["attributions"]] == ["bob"]
    assert [c["created_by"] for c in by_ann["claims"]] == ["bob"]
