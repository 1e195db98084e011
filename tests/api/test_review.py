"""The API's review actions: comments are stored, never dropped; roles per set."""

import pytest

from claims.models import Claim, ClaimStatus, ReviewComment, Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _submitted(world) -> Claim:
    Claim.objects.filter(pk=world.claim.pk).update(status=ClaimStatus.SUBMITTED)
    return world.claim


def _url(claim, action=""):
    return f"/api/v1/claims/{claim.pk}/{action + '/' if action else ''}"


def test_patch_status_keeps_the_comment(own, reviewer, client_for):
    claim = _submitted(own)
    api = client_for(reviewer)
    bare = api.patch(_url(claim), {"status": "rejected", "version": 1}, format="json")
    assert bare.status_code == 400 and "comment" in bare.json()
    response = api.patch(
        _url(claim), {"status": "rejected", "version": 1, "comment": "Wrong cue."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rejected"
    comment = ReviewComment.objects.get(claim=claim)
    assert (comment.decision, comment.body, comment.author) == ("reject", "Wrong cue.", reviewer)
    listed = api.get(_url(claim, "reviews")).json()
    assert [(c["decision"], c["body"], c["author"]) for c in listed] == [
        ("reject", "Wrong cue.", "rita")
    ]


def test_review_action_then_annotator_resubmits(own, reviewer, client_for):
    claim = _submitted(own)
    api = client_for(reviewer)
    url = _url(claim, "review")
    missing = api.post(url, {"decision": "reject", "version": 1}, format="json")
    assert missing.status_code == 400
    rejected = api.post(url, {"decision": "reject", "version": 1, "comment": "Fix"}, format="json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    writer = client_for(own.writer)
    fixed = writer.patch(_url(claim), {"status": "submitted", "version": 2}, format="json")
    assert fixed.status_code == 200 and fixed.json()["status"] == "submitted"
    approved = api.post(url, {"decision": "approve", "version": 3}, format="json")
    assert approved.json()["status"] == "approved"
    noted = api.post(url, {"decision": "comment", "comment": "Nice."}, format="json")
    assert noted.status_code == 200 and noted.json()["status"] == "approved"
    assert list(ReviewComment.objects.values_list("decision", flat=True)) == [
        "reject",
        "approve",
        "comment",
    ]


def test_annotator_cannot_approve_and_comments_are_not_dropped(own, client_for):
    claim = _submitted(own)
    writer = client_for(own.writer)
    url = _url(claim, "review")
    assert writer.post(url, {"decision": "approve", "version": 1}, format="json").status_code == 403
    patch = writer.patch(_url(claim), {"status": "approved", "version": 1}, format="json")
    assert patch.status_code == 403
    note = writer.patch(_url(claim), {"note": "x", "comment": "hi", "version": 1}, format="json")
    assert note.status_code == 400 and "comment" in note.json()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED


def test_reviewer_of_another_set_cannot_see_or_review(own, foreign, client_for):
    claim = _submitted(own)
    stranger = UserFactory(username="stranger-reviewer")
    MembershipFactory(user=stranger, annotation_set=foreign.annotation_set, role=Role.REVIEWER)
    api = client_for(stranger)
    assert api.get(_url(claim, "reviews")).status_code == 404
    response = api.post(_url(claim, "review"), {"decision": "approve", "version": 1}, format="json")
    assert response.status_code == 404
    assert not ReviewComment.objects.exists()


def test_manager_of_another_set_cannot_manage_this_one(own, outsider, client_for):
    api = client_for(outsider)  # manager of "elsewhere"
    slug = own.annotation_set.slug
    assert api.patch(f"/api/v1/sets/{slug}/", {"name": "Mine"}, format="json").status_code == 404
    add = api.post(
        f"/api/v1/sets/{slug}/members/", {"username": "otto", "role": "manager"}, format="json"
    )
    assert add.status_code == 404
    own.annotation_set.refresh_from_db()
    assert own.annotation_set.name == "Newsroom"
    assert not own.annotation_set.memberships.filter(user=outsider).exists()
