"""POST /api/v1/annotations/: claims with attributions (source by id or by name) and links in
one request and one transaction."""

import pytest

from claims.models import Attribution, ChangeRecord, Claim, ClaimLink, Source
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/annotations/"


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Claim.objects.count(),
        Attribution.objects.count(),
        ClaimLink.objects.count(),
        Source.objects.count(),
        ChangeRecord.objects.count(),
    )


def item(errors, n: int):
    """The errors of the n-th item of a list (DRF gives a list, or a dict by index)."""
    return errors[str(n)] if isinstance(errors, dict) else errors[n]


def test_claim_with_attributions_and_links_in_one_post(client_for, own):
    text = own.article.text
    body = {
        "claims": [
            {
                "article": own.article.pk,
                "start": 60,
                "end": 80,
                "ref": "a",
                "note": "checked",
                "attributions": [
                    {"kind": "sourced", "source": own.source.pk, "cue_start": 46, "cue_end": 50},
                    {"kind": "sourced", "source_name": "Mayor Ana Ruiz"},
                ],
                "links": [
                    {"to_claim": own.claim.pk, "relation": "corroborates"},
                    {"to_ref": "b", "relation": "elaborates"},
                ],
            },
            {"article": own.article.pk, "start": 0, "end": 20, "ref": "b", "status": "submitted"},
        ]
    }
    response = client_for(own.writer).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    first, second = response.json()["claims"]
    assert first["quote"] == text[60:80] and first["created_by"] == "writer"
    assert second["status"] == "submitted"
    assert first["attributions"][0]["source"] == own.source.pk
    named = Source.objects.get(pk=first["attributions"][1]["source"])
    assert named.name == "Mayor Ana Ruiz" and named.annotation_set == own.annotation_set
    assert [(link["to_claim"], link["relation"]) for link in first["links"]] == [
        (own.claim.pk, "corroborates"),
        (second["id"], "elaborates"),
    ]
    # Versioned and in the history, as one action.
    records = ChangeRecord.objects.filter(object_id__in=[first["id"], second["id"]], entity="claim")
    assert records.count() == 2
    groups = set(ChangeRecord.objects.order_by("-id")[:7].values_list("group", flat=True))
    assert len(groups) == 1


def test_source_by_name_reuses_the_sets_source(client_for, own):
    claims = [
        {
            "article": own.article.pk,
            "start": 0,
            "end": 10 + n,
            "attributions": [{"kind": "sourced", "source_name": f"  {own.source.name.upper()} "}],
        }
        for n in range(3)
    ]
    response = client_for(own.writer).post(URL, {"claims": claims}, format="json")
    assert response.status_code == 201, response.json()
    sources = {c["attributions"][0]["source"] for c in response.json()["claims"]}
    assert sources == {own.source.pk}


def test_a_bad_attribution_rolls_everything_back(client_for, own):
    before = _counts()
    body = {
        "claims": [
            {"article": own.article.pk, "start": 0, "end": 10, "ref": "a"},
            {
                "article": own.article.pk,
                "start": 20,
                "end": 30,
                "attributions": [
                    {"kind": "sourced", "source_name": "A New Person"},
                    {"kind": "sourced", "source_start": 5, "source_end": 10_000},
                ],
                "links": [{"to_ref": "a", "relation": "repeats"}],
            },
        ]
    }
    response = client_for(own.writer).post(URL, body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert any(key.startswith("claims[1].attributions[1]") for key in errors), errors
    assert _counts() == before  # no claim, attribution, link, source or history row
    assert not Source.objects.filter(name="A New Person").exists()


@pytest.mark.parametrize(
    ("attribution", "field"),
    [
        ({"kind": "whispered"}, "kind"),
        ({"kind": "sourced", "source": 10**9}, "source"),
        ({"kind": "sourced", "source_start": 3}, "source_start"),
    ],
)
def test_bad_attribution_fields_are_named(client_for, own, attribution, field):
    before = _counts()
    body = {
        "claims": [
            {"article": own.article.pk, "start": 0, "end": 10},
            {"article": own.article.pk, "start": 0, "end": 12, "attributions": [attribution]},
        ]
    }
    response = client_for(own.writer).post(URL, body, format="json")
    assert response.status_code == 400
    assert field in item(item(response.json()["claims"], 1)["attributions"], 0)
    assert _counts() == before


def test_unknown_ref_and_other_sets_are_refused(client_for, own, foreign):
    client = client_for(own.writer)
    before = _counts()
    response = client.post(
        URL,
        {
            "claims": [
                {
                    "article": own.article.pk,
                    "start": 0,
                    "end": 10,
                    "links": [{"to_ref": "nope", "relation": "repeats"}],
                }
            ]
        },
        format="json",
    )
    assert response.status_code == 400 and "claims[0].links[0].to_ref" in response.json()
    # Another set's article or source: "does not exist", never confirmed.
    response = client.post(
        URL, {"claims": [{"article": foreign.article.pk, "start": 0, "end": 5}]}, format="json"
    )
    assert response.status_code == 400 and "article" in item(response.json()["claims"], 0)
    response = client.post(
        URL,
        {
            "claims": [
                {
                    "article": own.article.pk,
                    "start": 0,
                    "end": 5,
                    "attributions": [{"kind": "sourced", "source": foreign.source.pk}],
                }
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert _counts() == before


def test_reviewer_statuses_are_not_for_creates(client_for, own):
    body = {"claims": [{"article": own.article.pk, "start": 0, "end": 5, "status": "approved"}]}
    response = client_for(own.writer).post(URL, body, format="json")
    assert response.status_code == 400 and "status" in item(response.json()["claims"], 0)


def test_bulk_create_for_integrators(client_for, own, django_assert_max_num_queries):
    articles = [own.article, *(ArticleFactory(annotation_set=own.annotation_set) for _ in range(3))]
    claims = [
        {
            "article": article.pk,
            "start": n,
            "end": n + 15,
            "attributions": [{"kind": "sourced", "source_name": f"Speaker {n % 4}"}],
        }
        for article in articles
        for n in range(0, 50, 5)
    ]
    client = client_for(own.writer)
    response = client.post(URL, {"claims": claims}, format="json")
    assert response.status_code == 201, response.json()
    assert len(response.json()["claims"]) == 40
    assert Source.objects.filter(name__startswith="Speaker").count() == 4


def test_limit_on_claims_per_request(client_for, own, settings):
    settings.CLAIMS_MAX_NESTED_CLAIMS = 2
    claims = [{"article": own.article.pk, "start": 0, "end": 5 + n} for n in range(3)]
    response = client_for(own.writer).post(URL, {"claims": claims}, format="json")
    assert response.status_code == 400 and "claims" in response.json()


def test_outsiders_cannot_create(client_for, own, outsider):
    body = {"claims": [{"article": own.article.pk, "start": 0, "end": 5}]}
    response = client_for(outsider).post(URL, body, format="json")
    assert response.status_code == 400  # the article is not visible to them
    assert not Claim.objects.filter(created_by=outsider).exists()


def test_ids_of_the_wrong_type_are_a_400(client_for, own):
    body = {"claims": [{"article": {"id": own.article.pk}, "start": 0, "end": 5}]}
    response = client_for(own.writer).post(URL, body, format="json")
    assert response.status_code == 400 and "article" in item(response.json()["claims"], 0)
