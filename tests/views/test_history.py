"""History pages: readable diffs, review comments, restoring a version, deleted items."""

import pytest
from django.urls import reverse

from claims.models import ChangeRecord, Claim, ClaimStatus, Role
from claims.services.attributions import attribution_create, attribution_delete
from claims.services.claims import claim_create, claim_delete, claim_update
from claims.services.review import claim_review_decide
from claims.services.sources import source_create, source_delete
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(article, annotator, reviewer, annotation_set):
    text = article.text
    start = text.index("the deal")
    claim = claim_create(article=article, start=start, end=start + 8, user=annotator)
    source = source_create(annotation_set=annotation_set, name="Ana Ruiz", user=annotator)
    attribution_create(article=article, claim=claim, kind="sourced", source=source, user=annotator)
    claim = claim_update(
        claim=claim, user=annotator, version=1, end=start + 18, status=ClaimStatus.SUBMITTED
    )
    return claim_review_decide(
        claim=claim, user=reviewer, version=claim.version, decision="reject", comment="Too long."
    )


def test_history_shows_readable_diffs_and_the_review_comment(client, annotator, edited):
    client.force_login(annotator)
    response = client.get(reverse("claim-history", args=[edited.pk]))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert [e.record.action for e in entries] == ["review", "update", "create", "create"]
    review, update = entries[0], entries[1]
    assert ("Status", "Submitted", "Rejected") in review.changes
    assert review.comments[0].body == "Too long."
    assert ("Text", "the deal", "the deal was close") in update.changes
    attribution = entries[2]
    assert attribution.record.entity == "attribution"
    assert ("Source", "", "Ana Ruiz") in attribution.changes
    body = response.content.decode()
    assert "Too long." in body and "rita" in body


def test_author_restores_an_earlier_version_outsider_cannot(
    client, annotator, outsider, edited, annotation_set
):
    created = ChangeRecord.objects.get(entity="claim", object_id=edited.pk, action="create")
    url = reverse("change-restore", args=[created.pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    other = UserFactory(username="other")
    MembershipFactory(user=other, annotation_set=annotation_set, role=Role.ANNOTATOR)
    client.force_login(other)
    assert client.post(url).status_code == 403
    client.force_login(annotator)
    assert client.post(url).status_code == 302
    claim = Claim.objects.get(pk=edited.pk)
    assert claim.quote == "the deal"
    assert claim.status == ClaimStatus.REJECTED  # a version restore never changes the review
    last = ChangeRecord.objects.filter(entity="claim", object_id=edited.pk).first()
    assert last.action == "restore" and last.user == annotator


def test_history_is_invisible_to_other_sets(client, outsider, edited):
    client.force_login(outsider)
    assert client.get(reverse("claim-history", args=[edited.pk])).status_code == 404


def test_manager_lists_and_restores_deleted_items(
    client, manager, annotator, edited, annotation_set
):
    claim_delete(claim=edited, user=annotator, version=edited.version)
    source = source_create(annotation_set=annotation_set, name="Gone", user=annotator)
    source_delete(source=source, user=annotator, version=1)
    client.force_login(manager)
    page = client.get(reverse("deleted-list", args=["newsroom"]))
    assert page.status_code == 200
    assert [c.pk for c in page.context["deleted"].claims] == [edited.pk]
    assert [s.pk for s in page.context["deleted"].sources] == [source.pk]
    url = reverse("deleted-restore", args=["newsroom", "claim", edited.pk])
    assert client.post(url).status_code == 302
    assert Claim.objects.get(pk=edited.pk).deleted_at is None
    assert client.post(url).status_code == 404  # no longer deleted
    bad = reverse("deleted-restore", args=["newsroom", "article", edited.pk])
    assert client.post(bad).status_code == 404
    history = client.get(reverse("source-history", args=[source.pk]))
    assert history.status_code == 200
    assert [e.record.action for e in history.context["entries"]] == ["delete", "create"]


def test_annotator_cannot_list_deleted_items(client, annotator):
    client.force_login(annotator)
    assert client.get(reverse("deleted-list", args=["newsroom"])).status_code == 403


def test_restoring_an_attribution_of_a_deleted_claim_says_why(
    client, manager, annotator, edited, annotation_set
):
    attribution = edited.attributions.get()
    attribution_delete(attribution=attribution, user=annotator, version=attribution.version)
    claim_delete(claim=edited, user=annotator, version=edited.version)
    client.force_login(manager)
    url = reverse("deleted-restore", args=["newsroom", "attribution", attribution.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert b"restore the claim first" in response.content
    created = ChangeRecord.objects.get(
        entity="attribution", object_id=attribution.pk, action="create"
    )
    response = client.post(reverse("change-restore", args=[created.pk]), follow=True)
    assert response.status_code == 200  # refused with a message, never a 500
