"""Splitting a source from its page: the form lists what can move, a preview, confirm, undo;
reviewers only."""

import pytest
from django.urls import reverse

from claims.models import Attribution, Source, SourceKind
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create
from claims.services.sources import source_alias_add, source_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def conflated(article, annotator):
    source = source_create(annotation_set=article.annotation_set, name="Kislyak", user=annotator)
    alias = source_alias_add(source=source, name="Andrei Kislyak", user=annotator)
    attributions = [
        attribution_create(
            article=article,
            claim=claim_create(article=article, start=s, end=s + 5, user=annotator),
            kind="sourced",
            user=annotator,
            source=source,
        )
        for s in (0, 10)
    ]
    return source, alias, attributions


def test_source_page_offers_the_split_to_reviewers_only(client, reviewer, annotator, conflated):
    source, alias, (a1, _a2) = conflated
    client.force_login(reviewer)
    html = client.get(reverse("source-detail", args=[source.pk])).content.decode()
    assert reverse("source-split", args=[source.pk]) in html
    assert f'name="alias" value="{alias.pk}"' in html
    assert f'name="attribution" value="{a1.pk}"' in html
    client.force_login(annotator)
    html = client.get(reverse("source-detail", args=[source.pk])).content.decode()
    assert reverse("source-split", args=[source.pk]) not in html
    params = {"name": "Andrei Kislyak", "kind": "person", "attribution": [a1.pk]}
    url = reverse("source-split", args=[source.pk])
    assert client.get(url, params).status_code == 403
    assert client.post(url, params).status_code == 403
    assert Source.objects.count() == 1


def test_preview_then_confirm_then_undo(client, reviewer, conflated, django_assert_max_num_queries):
    source, alias, (a1, a2) = conflated
    client.force_login(reviewer)
    url = reverse("source-split", args=[source.pk])
    params = {"name": "Andrei Kislyak", "kind": "organisation", "alias": [alias.pk]}
    params["attribution"] = [a2.pk]
    with django_assert_max_num_queries(20):
        preview = client.get(url, params)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "A new source (Organisation) <strong>Andrei Kislyak</strong>" in html
    assert f'data-attribution="{a2.pk}"' in html and f'data-attribution="{a1.pk}"' not in html
    assert f'data-alias="{alias.pk}"' in html
    assert Source.objects.count() == 1  # the preview changes nothing
    confirmed = client.post(url, params)
    new = Source.objects.exclude(pk=source.pk).get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("source-detail", args=[new.pk])
    assert (new.name, new.kind) == ("Andrei Kislyak", SourceKind.ORGANISATION)
    assert Attribution.objects.get(pk=a2.pk).source_id == new.pk
    page = client.get(confirmed["Location"]).content.decode()
    assert "Split off" in page and reverse("source-split-undo", args=[new.pk]) in page
    undone = client.post(reverse("source-split-undo", args=[new.pk]))
    assert undone["Location"] == reverse("source-detail", args=[source.pk])
    assert Attribution.objects.get(pk=a2.pk).source_id == source.pk
    assert [a.name for a in source.aliases.all()] == ["Andrei Kislyak"]
    assert not Source.objects.live().filter(pk=new.pk).exists()


def test_bad_choices_answer_400_and_write_nothing(client, reviewer, conflated, annotation_set):
    source, _, _ = conflated
    stranger = source_create(annotation_set=annotation_set, name="Lavrov", user=reviewer)
    foreign = source_alias_add(source=stranger, name="Sergei Lavrov", user=reviewer)
    client.force_login(reviewer)
    url = reverse("source-split", args=[source.pk])
    nothing = client.get(url, {"name": "X", "kind": "person"})
    assert nothing.status_code == 400 and "at least one" in nothing.content.decode()
    wrong = client.post(url, {"name": "X", "kind": "person", "alias": [foreign.pk]})
    assert wrong.status_code == 400
    assert Source.objects.count() == 2


def test_undo_on_a_source_that_was_not_split_changes_nothing(client, reviewer, conflated):
    source, _, _ = conflated
    client.force_login(reviewer)
    response = client.post(reverse("source-split-undo", args=[source.pk]), follow=True)
    assert "was not split off another source" in response.content.decode()
    assert Source.objects.live().filter(pk=source.pk).exists()
