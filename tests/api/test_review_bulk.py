"""The API's bulk review: all or nothing, stale items listed with their state, fields named,
reviewers of the set only, a fixed number of statements whatever the batch."""

import pytest

from claims.models import (
    Attribution,
    ChangeRecord,
    Claim,
    ClaimStatus,
    ReviewComment,
    ReviewDecision,
    Role,
)
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/sets/{}/review/bulk/"


def _batch(article, writer, n):
    claims = [
        ClaimFactory(
            article=article, created_by=writer, start=i, end=i + 1, status=ClaimStatus.SUBMITTED
        )
        for i in range(n)
    ]
    cue_only = AttributionFactory(
        article=article, claim=None, created_by=writer, cue_start=3, cue_end=8
    )
    return claims, cue_only


def _items(claims, cue_only=None):
    items = [{"id": c.pk, "version": c.version} for c in claims]
    if cue_only is not None:
        items.append({"type": "attribution", "id": cue_only.pk, "version": cue_only.version})
    return items


def test_bulk_approve_decides_claims_and_cue_only_attributions(
    own, reviewer, client_for, django_assert_max_num_queries
):
    claims, cue_only = _batch(own.article, own.writer, 50)
    api = client_for(reviewer)
    with django_assert_max_num_queries(21):  # 20 + the dashboard tallies' upsert
        response = api.post(
            URL.format(own.annotation_set.slug),
            {"decision": "approve", "items": _items(claims, cue_only)},
            format="json",
        )
    assert response.status_code == 200, response.json()
    assert response.json()["decided"] == 51
    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", "version")
    ) == {(ClaimStatus.APPROVED, 2)}
    cue_only.refresh_from_db()
    assert (cue_only.review_status, cue_only.version) == (ClaimStatus.APPROVED, 2)
    # Versioned and audited like a single review: one record and one decision per item.
    records = ChangeRecord.objects.filter(action="review", user=reviewer)
    assert records.count() == 51 and len(set(records.values_list("group", flat=True))) == 1
    assert records.get(entity="attribution").after["review_status"] == ClaimStatus.APPROVED
    comments = ReviewComment.objects.filter(author=reviewer, decision=ReviewDecision.APPROVE)
    assert comments.count() == 51 and comments.filter(attribution=cue_only).exists()
    assert all(c.change_id for c in comments)


def test_one_stale_item_refuses_the_batch_and_names_it(own, reviewer, client_for):
    claims, cue_only = _batch(own.article, own.writer, 3)
    Claim.objects.filter(pk=claims[1].pk).update(version=4, note="edited meanwhile")
    Attribution.objects.filter(pk=cue_only.pk).update(deleted_at="2026-01-01T00:00:00Z")
    response = client_for(reviewer).post(
        URL.format(own.annotation_set.slug),
        {"decision": "approve", "items": _items(claims, cue_only)},
        format="json",
    )
    assert response.status_code == 409
    stale = {(s["type"], s["id"]): s for s in response.json()["stale"]}
    assert set(stale) == {("claim", claims[1].pk), ("attribution", cue_only.pk)}
    assert stale["claim", claims[1].pk]["current"]["version"] == 4
    assert stale["claim", claims[1].pk]["current"]["note"] == "edited meanwhile"
    assert stale["attribution", cue_only.pk]["deleted"] is True
    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)
    ) == {ClaimStatus.SUBMITTED}
    assert not ReviewComment.objects.exists()


def test_bad_input_names_the_field(own, reviewer, client_for, foreign):
    claims, _cue_only = _batch(own.article, own.writer, 2)
    api, url = client_for(reviewer), URL.format(own.annotation_set.slug)

    def post(body):
        return api.post(url, body, format="json")

    reject = post({"decision": "reject", "items": _items(claims)})
    assert reject.status_code == 400 and "comment" in reject.json()
    assert "items" in post({"decision": "approve", "items": []}).json()
    assert "decision" in post({"decision": "comment", "items": _items(claims)}).json()
    no_version = post({"decision": "approve", "items": [{"id": claims[0].pk}]})
    assert no_version.status_code == 400 and "version" in str(no_version.json()["items"])
    twice = post({"decision": "approve", "items": _items([claims[0], claims[0]])})
    assert twice.status_code == 400 and "twice" in str(twice.json())
    elsewhere = post({"decision": "approve", "items": _items([foreign.claim])})
    assert elsewhere.status_code == 400
    assert elsewhere.json()["items"] == {"0": {"id": f"No claim {foreign.claim.pk} in this set."}}
    # An attribution with a claim is reviewed with its claim, not on its own.
    with_claim = post(
        {
            "decision": "approve",
            "items": [{"type": "attribution", "id": own.attribution.pk, "version": 1}],
        }
    )
    assert with_claim.status_code == 400 and "review the claim" in str(with_claim.json())
    assert set(Claim.objects.values_list("status", flat=True)) != {ClaimStatus.APPROVED}


def test_bulk_reject_stores_the_comment_for_every_item(own, reviewer, client_for):
    claims, cue_only = _batch(own.article, own.writer, 2)
    response = client_for(reviewer).post(
        URL.format(own.annotation_set.slug),
        {"decision": "reject", "comment": "Cue is wrong", "items": _items(claims, cue_only)},
        format="json",
    )
    assert response.status_code == 200
    cue_only.refresh_from_db()
    assert cue_only.review_status == ClaimStatus.REJECTED
    assert list(ReviewComment.objects.values_list("body", flat=True)) == ["Cue is wrong"] * 3


def test_only_reviewers_of_the_set(own, foreign, annotation_set, client_for, outsider):
    claims, _ = _batch(own.article, own.writer, 1)
    body = {"decision": "approve", "items": _items(claims)}
    url = URL.format(own.annotation_set.slug)
    assert client_for(own.writer).post(url, body, format="json").status_code == 403
    # A reviewer (here a manager) of another set does not see this one at all.
    assert client_for(outsider).post(url, body, format="json").status_code == 404
    other_reviewer = UserFactory(username="rev-b")
    MembershipFactory(
        user=other_reviewer, annotation_set=foreign.annotation_set, role=Role.REVIEWER
    )
    assert client_for(other_reviewer).post(url, body, format="json").status_code == 404
    assert Claim.objects.get(pk=claims[0].pk).status == ClaimStatus.SUBMITTED
    manager = UserFactory(username="mgr")
    MembershipFactory(user=manager, annotation_set=annotation_set, role=Role.MANAGER)
    assert client_for(manager).post(url, body, format="json").status_code == 200
