"""Shared fixtures: a set with one user per role, an outsider, an article, the seeds."""

from pathlib import Path

import pytest

from claims.models import Role
from tests.factories import (
    PASSWORD,
    AnnotationSetFactory,
    ArticleFactory,
    MembershipFactory,
    UserFactory,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
POLNEAR = SHARED / "polnear"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not here ({SEEDS} is missing)")
    return SEEDS


@pytest.fixture
def polnear_dir() -> Path:
    if not POLNEAR.is_dir():
        pytest.skip(f"the PolNeAR corpus is not here ({POLNEAR} is missing)")
    return POLNEAR


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def annotation_set(db):
    return AnnotationSetFactory(name="Newsroom", slug="newsroom")


@pytest.fixture
def other_set(db):
    return AnnotationSetFactory(name="Elsewhere", slug="elsewhere")


def _member(annotation_set, username: str, role: str):
    user = UserFactory(username=username)
    MembershipFactory(user=user, annotation_set=annotation_set, role=role)
    return user


@pytest.fixture
def annotator(annotation_set):
    return _member(annotation_set, "annie", Role.ANNOTATOR)


@pytest.fixture
def bea(annotation_set):
    """A second annotator of the set."""
    return _member(annotation_set, "bea", Role.ANNOTATOR)


@pytest.fixture
def reviewer(annotation_set):
    return _member(annotation_set, "rita", Role.REVIEWER)


@pytest.fixture
def manager(annotation_set):
    return _member(annotation_set, "max", Role.MANAGER)


@pytest.fixture
def outsider(other_set):
    return _member(other_set, "otto", Role.MANAGER)


@pytest.fixture
def article(annotation_set):
    return ArticleFactory(annotation_set=annotation_set)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached set figures (claims.selectors.freshness) are keyed by ids that a rolled-back
    test database hands out again: start every test with an empty cache."""
    from django.core.cache import cache

    cache.clear()
