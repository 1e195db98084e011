"""One-request reads (an article with its annotations), links by article, and sets created
through the API."""

import pytest

from claims.models import AnnotationSet, Membership, Role
from tests.api.conftest import build_world
from tests.factories import (
    AnnotationSetFactory,
    AttributionFactory,
    ClaimFactory,
    ClaimLinkFactory,
    MembershipFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXPAND = "claims,attributions,links,sources"


def _url(article) -> str:
    return f"/api/v1/articles/{article.pk}/?expand={EXPAND}"


def test_article_with_everything_in_one_request(client_for, own, foreign):
    client = client_for(own.writer)
    body = client.get(_url(own.article)).json()
    assert body["id"] == own.article.pk and body["text"] == own.article.text
    assert [c["id"] for c in body["claims"]] == [own.claim.pk, own.other_claim.pk]
    assert [a["id"] for a in body["attributions"]] == [own.attribution.pk]
    assert body["attributions"][0]["source"] == own.source.pk
    assert [s["id"] for s in body["sources"]] == [own.source.pk]  # the spare one is not named
    assert [link["id"] for link in body["links"]] == [own.link.pk]
    assert body["claims"][0]["created_by"] == "writer"
    # Another set's article is not there at all.
    assert client.get(_url(foreign.article)).status_code == 404


def test_expand_only_what_is_asked_and_refuse_unknown_names(client_for, own):
    client = client_for(own.writer)
    plain = client.get(f"/api/v1/articles/{own.article.pk}/").json()
    assert "claims" not in plain and plain["text"] == own.article.text
    some = client.get(f"/api/v1/articles/{own.article.pk}/?expand=links").json()
    assert "links" in some and "claims" not in some and "sources" not in some
    bad = client.get(f"/api/v1/articles/{own.article.pk}/?expand=claims,comments")
    assert bad.status_code == 400 and "comments" in str(bad.json()["expand"])


def test_deleted_work_is_not_expanded(client_for, own):
    from django.utils import timezone

    own.other_claim.deleted_at = timezone.now()
    own.other_claim.save()
    body = client_for(own.writer).get(_url(own.article)).json()
    assert [c["id"] for c in body["claims"]] == [own.claim.pk]
    assert body["links"] == []  # its only link ends at the deleted claim


def test_expanded_read_is_five_statements_whatever_the_size(
    client_for, own, django_assert_max_num_queries
):
    client = client_for(own.writer)
    client.get(_url(own.article))  # warm the token's last-used touch
    with django_assert_max_num_queries(5):
        assert client.get(_url(own.article)).status_code == 200
    for n in range(30):
        claim = ClaimFactory(article=own.article, created_by=own.writer, start=n, end=n + 10)
        source = SourceFactory(annotation_set=own.annotation_set, name=f"S{n}")
        AttributionFactory(claim=claim, source=source, created_by=UserFactory())
        ClaimLinkFactory(from_claim=claim, to_claim=own.claim, created_by=own.writer)
    with django_assert_max_num_queries(5):
        body = client.get(_url(own.article)).json()
    assert len(body["claims"]) == 32 and len(body["sources"]) == 31 and len(body["links"]) == 31


def test_links_filter_by_article(client_for, own, annotation_set):
    client = client_for(own.writer)
    elsewhere = build_world(annotation_set, "w2")
    mine = client.get(f"/api/v1/links/?article={own.article.pk}").json()["results"]
    assert [link["id"] for link in mine] == [own.link.pk]
    theirs = client.get(f"/api/v1/links/?article={elsewhere.article.pk}").json()["results"]
    assert [link["id"] for link in theirs] == [elsewhere.link.pk]


def test_manager_creates_a_set_and_manages_it(client_for, manager):
    client = client_for(manager)
    response = client.post(
        "/api/v1/sets/", {"name": "Election desk", "guidelines": "Quote exactly."}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "election-desk" and body["role"] == Role.MANAGER
    created = AnnotationSet.objects.get(slug="election-desk")
    assert created.created_by == manager
    assert Membership.objects.get(annotation_set=created, user=manager).role == Role.MANAGER
    updated = client.patch("/api/v1/sets/election-desk/", {"name": "Elections"}, format="json")
    assert updated.status_code == 200 and updated.json()["name"] == "Elections"
    again = client.post("/api/v1/sets/", {"name": "Election desk"}, format="json")
    assert again.status_code == 400 and "slug" in again.json()


def test_only_managers_create_sets(client_for, annotator, reviewer):
    for user in (annotator, reviewer):
        response = client_for(user).post("/api/v1/sets/", {"name": "Mine"}, format="json")
        assert response.status_code == 403
    assert not AnnotationSet.objects.filter(slug="mine").exists()
    # A reviewer elsewhere who manages another set may.
    MembershipFactory(user=reviewer, annotation_set=AnnotationSetFactory(), role=Role.MANAGER)
    assert client_for(reviewer).post("/api/v1/sets/", {"name": "Mine"}).status_code == 201


def test_set_create_names_the_bad_field(client_for, manager):
    client = client_for(manager)
    response = client.post("/api/v1/sets/", {"slug": "not a slug!", "name": "X"}, format="json")
    assert response.status_code == 400 and "slug" in response.json()
    response = client.post("/api/v1/sets/", {"description": "no name"}, format="json")
    assert response.status_code == 400 and "name" in response.json()
