"""The claim editor chooses a new source's kind and shows/changes the linked source's kind,
through the versioned source service."""

import pytest
from django.urls import reverse

from claims.models import Attribution, ChangeAction, ChangeRecord, Claim, Source, SourceKind
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create
from claims.services.sources import source_create, source_update

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _attributed(article, user, kind=SourceKind.PERSON):
    source = source_create(
        annotation_set=article.annotation_set, name="City Hall", user=user, kind=kind
    )
    claim = claim_create(article=article, start=0, end=9, user=user)
    attribution = attribution_create(
        article=article, claim=claim, kind="sourced", user=user, source=source
    )
    return claim, attribution, source


def test_new_source_created_inline_gets_the_chosen_kind(client, annotator, article):
    client.force_login(annotator)
    data = {
        "start": 0,
        "end": 9,
        "kind": "sourced",
        "source_new": "Ministry of Health",
        "source_kind": "organisation",
    }
    response = client.post(reverse("claim-create", args=[article.pk]), data, **HX)
    assert response.status_code == 200
    source = Source.objects.get()
    assert (source.name, source.kind) == ("Ministry of Health", SourceKind.ORGANISATION)
    assert ChangeRecord.objects.filter(
        entity="source", object_id=source.pk, action=ChangeAction.CREATE
    ).exists()
    # The refreshed editor shows the linked source with its kind selected.
    assert '<option value="organisation" selected>' in response.content.decode()


def test_new_source_without_a_kind_is_a_person(client, annotator, article):
    client.force_login(annotator)
    data = {"start": 0, "end": 9, "kind": "quoted", "source_new": "Ana Ruiz"}
    assert client.post(reverse("claim-create", args=[article.pk]), data, **HX).status_code == 200
    assert Source.objects.get().kind == SourceKind.PERSON


def test_editor_shows_linked_source_kind_and_version(client, annotator, article):
    claim, _, source = _attributed(article, annotator, kind=SourceKind.DOCUMENT)
    client.force_login(annotator)
    html = client.get(reverse("claim-edit", args=[claim.pk]), **HX).content.decode()
    assert '<option value="document" selected>' in html
    assert f'id="source-version" value="{source.version}"' in html
    assert "(Document)" in html  # the attribution list names the kind too


def test_changing_the_kind_in_the_editor_updates_the_source_versioned(client, annotator, article):
    claim, attribution, source = _attributed(article, annotator)
    client.force_login(annotator)
    data = {
        "version": claim.version,
        "attribution": attribution.pk,
        "attribution_version": attribution.version,
        "kind": "sourced",
        "source": source.pk,
        "source_kind": "group",
        "source_version": source.version,
    }
    response = client.post(reverse("claim-update", args=[claim.pk]), data, **HX)
    assert response.status_code == 200
    source.refresh_from_db()
    assert (source.kind, source.version) == (SourceKind.GROUP, 2)
    update = ChangeRecord.objects.get(
        entity="source", object_id=source.pk, action=ChangeAction.UPDATE
    )
    assert update.before["kind"] == "person" and update.after["kind"] == "group"


def test_stale_source_version_is_refused_and_nothing_is_written(client, annotator, bea, article):
    claim, attribution, source = _attributed(article, annotator)
    source_update(source=source, user=bea, version=1, kind=SourceKind.ORGANISATION)
    client.force_login(annotator)
    data = {
        "version": claim.version,
        "note": "my edit",
        "attribution": attribution.pk,
        "attribution_version": attribution.version,
        "kind": "sourced",
        "source": source.pk,
        "source_kind": "group",
        "source_version": 1,
    }
    response = client.post(reverse("claim-update", args=[claim.pk]), data, **HX)
    assert response.status_code == 400
    assert "Source kind: Someone changed City Hall meanwhile" in response.content.decode()
    source.refresh_from_db()
    assert source.kind == SourceKind.ORGANISATION
    assert Claim.objects.get(pk=claim.pk).note == ""  # the claim edit rolled back with it


def test_unchanged_kind_leaves_the_source_alone(client, annotator, article):
    claim, attribution, source = _attributed(article, annotator)
    client.force_login(annotator)
    data = {
        "version": claim.version,
        "attribution": attribution.pk,
        "attribution_version": attribution.version,
        "kind": "quoted",
        "source": source.pk,
        "source_kind": "person",
        "source_version": source.version,
    }
    assert client.post(reverse("claim-update", args=[claim.pk]), data, **HX).status_code == 200
    source.refresh_from_db()
    assert source.version == 1
    assert Attribution.objects.get(pk=attribution.pk).kind == "quoted"


def test_picker_options_carry_kind_and_version(client, annotator, article):
    _attributed(article, annotator, kind=SourceKind.ORGANISATION)
    client.force_login(annotator)
    url = reverse("source-search", args=[article.pk])
    html = client.get(url, {"source_query": "city"}, **HX).content.decode()
    assert 'data-source-kind="organisation"' in html and 'data-source-version="1"' in html
    assert "(Organisation)" in html


def test_outsider_cannot_change_kind_through_the_editor(client, outsider, article):
    claim, _, source = _attributed(article, outsider)
    client.force_login(outsider)  # a manager of another set
    data = {"version": 1, "source": source.pk, "source_kind": "group", "kind": "sourced"}
    response = client.post(reverse("claim-update", args=[claim.pk]), data, **HX)
    assert response.status_code == 404
    source.refresh_from_db()
    assert source.kind == SourceKind.PERSON
