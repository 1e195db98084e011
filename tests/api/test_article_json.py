"""The expanded article read (claims.api.article_json over claims.selectors.article_rows)
gives byte for byte what ArticleExpandedSerializer over selectors.article_bundle gave."""

from datetime import UTC, datetime, timedelta
from itertools import combinations

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from claims.api.serializers_expand import ArticleExpandedSerializer
from claims.models import Article, AttributionKind, ClaimStatus, Role
from claims.selectors.article_bundle import EXPANSIONS, article_bundle
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    ClaimLinkFactory,
    MembershipFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _reference(article_id: int, expand: set[str]) -> bytes:
    """The response as the serializers rendered it before the fast path."""
    article = Article.objects.select_related("annotation_set").get(pk=article_id)
    article.bundle = article_bundle(article=article, expand=expand)
    data = ArticleExpandedSerializer(article, context={"expand": expand}).data
    return JSONRenderer().render(data)


@pytest.fixture
def rich(annotation_set):
    """An article with one of every case the read has to get right."""
    writer = UserFactory(username="writer")
    reviewer = UserFactory(username="rëviewer")
    MembershipFactory(user=writer, annotation_set=annotation_set, role=Role.ANNOTATOR)
    article = ArticleFactory(
        annotation_set=annotation_set,
        author="A. Writer",
        url="https://example.org/a",
        published_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),  # no microseconds
        quality_flags={"boilerplate": [[0, 3]], "note": "ünïcode"},
    )
    other = ArticleFactory(annotation_set=annotation_set)  # same set, no publish date
    elsewhere = ArticleFactory()  # another set
    plain = ClaimFactory(article=article, created_by=writer, start=0, end=20)
    reviewed = ClaimFactory(
        article=article,
        created_by=writer,
        accepted_by=reviewer,
        status=ClaimStatus.APPROVED,
        start=30,
        end=60,
        parts=[[30, 40], [50, 60]],
        note='an emoji 🙂 and a "quote"',
        prefix="pre",
        suffix="suf",
    )
    imported = ClaimFactory(article=article, created_by=None, start=5, end=25)
    gone = ClaimFactory(article=article, created_by=writer, start=61, end=70)
    source = SourceFactory(annotation_set=annotation_set, description="desc")
    deleted_source = SourceFactory(annotation_set=annotation_set)
    merged = SourceFactory(annotation_set=annotation_set, merged_into=source)
    AttributionFactory(
        claim=plain,
        source=source,
        created_by=writer,
        source_start=0,
        source_end=4,
        cue_start=5,
        cue_end=9,
        confidence=0.25,
        details={"quote_form": "direct", "n": 1.5},
    )
    AttributionFactory(claim=reviewed, source=merged, source_parts=[[1, 2], [3, 4]])
    AttributionFactory(claim=imported, source=deleted_source, confidence=1.0)
    AttributionFactory(
        claim=None, article=article, kind=AttributionKind.choices[-1][0], cue_start=1, cue_end=3
    )
    AttributionFactory(claim=gone, source=source)  # on a deleted claim: not shown
    ClaimLinkFactory(from_claim=plain, to_claim=reviewed, created_by=writer, note="n")
    ClaimLinkFactory(from_claim=ClaimFactory(article=other), to_claim=imported)  # into it
    ClaimLinkFactory(from_claim=plain, to_claim=ClaimFactory(article=elsewhere))  # other set
    ClaimLinkFactory(from_claim=plain, to_claim=gone)  # to a deleted claim
    removed = ClaimLinkFactory(from_claim=reviewed, to_claim=plain)
    now = timezone.now()
    for obj in (gone, removed, deleted_source):
        type(obj)._default_manager.filter(pk=obj.pk).update(deleted_at=now)
    # A timestamp whose microseconds end in zeros (DRF keeps all six digits).
    type(plain)._default_manager.filter(pk=plain.pk).update(
        created_at=datetime(2026, 3, 4, 5, 6, 7, 120000, tzinfo=UTC),
        updated_at=now + timedelta(seconds=1),
    )
    return article, writer


def test_every_expansion_renders_the_same_bytes(client_for, rich):
    article, writer = rich
    client = client_for(writer)
    names = list(EXPANSIONS)
    for size in range(1, len(names) + 1):
        for chosen in combinations(names, size):
            expand = set(chosen)
            response = client.get(f"/api/v1/articles/{article.pk}/?expand={','.join(chosen)}")
            assert response.status_code == 200
            assert response.content == _reference(article.pk, expand), chosen
    body = response.json()  # everything expanded: every case above is in it
    assert [len(body[name]) for name in EXPANSIONS] == [3, 4, 2, 2]
    assert body["claims"][2]["parts"] == [[30, 40], [50, 60]]
    assert body["claims"][0]["created_at"] == "2026-03-04T05:06:07.120000Z"


def test_an_article_without_annotations(client_for, rich, annotation_set):
    _, writer = rich
    bare = ArticleFactory(annotation_set=annotation_set, url="")
    expand = ",".join(EXPANSIONS)
    response = client_for(writer).get(f"/api/v1/articles/{bare.pk}/?expand={expand}")
    assert response.content == _reference(bare.pk, set(EXPANSIONS))
    body = response.json()
    assert body["claims"] == body["attributions"] == body["links"] == body["sources"] == []


def test_who_may_read_what_is_unchanged(client_for, rich, other_set):
    """The expanded read finds its article itself: the same 404s as the plain read (through
    DRF's get_object), a superuser reads any set, and a list filter still applies."""
    article, writer = rich
    client = client_for(writer)
    foreign = ArticleFactory(annotation_set=other_set)
    deleted = ArticleFactory(annotation_set=article.annotation_set)
    Article.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    for pk in (foreign.pk, deleted.pk, 10**15):
        plain = client.get(f"/api/v1/articles/{pk}/")
        expanded = client.get(f"/api/v1/articles/{pk}/?expand=claims")
        assert plain.status_code == expanded.status_code == 404
        assert plain.content == expanded.content
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    response = client_for(admin).get(f"/api/v1/articles/{foreign.pk}/?expand=claims,sources")
    assert response.content == _reference(foreign.pk, {"claims", "sources"})
    url = f"/api/v1/articles/{article.pk}/?expand=claims"
    assert client.get(f"{url}&set={other_set.slug}").status_code == 404
    filtered = client.get(f"{url}&set={article.annotation_set.slug}")
    assert filtered.content == _reference(article.pk, {"claims"})
