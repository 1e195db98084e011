"""The curation editor (``e``): offsets, kind and source of the curated version, saved as
one versioned, audited decision; bad input is named and nothing typed is lost; 409 when
stale; reviewers only."""

import pytest
from django.urls import reverse

from claims.models import Attribution, ChangeRecord, Origin
from claims.selectors.curation import curation_board
from claims.services.curation import curation_take
from tests.curation_helpers import span, two_versions
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def curated(article, annotator, bea, reviewer):
    marked = two_versions(article, annotator, bea)
    (_claim, attribution) = curation_take(
        article=article, user=reviewer, version_of=marked["mayor_2"]
    )
    return attribution


def _unit(article, attribution):
    board = curation_board(article=article)
    return next(
        u for u in board.units if any(v.attribution_id == attribution.pk for v in u.curated)
    )


def _save(client, article, attribution, **fields):
    unit = _unit(article, attribution)
    data = {"decision": "edit", "unit": unit.number, "target": unit.curated[0].ref, **fields}
    return client.post(reverse("curation-decide", args=[article.pk]), data, **HX)


def test_e_opens_the_editor_with_the_curated_values(client, reviewer, article, curated):
    client.force_login(reviewer)
    unit = _unit(article, curated)
    response = client.get(reverse("article-curate", args=[article.pk]), {"edit": unit.number}, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        body.lstrip().startswith('<section id="curation-board"') and 'id="curation-editor"' in body
    )
    cue = span(article.text, "told")
    assert (
        f'name="cue_start" value="{cue[0]}"' in body and f'name="cue_end" value="{cue[1]}"' in body
    )
    assert '<option value="sourced" selected>' in body
    # Text to select from, with its offset, for selection.js.
    assert 'class="run" data-start="0"' in body and "Mayor Ana Ruiz told" in body
    assert response.context["editor"].target.attribution_id == curated.pk


def test_save_edits_spans_kind_and_source_as_one_decision(client, reviewer, article, curated):
    client.force_login(reviewer)
    ruiz = SourceFactory(annotation_set=article.annotation_set, name="Ana Ruiz")
    curated.source = ruiz
    Attribution.objects.filter(pk=curated.pk).update(source=ruiz)
    content = span(article.text, "We are nearly there,")
    source = span(article.text, "Ana Ruiz")
    response = _save(
        client,
        article,
        curated,
        kind="quoted",
        source_id=str(ruiz.pk),
        content_start=content[0],
        content_end=content[1],
        cue_start="",
        cue_end="",
        source_start=source[0],
        source_end=source[1],
    )
    assert response.status_code == 200, response.content
    assert 'id="curation-editor"' not in response.content.decode()
    edited = Attribution.objects.get(pk=curated.pk)
    assert (edited.kind, edited.source_id, edited.cue_start) == ("quoted", ruiz.pk, None)
    assert (edited.source_start, edited.source_end) == source
    assert edited.claim.quote == "We are nearly there," and edited.origin == Origin.CURATED
    assert edited.version == curated.version + 1
    updates = ChangeRecord.objects.filter(user=reviewer, action="update")
    assert set(updates.values_list("entity", flat=True)) == {"claim", "attribution"}
    # The export's curated layer carries the edit.
    export = client.get(f"/api/v1/sets/{article.annotation_set.slug}/export/?format=jsonl")
    assert b"We are nearly there," in b"".join(export.streaming_content)


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"cue_start": "abc", "cue_end": "5"}, "Cue"),
        ({"cue_start": "9", "cue_end": "3"}, "Cue"),
        ({"source_start": "4", "source_end": ""}, "Source"),
        ({"content_start": "0", "content_end": "999999"}, "Content"),
        ({"kind": "gossip"}, "Kind"),
        ({"source_id": "999999"}, "Source"),
    ],
)
def test_bad_input_is_named_and_nothing_is_lost(client, reviewer, article, curated, fields, named):
    client.force_login(reviewer)
    cue = span(article.text, "told")
    typed = {"cue_start": cue[0], "cue_end": cue[1], "note": "", **fields}
    response = _save(client, article, curated, **typed)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="curation-editor"' in body and f"<strong>{named}</strong>:" in body
    for name, value in fields.items():
        if name.endswith(("_start", "_end")):
            assert f'name="{name}" value="{value}"' in body  # what was typed stays
    assert Attribution.objects.get(pk=curated.pk).version == curated.version


def test_stale_version_is_a_409_and_keeps_the_editor(client, reviewer, article, curated):
    client.force_login(reviewer)
    unit = _unit(article, curated)
    stale_ref = unit.curated[0].ref
    assert _save(client, article, curated, kind="anonymous").status_code == 200
    data = {"decision": "edit", "unit": unit.number, "target": stale_ref, "kind": "quoted"}
    response = client.post(reverse("curation-decide", args=[article.pk]), data, **HX)
    assert response.status_code == 409
    assert 'id="curation-editor"' in response.content.decode()
    assert Attribution.objects.get(pk=curated.pk).kind == "anonymous"


def test_only_curators_edit(client, annotator, outsider, article, curated):
    unit = _unit(article, curated)
    data = {
        "decision": "edit",
        "unit": unit.number,
        "target": unit.curated[0].ref,
        "kind": "quoted",
    }
    url = reverse("curation-decide", args=[article.pk])
    client.force_login(annotator)
    assert client.post(url, data).status_code == 403
    assert client.get(reverse("article-curate", args=[article.pk]), {"edit": 1}).status_code == 403
    client.force_login(outsider)
    assert client.post(url, data).status_code == 404
    assert Attribution.objects.get(pk=curated.pk).kind == curated.kind


def test_annotators_work_cannot_be_edited_here(client, reviewer, article, curated):
    client.force_login(reviewer)
    own = Attribution.objects.filter(origin=Origin.MANUAL).first()
    data = {"decision": "edit", "unit": 1, "target": f"a{own.pk}:{own.version}", "kind": "quoted"}
    response = client.post(reverse("curation-decide", args=[article.pk]), data, **HX)
    assert response.status_code == 400
    assert Attribution.objects.get(pk=own.pk).kind == own.kind
