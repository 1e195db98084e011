"""Members and settings pages, the import page, and assignments: managers only."""

import pytest
from django.urls import reverse

from claims.models import AnnotationSet, Assignment, Membership, Role
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_manager_adds_by_email_changes_role_and_removes(client, manager, annotation_set):
    newcomer = UserFactory(username="nina", email="Nina@Example.org")
    client.force_login(manager)
    add = reverse("member-add", args=["newsroom"])
    assert client.post(add, {"username": "nina@example.org", "role": "reviewer"}).status_code == 302
    membership = Membership.objects.get(user=newcomer, annotation_set=annotation_set)
    assert membership.role == Role.REVIEWER
    again = client.post(add, {"username": "nina", "role": "annotator"})
    assert again.status_code == 400 and b"already a member" in again.content
    unknown = client.post(add, {"username": "ghost", "role": "annotator"})
    assert unknown.status_code == 400 and b"No account" in unknown.content
    role = reverse("member-role", args=["newsroom", membership.pk])
    assert client.post(role, {"role": "manager"}).status_code == 302
    assert Membership.objects.get(pk=membership.pk).role == Role.MANAGER
    remove = reverse("member-remove", args=["newsroom", membership.pk])
    assert client.post(remove).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    page = client.get(reverse("member-list", args=["newsroom"]))
    assert page.status_code == 200 and b"max" in page.content


def test_last_manager_stays(client, manager, annotation_set):
    mine = Membership.objects.get(user=manager)
    client.force_login(manager)
    response = client.post(reverse("member-remove", args=["newsroom", mine.pk]))
    assert response.status_code == 400 and b"at least one manager" in response.content
    demote = client.post(reverse("member-role", args=["newsroom", mine.pk]), {"role": "reviewer"})
    assert demote.status_code == 400
    assert Membership.objects.get(pk=mine.pk).role == Role.MANAGER


def test_settings_and_guidelines_in_the_help_panel(client, manager, annotator, article):
    client.force_login(manager)
    data = {
        "name": "Newsroom 2",
        "description": "Desk",
        "guidelines": "Mark <b>every</b> quote.",
        "annotators_may_import": "on",
    }
    assert client.post(reverse("set-settings", args=["newsroom"]), data).status_code == 302
    annotation_set = AnnotationSet.objects.get(slug="newsroom")
    assert annotation_set.name == "Newsroom 2" and annotation_set.annotators_may_import
    assert client.post(reverse("set-settings", args=["newsroom"]), {"name": ""}).status_code == 400
    client.force_login(annotator)
    page = client.get(reverse("article-annotate", args=[article.pk])).content.decode()
    assert 'id="help-guidelines"' in page
    assert "Mark &lt;b&gt;every&lt;/b&gt; quote." in page


def test_import_page_for_managers_and_annotators_where_allowed(
    client, manager, annotator, annotation_set
):
    url = reverse("import-upload", args=["newsroom"])
    client.force_login(annotator)
    assert client.get(url).status_code == 403
    annotation_set.annotators_may_import = True
    annotation_set.save()
    assert client.get(url).status_code == 200
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200 and b'name="uploads"' in response.content


@pytest.mark.parametrize(
    "name,args,data",
    [
        ("member-list", [], None),
        ("member-add", [], {"username": "otto", "role": "manager"}),
        ("set-settings", [], {"name": "Taken"}),
        ("assignment-list", [], None),
        ("assignment-round-robin", [], {"overlap": 1}),
        ("deleted-list", [], None),
    ],
)
def test_manager_of_another_set_and_reviewers_cannot_manage(
    client, name, args, data, outsider, reviewer, annotation_set
):
    url = reverse(name, args=["newsroom", *args])
    send = client.get if data is None else lambda u: client.post(u, data)
    client.force_login(outsider)  # manager of another set
    assert send(url).status_code == 404
    client.force_login(reviewer)
    assert send(url).status_code == 403
    assert not Membership.objects.filter(annotation_set=annotation_set, user=outsider).exists()
    assert AnnotationSet.objects.get(slug="newsroom").name == "Newsroom"


def test_assign_by_hand_and_round_robin_with_overlap(client, manager, annotation_set):
    people = [UserFactory(username=n) for n in ("ann", "ben", "cat")]
    for user in people:
        Membership.objects.create(user=user, annotation_set=annotation_set, role=Role.ANNOTATOR)
    articles = ArticleFactory.create_batch(6, annotation_set=annotation_set)
    foreign = ArticleFactory()
    client.force_login(manager)
    by_hand = reverse("assignment-add", args=["newsroom"])
    response = client.post(
        by_hand, {"annotator": people[0].pk, "article": [articles[0].pk, foreign.pk]}
    )
    assert response.status_code == 400  # the other set's article is not a choice
    response = client.post(by_hand, {"annotator": people[0].pk, "article": [articles[0].pk]})
    assert response.status_code == 302
    rr = reverse("assignment-round-robin", args=["newsroom"])
    ids = [u.pk for u in people]
    too_many = client.post(rr, {"overlap": 4, "annotator": ids})
    assert too_many.status_code == 400 and b"overlap" in too_many.content
    assert client.post(rr, {"overlap": 2, "annotator": ids}).status_code == 302
    per_article = {
        a.pk: set(Assignment.objects.filter(article=a).values_list("user__username", flat=True))
        for a in articles
    }
    # only_unassigned is unchecked, so every article gets two people; the hand-assigned
    # one keeps its annotator and gets one more.
    assert all(len(names) == 2 for names in per_article.values())
    loads = [Assignment.objects.filter(user=u).count() for u in people]
    assert sum(loads) == 12 and max(loads) - min(loads) <= 1
    board = client.get(reverse("assignment-list", args=["newsroom"]))
    assert board.status_code == 200
    assignment = Assignment.objects.filter(article=articles[0]).first()
    delete = reverse("assignment-delete", args=["newsroom", assignment.pk])
    assert client.post(delete).status_code == 302
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
