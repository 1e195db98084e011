"""Every endpoint × role × (own set / other set).

Users are members of their own set only; the objects were made by another annotator
("writer"), so annotators may read them but not change them, reviewers may change them, and
managers may also manage the set. Nothing in the other set can be read or written (404, or
400 "does not exist" when it is named in a request body)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("annotator", "reviewer", "manager")


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    body: Callable[[World], Any] | None
    # expected status for annotator, reviewer, manager in their own set
    own: tuple[int, int, int]
    # expected status for the same request aimed at the other set
    other: int = 404
    multipart: bool = False
    listed: Callable[[World], Any] | None = None  # list endpoints: which object must (not) show


def _jsonl(w: World) -> bytes:
    line = {
        "format": "claim-annotator/1",
        "article": {"title": "Imported", "text": "Someone said something new today."},
        "claims": [{"id": 1, "start": 13, "end": 26}],
        "attributions": [{"id": 1, "claim": 1, "kind": "anonymous", "cue_start": 8, "cue_end": 12}],
    }
    return orjson.dumps(line)


CASES = [
    Case(
        "set-list",
        "get",
        lambda w: "/api/v1/sets/",
        None,
        (200, 200, 200),
        200,
        listed=lambda w: w.annotation_set.slug,
    ),
    Case(
        "set-detail",
        "get",
        lambda w: f"/api/v1/sets/{w.annotation_set.slug}/",
        None,
        (200, 200, 200),
    ),
    Case(
        "set-update",
        "patch",
        lambda w: f"/api/v1/sets/{w.annotation_set.slug}/",
        lambda w: {"description": "new"},
        (403, 403, 200),
    ),
    Case(
        "member-list",
        "get",
        lambda w: f"/api/v1/sets/{w.annotation_set.slug}/members/",
        None,
        (200, 200, 200),
    ),
    Case(
        "member-add",
        "post",
        lambda w: f"/api/v1/sets/{w.annotation_set.slug}/members/",
        lambda w: {"username": UserFactory(username="newbie").username, "role": "annotator"},
        (403, 403, 201),
    ),
    Case(
        "member-role",
        "patch",
        lambda w: f"/api/v1/sets/{w.annotation_set.slug}/members/{w.writer.username}/",
        lambda w: {"role": "reviewer"},
        (403, 403, 200),
    ),
    Case(
        "member-remove",
        "delete",
        lambda w: f"/api/v1/sets/{w.annotation_set.slug}/members/{w.writer.username}/",
        None,
        (403, 403, 204),
    ),
    Case(
        "export",
        "get",
        lambda w: f"/api/v1/sets/{w.annotation_set.slug}/export/?format=jsonl",
        None,
        (200, 200, 200),
    ),
    Case(
        "import",
        "post",
        lambda w: f"/api/v1/sets/{w.annotation_set.slug}/import/",
        lambda w: {"format": "jsonl", "files": [SimpleUploadedFile("a.jsonl", _jsonl(w))]},
        (403, 403, 201),
        multipart=True,
    ),
    Case(
        "import-background",
        "post",
        lambda w: f"/api/v1/sets/{w.annotation_set.slug}/import/",
        lambda w: {
            "format": "jsonl",
            "files": [SimpleUploadedFile("a.jsonl", _jsonl(w))],
            "background": "true",
        },
        (403, 403, 202),
        multipart=True,
    ),
    Case(
        "job-list",
        "get",
        lambda w: "/api/v1/jobs/",
        None,
        (200, 200, 200),
        200,
        listed=lambda w: w.job.pk,
    ),
    Case(
        "job-detail",
        "get",
        lambda w: f"/api/v1/jobs/{w.job.pk}/",
        None,
        (200, 200, 200),
    ),
    Case(
        "article-list",
        "get",
        lambda w: "/api/v1/articles/",
        None,
        (200, 200, 200),
        200,
        listed=lambda w: w.article.pk,
    ),
    Case(
        "article-detail",
        "get",
        lambda w: f"/api/v1/articles/{w.article.pk}/",
        None,
        (200, 200, 200),
    ),
    Case(
        "sentence-list",
        "get",
        lambda w: "/api/v1/sentences/",
        None,
        (200, 200, 200),
        200,
        listed=lambda w: w.sentence.pk,
    ),
    Case(
        "sentence-detail",
        "get",
        lambda w: f"/api/v1/sentences/{w.sentence.pk}/",
        None,
        (200, 200, 200),
    ),
    Case(
        "claim-list",
        "get",
        lambda w: "/api/v1/claims/",
        None,
        (200, 200, 200),
        200,
        listed=lambda w: w.claim.pk,
    ),
    Case("claim-detail", "get", lambda w: f"/api/v1/claims/{w.claim.pk}/", None, (200, 200, 200)),
    Case(
        "claim-create",
        "post",
        lambda w: "/api/v1/claims/",
        lambda w: {"article": w.article.pk, "start": 21, "end": 40},
        (201, 201, 201),
        400,
    ),
    Case(
        "claim-update",
        "patch",
        lambda w: f"/api/v1/claims/{w.claim.pk}/",
        lambda w: {"note": "checked", "version": 1},
        (403, 200, 200),
    ),
    Case(
        "claim-review",
        "patch",
        lambda w: f"/api/v1/claims/{w.claim.pk}/",
        lambda w: {"status": "approved", "version": 1},
        (403, 200, 200),
    ),
    Case(
        "claim-delete",
        "delete",
        lambda w: f"/api/v1/claims/{w.claim.pk}/?version=1",
        None,
        (403, 204, 204),
    ),
    Case(
        "attribution-list",
        "get",
        lambda w: "/api/v1/attributions/",
        None,
        (200, 200, 200),
        200,
        listed=lambda w: w.attribution.pk,
    ),
    Case(
        "attribution-detail",
        "get",
        lambda w: f"/api/v1/attributions/{w.attribution.pk}/",
        None,
        (200, 200, 200),
    ),
    Case(
        "attribution-create",
        "post",
        lambda w: "/api/v1/attributions/",
        lambda w: {
            "article": w.article.pk,
            "claim": w.other_claim.pk,
            "kind": "anonymous",
            "cue_start": 0,
            "cue_end": 9,
        },
        (201, 201, 201),
        400,
    ),
    Case(
        "attribution-update",
        "patch",
        lambda w: f"/api/v1/attributions/{w.attribution.pk}/",
        lambda w: {"kind": "quoted", "version": 1},
        (403, 200, 200),
    ),
    Case(
        "attribution-delete",
        "delete",
        lambda w: f"/api/v1/attributions/{w.attribution.pk}/?version=1",
        None,
        (403, 204, 204),
    ),
    Case(
        "source-list",
        "get",
        lambda w: "/api/v1/sources/",
        None,
        (200, 200, 200),
        200,
        listed=lambda w: w.source.pk,
    ),
    Case(
        "source-detail", "get", lambda w: f"/api/v1/sources/{w.source.pk}/", None, (200, 200, 200)
    ),
    Case(
        "source-create",
        "post",
        lambda w: "/api/v1/sources/",
        lambda w: {
            "annotation_set": w.annotation_set.slug,
            "name": "Brand New",
            "aliases": ["B. New"],
        },
        (201, 201, 201),
        400,
    ),
    Case(
        "source-update",
        "patch",
        lambda w: f"/api/v1/sources/{w.source.pk}/",
        lambda w: {"description": "mayor", "version": 1},
        (403, 200, 200),
    ),
    Case(
        "source-merge",
        "post",
        lambda w: f"/api/v1/sources/{w.spare_source.pk}/merge/",
        lambda w: {"into": w.source.pk},
        (403, 200, 200),
    ),
    Case(
        "source-delete",
        "delete",
        lambda w: f"/api/v1/sources/{w.spare_source.pk}/?version=1",
        None,
        (403, 204, 204),
    ),
    Case(
        "link-list",
        "get",
        lambda w: "/api/v1/links/",
        None,
        (200, 200, 200),
        200,
        listed=lambda w: w.link.pk,
    ),
    Case("link-detail", "get", lambda w: f"/api/v1/links/{w.link.pk}/", None, (200, 200, 200)),
    Case(
        "link-create",
        "post",
        lambda w: "/api/v1/links/",
        lambda w: {
            "from_claim": w.other_claim.pk,
            "to_claim": w.claim.pk,
            "relation": "contradicts",
        },
        (201, 201, 201),
        400,
    ),
    Case(
        "link-delete",
        "delete",
        lambda w: f"/api/v1/links/{w.link.pk}/?version=1",
        None,
        (403, 204, 204),
    ),
]


def _results(response) -> list[Any]:
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_endpoint_role_set(case, role, target, request, client_for, own, foreign):
    user = request.getfixturevalue(role)
    world = own if target == "own" else foreign
    client = client_for(user)
    body = case.body(world) if case.body else None
    kwargs: dict[str, Any] = {"format": "multipart"} if case.multipart else {"format": "json"}
    response = getattr(client, case.method)(case.url(world), body, **kwargs)
    expected = case.own[ROLES.index(role)] if target == "own" else case.other
    content = b"" if response.streaming else response.content
    assert response.status_code == expected, content[:300]
    if case.listed:
        key = case.listed(world)
        ids = [item.get("id", item.get("slug")) for item in _results(response)]
        assert (key in ids) == (target == "own")


def test_anonymous_gets_401(own, client):
    assert client.get("/api/v1/claims/").status_code in (401, 403)
    from rest_framework.test import APIClient

    assert APIClient().get("/api/v1/claims/").status_code == 401
