"""Link suggestions in the dialog, rejecting one, the independent count, the search page,
the API endpoints and ``manage.py suggest_links``."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import ClaimLink, LinkSuggestionRejection
from claims.services.claims import claim_create
from claims.services.links import claim_link_create
from tests.corroboration_helpers import COPY, ORIGINAL, OTHER, PHRASE, span_of, store

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio(annotation_set, annotator):
    original = store(annotation_set, ORIGINAL, "Original")
    copy = store(annotation_set, COPY, "Copy")
    other = store(annotation_set, OTHER, "Other")
    start, end = span_of(original, PHRASE)
    claim = claim_create(article=original, start=start, end=end, user=annotator)
    return {"original": original, "copy": copy, "other": other, "claim": claim}


def test_dialog_suggestions_rank_and_label_a_copy(client, annotator, trio):
    client.force_login(annotator)
    response = client.get(reverse("link-suggestions", args=[trio["claim"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "copy · repeats" in html
    assert "Records show the governor held two meetings" in html
    assert html.index("Link as corroborates") > 0


def test_reject_is_remembered(client, annotator, trio):
    client.force_login(annotator)
    sentence = trio["other"].sentences.get(index=0)
    response = client.post(
        reverse("link-suggestion-reject", args=[trio["claim"].pk]),
        {"relation": "corroborates", "to_sentence": sentence.pk},
    )
    assert response.status_code == 200
    assert "Records show the governor" not in response.content.decode()
    assert LinkSuggestionRejection.objects.filter(target_sentence=sentence).count() == 1


def test_reject_needs_a_target_and_membership(client, annotator, outsider, trio):
    client.force_login(annotator)
    url = reverse("link-suggestion-reject", args=[trio["claim"].pk])
    response = client.post(url, {"relation": "corroborates"})
    assert response.status_code == 400
    assert "Choose one claim or sentence" in response.content.decode()
    client.force_login(outsider)
    assert client.get(reverse("link-suggestions", args=[trio["claim"].pk])).status_code == 404


def test_link_create_from_suggestion_updates_count(client, annotator, trio):
    client.force_login(annotator)
    sentence = trio["other"].sentences.get(index=0)
    response = client.post(
        reverse("link-create", args=[trio["claim"].pk]),
        {"relation": "corroborates", "to_sentence": sentence.pk},
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "links-changed"
    assert ClaimLink.objects.filter(from_claim=trio["claim"]).count() == 1
    badge = client.get(reverse("claim-corroboration", args=[trio["claim"].pk]))
    assert "Corroborated by 1 independent article<" in badge.content.decode()


def test_copy_link_does_not_count(client, annotator, trio):
    client.force_login(annotator)
    start, end = span_of(trio["copy"], PHRASE)
    target = claim_create(article=trio["copy"], start=start, end=end, user=annotator)
    claim_link_create(
        from_claim=trio["claim"], to_claim=target, relation="corroborates", user=annotator
    )
    html = client.get(reverse("claim-corroboration", args=[trio["claim"].pk])).content.decode()
    assert "Corroborated by 0 independent articles" in html
    assert "copies of this article" in html


def test_search_page_and_header_box(client, annotator, trio, django_assert_max_num_queries):
    client.force_login(annotator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("search"), {"q": "harbour governor"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="header-q"' in html
    assert "Records show the governor" in html
    bad = client.get(reverse("search"), {"q": "x", "published_from": "not-a-date"})
    assert bad.status_code == 400
    assert "published_from" in bad.content.decode()


def test_api_link_suggestions_search_and_count(client, annotator, outsider, trio):
    client.force_login(annotator)
    claim = trio["claim"]
    data = client.get(f"/api/v1/claims/{claim.pk}/link-suggestions/").json()
    assert data and {
        "article",
        "article_title",
        "start",
        "end",
        "text",
        "score",
        "relation",
        "independent",
        "claim",
        "sentence",
    } == set(data[0])
    copies = [d for d in data if d["article"] == trio["copy"].pk]
    assert copies and all(d["relation"] == "repeats" and not d["independent"] for d in copies)
    assert client.get(f"/api/v1/claims/{claim.pk}/link-suggestions/?limit=0").status_code == 400
    hits = client.get("/api/v1/search/", {"q": "governor harbour bridge"}).json()
    assert {h["article"] for h in hits} >= {trio["other"].pk}
    assert client.get("/api/v1/search/").status_code == 400
    count = client.get(f"/api/v1/claims/{claim.pk}/corroboration/").json()
    assert count["independent"] == 0
    client.force_login(outsider)
    assert client.get(f"/api/v1/claims/{claim.pk}/link-suggestions/").status_code == 404
    assert client.get("/api/v1/search/", {"q": "harbour"}).json() == []


def test_suggest_links_command_json(trio):
    original = trio["original"]
    start, end = span_of(original, PHRASE)
    out = StringIO()
    call_command(
        "suggest_links",
        "--article",
        original.pk,
        "--start",
        start,
        "--end",
        end,
        "--json",
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    assert rows and set(rows[0]) == {
        "article",
        "article_title",
        "start",
        "end",
        "text",
        "score",
        "relation",
        "independent",
    }
    by_article = {r["article"]: r for r in rows}
    assert by_article[trio["copy"].pk]["relation"] == "repeats"
    assert by_article[trio["other"].pk]["independent"] is True
    text = trio["other"].text
    row = by_article[trio["other"].pk]
    assert text[row["start"] : row["end"]] == row["text"]


def test_suggest_links_command_errors_name_the_option(trio):
    with pytest.raises(CommandError, match="--article"):
        call_command("suggest_links", "--article", 999999, "--start", 0, "--end", 5)
    with pytest.raises(CommandError, match="--start/--end"):
        call_command("suggest_links", "--article", trio["original"].pk, "--start", 5, "--end", 2)


def test_claim_graph_svg_and_list(client, annotator, trio):
    start, end = span_of(trio["copy"], PHRASE)
    copy_claim = claim_create(article=trio["copy"], start=start, end=end, user=annotator)
    other_claim = claim_create(
        article=trio["other"],
        **dict(
            zip(("start", "end"), span_of(trio["other"], "Records show the governor"), strict=True)
        ),
        user=annotator,
    )
    for target in (copy_claim, other_claim):
        claim_link_create(
            from_claim=trio["claim"], to_claim=target, relation="corroborates", user=annotator
        )
    client.force_login(annotator)
    html = client.get(reverse("claim-graph", args=[trio["claim"].pk])).content.decode()
    assert "<svg" in html and ' style="' not in html and "<script>" not in html
    assert html.count('class="node') == 3
    assert 'class="node uncounted"' in html  # the copy
    assert "Origin 1" in html and "Not counted" in html
    assert "Corroborated by 1 independent article." in html
