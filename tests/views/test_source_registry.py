"""Source registry pages: counts, alias suggestions (seed articles too), alias/kind edits,
merge preview, merge and undo."""

import pytest
from django.urls import reverse

from claims.models import Attribution, Source
from claims.selectors.source_registry import alias_suggestions
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create
from claims.services.sources import source_create
from tests.corroboration_helpers import span_of, store

pytestmark = pytest.mark.django_db


def test_seed_kislyak_spellings_suggested_as_one_source(annotation_set, annotator, seeds_dir):
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")}
    a002 = store(annotation_set, texts["002"], "002")
    a003 = store(annotation_set, texts["003"], "003")
    sergei = source_create(annotation_set=annotation_set, name="Sergei Kislyak", user=annotator)
    sergey = source_create(annotation_set=annotation_set, name="Sergey Kislyak", user=annotator)
    assert "Sergei Kislyak" in a002.text and "Sergey Kislyak" in a003.text
    merges = [s for s in alias_suggestions(annotation_set=annotation_set) if s.other]
    assert [(s.source.pk, s.other.pk, s.reason) for s in merges] == [
        (sergei.pk, sergey.pk, "transliteration variant")
    ]


def test_text_spellings_suggested_for_one_source(annotation_set, annotator, seeds_dir):
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")}
    store(annotation_set, texts["002"], "002")
    store(annotation_set, texts["003"], "003")
    source = source_create(annotation_set=annotation_set, name="Sergei Kislyak", user=annotator)
    names = {
        (s.name, s.reason)
        for s in alias_suggestions(annotation_set=annotation_set)
        if s.source.pk == source.pk and not s.other
    }
    assert ("Sergey Kislyak", "transliteration variant") in names
    assert ("Kislyak", "surname only, after the full name") in names


TEXT = (
    "Ambassador Sergey Kislyak met the adviser. Later Kislyak said nothing improper happened. "
    "The embassy declined to comment."
)


@pytest.fixture
def world(annotation_set, annotator):
    article = store(annotation_set, TEXT, "Embassy story")
    a = source_create(annotation_set=annotation_set, name="Sergei Kislyak", user=annotator)
    b = source_create(annotation_set=annotation_set, name="S. Kislyak", user=annotator)
    start, end = span_of(article, "nothing improper happened")
    claim = claim_create(article=article, start=start, end=end, user=annotator)
    attribution_create(article=article, claim=claim, kind="sourced", source=b, user=annotator)
    return {"article": article, "a": a, "b": b, "claim": claim}


def test_source_list_counts_and_suggestions(
    client, annotator, annotation_set, world, django_assert_max_num_queries
):
    client.force_login(annotator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("source-list", args=[annotation_set.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-source="{world["b"].pk}"' in html
    assert "Sergey Kislyak" in html and "transliteration variant" in html


def test_alias_and_kind_edits(client, annotator, world):
    client.force_login(annotator)
    source = world["a"]
    response = client.post(reverse("source-alias", args=[source.pk]), {"name": "Sergey Kislyak"})
    assert response.status_code == 302
    assert list(source.aliases.values_list("name", flat=True)) == ["Sergey Kislyak"]
    client.post(reverse("source-kind", args=[source.pk]), {"kind": "organisation", "version": 1})
    source.refresh_from_db()
    assert source.kind == "organisation"
    bad = client.post(reverse("source-kind", args=[source.pk]), {"kind": "planet", "version": 2})
    assert bad.status_code == 302
    source.refresh_from_db()
    assert source.kind == "organisation"


def test_merge_preview_merge_and_undo(client, reviewer, annotator, world):
    a, b = world["a"], world["b"]
    client.force_login(annotator)
    assert client.post(reverse("source-merge", args=[b.pk]), {"into": a.pk}).status_code == 403
    client.force_login(reviewer)
    preview = client.get(reverse("source-detail", args=[b.pk]), {"into": a.pk})
    assert "moves 1 attribution (1 claim)" in preview.content.decode()
    assert Source.objects.get(pk=b.pk).merged_into_id is None  # a preview changes nothing
    client.post(reverse("source-merge", args=[b.pk]), {"into": a.pk})
    assert Attribution.objects.get().source_id == a.pk
    page = client.get(reverse("source-detail", args=[a.pk])).content.decode()
    assert "nothing improper happened" in page
    client.post(reverse("source-merge-undo", args=[b.pk]))
    assert Source.objects.get(pk=b.pk).merged_into_id is None
    assert Attribution.objects.get().source_id == b.pk


def test_outsider_sees_nothing(client, outsider, world, annotation_set):
    client.force_login(outsider)
    assert client.get(reverse("source-detail", args=[world["a"].pk])).status_code == 404
    assert client.get(reverse("source-list", args=[annotation_set.slug])).status_code == 404
