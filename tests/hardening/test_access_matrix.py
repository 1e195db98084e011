"""Every UI view, htmx partial and API endpoint × role (anonymous, annotator, reviewer,
manager, superuser) × own set / other set, from the table in tests/support/access_matrix.py.
The URL conf is walked: an endpoint without a row fails ``test_every_url_has_a_row``."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from claims.models import Assignment, ChangeAction, Membership, Role
from claims.services.history import record_change
from claims.services.sources import source_merge
from claims.services.tokens import api_token_create
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
from tests.support.access_matrix import (
    EXEMPT_NAMESPACES,
    PUBLIC,
    RANK,
    ROWS,
    USER,
    Ctx,
    Row,
)

WHO = ("anonymous", "annotator", "reviewer", "manager", "superuser")


def _url_names(patterns: list[Any], namespace: str | None = None) -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if inner not in EXEMPT_NAMESPACES:
                names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_url_has_a_row():
    names = _url_names(get_resolver().url_patterns)
    declared = {row.name for row in ROWS}
    missing = sorted(names - declared)
    assert not missing, f"add rows to tests/support/access_matrix.py for: {missing}"
    assert not sorted(declared - names), "rows for URL names that no longer exist"


def _expected(row: Row, who: str, scope: str) -> bool:
    if row.role == PUBLIC:
        return True
    if who == "anonymous":
        return False
    if row.role == USER or who == "superuser":
        return True
    return scope == "own" and RANK[who] >= RANK[row.role]


CASES = [
    pytest.param(row, who, scope, id=f"{row.name}-{who}-{scope}")
    for row in ROWS
    for who in WHO
    for scope in (
        ("own", "other") if row.role not in (PUBLIC, USER) and row.cross_set else ("own",)
    )
]


@dataclass
class ExtWorld:
    base: Any
    membership: Any
    assignment: Any
    deleted_claim: Any
    record: Any
    deleted_link: Any
    merged_source: Any
    cue_only: Any  # an attribution without a claim (reviewed on its own)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)

    def token_of(self, user: Any) -> int:
        if user is None:
            return 1
        token, _key = api_token_create(user=user, name="matrix")
        return token.pk


def _world(annotation_set, writer_name: str) -> ExtWorld:
    w = build_world(annotation_set, writer_name)
    deleted = ClaimFactory(
        article=w.article, created_by=w.writer, start=30, end=40, deleted_at=timezone.now()
    )
    record = record_change(
        obj=w.claim,
        annotation_set_id=annotation_set.pk,
        action=ChangeAction.UPDATE,
        user=w.writer,
        before={"note": "old"},
    )
    folded = SourceFactory(annotation_set=annotation_set, created_by=w.writer)
    source_merge(source=folded, into=w.source, user=w.writer)
    folded.refresh_from_db()
    return ExtWorld(
        base=w,
        membership=Membership.objects.get(user=w.writer, annotation_set=annotation_set),
        assignment=Assignment.objects.create(article=w.article, user=w.writer),
        deleted_claim=deleted,
        record=record,
        deleted_link=ClaimLinkFactory(
            from_claim=w.claim,
            to_claim=w.other_claim,
            relation="contradicts",
            created_by=w.writer,
            deleted_at=timezone.now(),
        ),
        merged_source=folded,
        cue_only=AttributionFactory(
            article=w.article, claim=None, created_by=w.writer, cue_start=46, cue_end=50
        ),
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(who: str, annotation_set) -> Any:
    if who == "anonymous":
        return None
    if who == "superuser":
        return UserFactory(username="root", is_superuser=True, is_staff=True)
    user = UserFactory(username=who)
    MembershipFactory(user=user, annotation_set=annotation_set, role=Role(who))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "who", "scope"), CASES)
def test_access(row: Row, who: str, scope: str):
    own_set = AnnotationSetFactory(name="Own", slug="own")
    other_set = AnnotationSetFactory(name="Other", slug="other")
    worlds = {"own": _world(own_set, "writer"), "other": _world(other_set, "stranger")}
    user = _user(who, own_set)
    ctx = Ctx(worlds[scope], user)
    client = Client()
    if user is not None:
        client.force_login(user)
    url = reverse(row.name, kwargs=row.kwargs(ctx))
    data = row.data(ctx) if row.data else None
    call = getattr(client, row.method)
    if row.method in ("patch", "put"):
        response = call(url, data or {}, content_type="application/json")
    else:
        response = call(url, data or {})
    status = response.status_code
    assert status < 500, f"{row.name} answered {status} to {who} ({scope} set)"
    assert status != 405, f"{row.name}: the row's method {row.method!r} is not accepted"
    to_login = status == 302 and response["Location"].startswith(reverse("login"))
    denied = status in (401, 403, 404) or (to_login and row.role != PUBLIC)
    if _expected(row, who, scope):
        assert not denied, f"{row.name}: {who} ({scope} set) was refused with {status}"
    else:
        assert denied, f"{row.name}: {who} ({scope} set) was let in with {status}"
