"""API fixtures: a token client per role, and the same small world of objects in the
user's own set and in another set."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.test import APIClient

from claims.models import ImportJob, Role
from claims.services.tokens import api_token_create
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    ClaimLinkFactory,
    MembershipFactory,
    SourceFactory,
    UserFactory,
)


@dataclass
class World:
    """One of everything, in one set, made by a plain annotator ("writer")."""

    annotation_set: Any
    writer: Any
    article: Any
    sentence: Any
    claim: Any
    other_claim: Any
    source: Any
    spare_source: Any
    attribution: Any
    link: Any
    job: Any


def build_world(annotation_set, writer_name: str) -> World:
    writer = UserFactory(username=writer_name)
    MembershipFactory(user=writer, annotation_set=annotation_set, role=Role.ANNOTATOR)
    article = ArticleFactory(annotation_set=annotation_set)
    claim = ClaimFactory(article=article, created_by=writer, start=0, end=20)
    other_claim = ClaimFactory(article=article, created_by=writer, start=60, end=80)
    source = SourceFactory(annotation_set=annotation_set, created_by=writer)
    spare_source = SourceFactory(annotation_set=annotation_set, created_by=writer)
    attribution = AttributionFactory(
        claim=claim, source=source, created_by=writer, cue_start=46, cue_end=50
    )
    link = ClaimLinkFactory(from_claim=claim, to_claim=other_claim, created_by=writer)
    job = ImportJob.objects.create(annotation_set=annotation_set, created_by=writer)
    return World(
        annotation_set,
        writer,
        article,
        article.sentences.first(),
        claim,
        other_claim,
        source,
        spare_source,
        attribution,
        link,
        job,
    )


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Factories hash a password per user; the slow production hasher is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def own(annotation_set) -> World:
    return build_world(annotation_set, "writer")


@pytest.fixture
def foreign(other_set) -> World:
    return build_world(other_set, "stranger")


def token_client(user) -> APIClient:
    _, key = api_token_create(user=user, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def client_for():
    return token_client


@pytest.fixture
def keep_test_connection():
    """Schemathesis calls the WSGI app directly, so Django's request signals would close the
    connection holding the test transaction (Django's own test client unhooks them too)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
