"""Curation: the board side by side, each decision as a versioned service write, roles, and
the curated layer in exports."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Attribution, ChangeRecord, Claim, Curation, Origin
from claims.selectors.curation import curation_board
from claims.services.curation import curation_take
from tests.curation_helpers import two_versions

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def marked(article, annotator, bea):
    return two_versions(article, annotator, bea)


def _unit_with(board, attribution):
    for unit in board.units:
        for column in unit.versions:
            if any(v.attribution_id == attribution.pk for v in column):
                return unit
    raise AssertionError("no unit holds the attribution")


def _decide(client, article, **data):
    return client.post(reverse("curation-decide", args=[article.pk]), data, **HX)


def test_board_pairs_versions_and_flags_differences(article, marked):
    board = curation_board(article=article)
    assert board.annotators == ["annie", "bea"]
    assert len(board.units) == 3
    officials = _unit_with(board, marked["officials_1"])
    assert officials.differs == set()
    assert [v.attribution_id for v in officials.versions[1]] == [marked["officials_2"].pk]
    mayor = _unit_with(board, marked["mayor_1"])
    assert mayor.differs == {"content", "kind"}
    council = _unit_with(board, marked["council_1"])
    assert council.versions[1] == [] and "kind" in council.differs


def test_take_merge_drop_and_kind_build_the_curated_layer(client, reviewer, article, marked):
    client.force_login(reviewer)
    page = client.get(reverse("article-curate", args=[article.pk]))
    assert page.status_code == 200 and b'id="curation-board"' in page.content
    assert b"differs" in page.content
    mayor = _unit_with(curation_board(article=article), marked["mayor_1"])
    response = _decide(
        client, article, decision="take", take=mayor.versions[1][0].ref, unit=mayor.number
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="curation-board"')
    curated = Attribution.objects.get(origin=Origin.CURATED)
    assert curated.kind == "sourced" and curated.created_by == reviewer
    assert curated.claim.quote == "We are nearly there" and curated.claim.origin == Origin.CURATED
    assert curated.details["curation"]["annotators"] == ["bea"]
    # Annotators' own work is untouched.
    assert Attribution.objects.filter(origin=Origin.MANUAL, deleted_at__isnull=True).count() == 5
    # Take the other version instead: the first curated version is soft-deleted, not lost.
    mayor = _unit_with(curation_board(article=article), marked["mayor_1"])
    _decide(client, article, decision="take", take=mayor.versions[0][0].ref, replace=mayor.replace)
    live = Attribution.objects.filter(origin=Origin.CURATED, deleted_at__isnull=True)
    assert [a.kind for a in live] == ["quoted"]
    assert Attribution.objects.filter(pk=curated.pk, deleted_at__isnull=False).exists()
    # One key re-labels the curated kind.
    mayor = _unit_with(curation_board(article=article), marked["mayor_1"])
    _decide(client, article, decision="kind", kind="anonymous", replace=mayor.replace)
    assert live.get().kind == "anonymous"
    # Merge: both agree on the officials' claim.
    officials = _unit_with(curation_board(article=article), marked["officials_1"])
    merge = ",".join(v.ref for column in officials.versions for v in column)
    assert _decide(client, article, decision="merge", merge=merge).status_code == 200
    merged = live.get(claim__quote="the deal was close")
    assert merged.kind == "anonymous" and merged.details["curation"]["annotators"] == [
        "annie",
        "bea",
    ]
    # Leave out: the council unit has no curated version; dropping the officials' removes it.
    officials = _unit_with(curation_board(article=article), marked["officials_1"])
    _decide(client, article, decision="drop", replace=officials.replace)
    assert not live.filter(claim__quote="the deal was close").exists()
    assert Curation.objects.get(article=article).curator == reviewer
    # Every step left history.
    actions = set(
        ChangeRecord.objects.filter(entity="attribution", user=reviewer).values_list(
            "action", flat=True
        )
    )
    assert actions == {"create", "delete", "update"}


def test_stale_curated_version_is_a_conflict(client, reviewer, article, marked):
    client.force_login(reviewer)
    unit = _unit_with(curation_board(article=article), marked["mayor_1"])
    _decide(client, article, decision="take", take=unit.versions[0][0].ref)
    stale = _unit_with(curation_board(article=article), marked["mayor_1"]).replace
    _decide(client, article, decision="kind", kind="sourced", replace=stale)
    response = _decide(client, article, decision="kind", kind="quoted", replace=stale)
    assert response.status_code == 409
    assert Attribution.objects.get(origin=Origin.CURATED).kind == "sourced"


def test_bad_input_names_the_field(client, reviewer, article, marked, other_set):
    client.force_login(reviewer)
    assert b"take:" in _decide(client, article, decision="take", take="zz").content
    assert _decide(client, article, decision="take", take="a999999:1").status_code == 400
    assert _decide(client, article, decision="fly").status_code == 400
    # Curated items cannot be "taken"; annotators' work cannot be "replaced".
    own = marked["council_1"]
    response = _decide(client, article, decision="drop", replace=f"a{own.pk}:{own.version}")
    assert response.status_code == 400 and b"replace" in response.content
    assert Attribution.objects.get(pk=own.pk).deleted_at is None


def test_annotators_cannot_curate_and_other_sets_cannot_see(
    client, annotator, outsider, reviewer, article, marked
):
    urls = [
        reverse("article-curate", args=[article.pk]),
        reverse("curation-list", args=[article.annotation_set.slug]),
        reverse("set-dashboard", args=[article.annotation_set.slug]),
        reverse("set-agreement", args=[article.annotation_set.slug]),
        reverse("set-agreement-csv", args=[article.annotation_set.slug]),
    ]
    take = {"decision": "take", "take": f"a{marked['mayor_1'].pk}:1"}
    client.force_login(annotator)
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert _decide(client, article, **take).status_code == 403
    client.force_login(outsider)  # a manager, but of another set
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert _decide(client, article, **take).status_code == 404
    assert not Attribution.objects.filter(origin=Origin.CURATED).exists()
    client.force_login(reviewer)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_api_agreement_and_export_layers(annotator, reviewer, outsider, article, marked):
    api = APIClient()
    slug = article.annotation_set.slug
    api.force_authenticate(annotator)
    assert api.get(f"/api/v1/sets/{slug}/agreement/").status_code == 403
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/sets/{slug}/agreement/").status_code == 404
    assert api.get(f"/api/v1/sets/{slug}/export/?format=jsonl").status_code == 404
    api.force_authenticate(reviewer)
    report = api.get(f"/api/v1/sets/{slug}/agreement/").json()
    assert report["annotators"] == ["annie", "bea"]
    assert report["pairs"][0]["content_f1_exact"] == pytest.approx(0.4)  # 1 of 3 + 2

    def export(query=""):
        response = api.get(f"/api/v1/sets/{slug}/export/?format=jsonl{query}")
        assert response.status_code == 200
        line = json.loads(b"".join(response.streaming_content).decode().splitlines()[0])
        return sorted(c["text"] for c in line["claims"])

    # No curated layer yet: the default is everything.
    assert len(export()) == 5
    curation_take(article=article, user=reviewer, version_of=marked["mayor_2"])
    assert export() == ["We are nearly there"]
    assert export("&layer=curated") == ["We are nearly there"]
    assert len(export("&layer=all")) == 6
    assert export("&layer=annotator:bea") == [
        "We are nearly there",
        "the deal was close",
    ]
    bad = api.get(f"/api/v1/sets/{slug}/export/?format=jsonl&layer=gold")
    assert bad.status_code == 400 and "layer" in bad.json()


def test_export_set_layer_option(reviewer, article, marked, tmp_path):
    curation_take(article=article, user=reviewer, version_of=marked["council_1"])
    slug = article.annotation_set.slug
    for layer, expected in (("", 1), ("curated", 1), ("all", 6), ("annotator:annie", 3)):
        out = tmp_path / f"{layer or 'default'}.jsonl"
        call_command(
            "export_set", slug, format="jsonl", output=str(out), layer=layer, stderr=io.StringIO()
        )
        bundle = json.loads(out.read_text().splitlines()[0])
        assert len(bundle["claims"]) == expected, layer
    with pytest.raises(Exception, match="layer"):
        call_command("export_set", slug, format="jsonl", output="-", layer="nobody")
    assert Claim.objects.filter(origin=Origin.CURATED).count() == 1


def test_board_and_list_queries_do_not_grow(
    client, reviewer, annotator, bea, article, marked, django_assert_max_num_queries
):
    client.force_login(reviewer)
    board_url = reverse("article-curate", args=[article.pk])
    list_url = reverse("curation-list", args=[article.annotation_set.slug])
    with django_assert_max_num_queries(10):
        assert client.get(board_url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(list_url).status_code == 200
    for _ in range(5):  # many more units and versions: the same queries
        two_versions(article, annotator, bea)
    with django_assert_max_num_queries(10):
        assert client.get(board_url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(list_url).status_code == 200
