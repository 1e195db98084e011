"""Statement budgets of the API writes, through the whole stack (middleware, token
authentication, role checks, serializers, services): a claim with its attribution in at most
ten statements, and a nested create that stays flat however many claims it carries.

The counts include the two savepoint statements the test's own transaction turns the
service's transaction into; over gunicorn those are a plain BEGIN/COMMIT."""

import pytest

from claims.models import Attribution, ChangeRecord, Claim, ClaimLink, Source
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/annotations/"


def _warm(client, own) -> None:
    # The token's last-used touch runs at most once a minute; take it before counting.
    assert client.get(f"/api/v1/articles/{own.article.pk}/").status_code == 200


def _claim(article, n: int, source_name: str, **extra):  # type: ignore[no-untyped-def]
    return {
        "article": article.pk,
        "start": n,
        "end": n + 15,
        "attributions": [
            {"kind": "sourced", "source_name": source_name, "cue_start": 46, "cue_end": 50}
        ],
        **extra,
    }


@pytest.mark.parametrize("source_name", ["A Brand New Person", "existing"])
def test_claim_with_attribution_over_the_api_costs_at_most_ten_statements(
    client_for, own, django_assert_max_num_queries, source_name
):
    client = client_for(own.writer)
    _warm(client, own)
    name = own.source.name if source_name == "existing" else source_name
    # token + user, article + membership, claim, source lookup (and insert), attribution,
    # change records, the dashboard tallies' one upsert, and the test transaction's savepoint
    # pair: the budget is 10.
    with django_assert_max_num_queries(10):
        response = client.post(URL, {"claims": [_claim(own.article, 0, name)]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()["claims"][0]
    claim = Claim.objects.get(pk=body["id"])
    attribution = Attribution.objects.get(claim=claim)
    assert body["attributions"][0]["id"] == attribution.pk and body["links"] == []
    assert attribution.source.name == name and attribution.cue_start == 46
    assert Source.objects.live().filter(folded_name=attribution.source.folded_name).count() == 1
    # Versioned and in the history, as one action.
    records = ChangeRecord.objects.filter(group=ChangeRecord.objects.latest("id").group)
    entities = sorted(records.values_list("entity", flat=True))
    expected = ["attribution", "claim"] + (["source"] if source_name != "existing" else [])
    assert entities == expected
    assert claim.version == attribution.version == 1


@pytest.mark.parametrize("articles", [1, 4])
def test_nested_create_is_a_bounded_number_of_statements(
    client_for, own, django_assert_max_num_queries, articles
):
    """5 claims + 5 attributions + 1 link (and 4× that over four articles): the same count."""
    client = client_for(own.writer)
    _warm(client, own)
    targets = [own.article, *(ArticleFactory(annotation_set=own.annotation_set) for _ in range(3))]
    claims = [
        _claim(
            article,
            n * 10,
            f"Speaker {a}.{n}",
            ref=f"c{a}.{n}",
            links=[{"to_ref": f"c{a}.0", "relation": "repeats"}] if n == 1 else [],
        )
        for a, article in enumerate(targets[:articles])
        for n in range(5)
    ]
    claims[0]["links"] = [{"to_claim": own.claim.pk, "relation": "corroborates"}]
    before = ChangeRecord.objects.count()
    # token, article + membership, the stored claim linked to (read, then locked live),
    # claims, source lookup, sources, attributions, links, change records, tallies, savepoint pair.
    with django_assert_max_num_queries(13):
        response = client.post(URL, {"claims": claims}, format="json")
    assert response.status_code == 201, response.json()
    out = response.json()["claims"]
    assert len(out) == 5 * articles
    assert all(len(c["attributions"]) == 1 for c in out)
    assert out[1]["links"][0]["to_claim"] == out[0]["id"]
    assert out[0]["links"][0]["to_claim"] == own.claim.pk
    stored = ClaimLink.objects.filter(from_claim_id__in=[c["id"] for c in out])
    assert stored.count() == 1 + articles
    # One record per claim, attribution, new source and link, all in one group.
    added = ChangeRecord.objects.order_by("id")[before:]
    assert len(added) == 5 * articles * 3 + 1 + articles
    assert len({r.group for r in added}) == 1


def test_a_link_to_a_deleted_claim_stores_nothing(client_for, own):
    body = {"claims": [_claim(own.article, 0, "Someone Else")]}
    body["claims"][0]["links"] = [{"to_claim": own.claim.pk, "relation": "repeats"}]
    Claim.objects.filter(pk=own.claim.pk).update(deleted_at="2026-01-01T00:00:00Z")
    before = (Claim.objects.count(), ChangeRecord.objects.count(), Source.objects.count())
    response = client_for(own.writer).post(URL, body, format="json")
    assert response.status_code == 400
    assert (Claim.objects.count(), ChangeRecord.objects.count(), Source.objects.count()) == before


def test_links_to_stored_claims_are_locked_live(own):
    """A stored claim deleted after the request read it: the lock inside the transaction
    sees it, and nothing of the request is kept."""
    from django.core.exceptions import ValidationError

    from claims.services.annotations_nested import NewClaim, NewLink, annotations_create

    stale = Claim.objects.get(pk=own.claim.pk)
    Claim.objects.filter(pk=own.claim.pk).update(deleted_at="2026-01-01T00:00:00Z")
    before = (Claim.objects.count(), ChangeRecord.objects.count())
    new = NewClaim(
        article=own.article,
        start=0,
        end=12,
        links=[NewLink(relation="repeats", to_claim=stale)],
    )
    with pytest.raises(ValidationError, match="Deleted claims"):
        annotations_create(claims=[new], user=own.writer)
    assert (Claim.objects.count(), ChangeRecord.objects.count()) == before


def test_one_object_creates_cost_few_statements(client_for, own, django_assert_max_num_queries):
    """The plain endpoints too: the article is read with the caller's role in its set."""
    client = client_for(own.writer)
    _warm(client, own)
    claim = {"article": own.article.pk, "start": 60, "end": 80}
    # token, article + role, claim, record, tallies, savepoints
    with django_assert_max_num_queries(7):
        response = client.post("/api/v1/claims/", claim, format="json")
    assert response.status_code == 201, response.json()
    attribution = {
        "article": own.article.pk,
        "claim": response.json()["id"],
        "kind": "sourced",
        "source": own.source.pk,
    }
    # + the claim and the source named, the lock on both, the attribution
    with django_assert_max_num_queries(10):
        response = client.post("/api/v1/attributions/", attribution, format="json")
    assert response.status_code == 201, response.json()
