"""Hole 5 of the hardening issue, last parts: ``javascript:`` article URLs were stored and
rendered as links (only the CSP stopped them), and a link from a claim in set A to one in
set B showed B's quote and title to a member of A only (and, found by the stateful
schemathesis run, a set's export carried such a link with B's claim id, and a claim's
corroboration counted it, showing B's claim, article and source name)."""

import orjson
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.api.conftest import token_client
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    ClaimLinkFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Secret merger talks"
SECRET_TEXT = "The board secretly agreed to sell the company to a rival firm."


def test_link_into_another_set_is_not_shown_to_an_outsider(
    client, annotator, annotation_set, other_set, manager
):
    mine = ClaimFactory(article=ArticleFactory(annotation_set=annotation_set))
    theirs = ClaimFactory(
        article=ArticleFactory(annotation_set=other_set, title=SECRET_TITLE, text=SECRET_TEXT),
        start=4,
        end=30,
    )
    ClaimLinkFactory(from_claim=mine, to_claim=theirs)
    ClaimLinkFactory(from_claim=theirs, to_claim=mine, relation="repeats")
    client.force_login(annotator)
    for url in (
        reverse("claim-edit", args=[mine.pk]),
        reverse("article-annotate", args=[mine.article_id]) + f"?claim={mine.pk}",
    ):
        response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200
        body = response.content.decode()
        assert SECRET_TITLE not in body and theirs.quote not in body, url


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_sets_export_leaves_out_links_into_another_set(fmt, manager, annotation_set, other_set):
    mine = ClaimFactory(article=ArticleFactory(annotation_set=annotation_set))
    sibling = ClaimFactory(article=mine.article, start=21)
    theirs = ClaimFactory(article=ArticleFactory(annotation_set=other_set))
    secret_source = SourceFactory(annotation_set=other_set, name="Secret Informant")
    AttributionFactory(claim=theirs, source=secret_source)
    ClaimLinkFactory(from_claim=mine, to_claim=theirs)
    kept = ClaimLinkFactory(from_claim=mine, to_claim=sibling)
    response = token_client(manager).get(f"/api/v1/sets/{annotation_set.slug}/export/?format={fmt}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    bundles = (
        orjson.loads(body)["articles"] if fmt == "json" else map(orjson.loads, body.splitlines())
    )
    links = [(link["id"], link["to_claim"]) for bundle in bundles for link in bundle["links"]]
    assert links == [(kept.pk, sibling.pk)]
    # Nor does the corroboration count it carries rest on the other set's sources.
    assert b"Secret Informant" not in body


def test_corroboration_leaves_out_links_into_another_set(
    client, manager, annotation_set, other_set
):
    mine = ClaimFactory(article=ArticleFactory(annotation_set=annotation_set))
    theirs = ClaimFactory(
        article=ArticleFactory(annotation_set=other_set, title=SECRET_TITLE, text=SECRET_TEXT),
        start=4,
        end=30,
    )
    ClaimLinkFactory(from_claim=mine, to_claim=theirs)
    api = token_client(manager).get(f"/api/v1/claims/{mine.pk}/corroboration/")
    assert api.status_code == 200
    assert api.json()["independent"] == 0 and api.json()["groups"] == []
    client.force_login(manager)
    for name in ("claim-corroboration", "claim-graph"):
        page = client.get(reverse(name, args=[mine.pk]))
        assert page.status_code == 200
        body = page.content.decode()
        assert SECRET_TITLE not in body and theirs.quote not in body, name


def test_link_within_visible_sets_is_shown(client, annotator, annotation_set):
    article = ArticleFactory(annotation_set=annotation_set)
    other = ArticleFactory(annotation_set=annotation_set, title="Visible sibling")
    mine = ClaimFactory(article=article)
    ClaimLinkFactory(from_claim=mine, to_claim=ClaimFactory(article=other))
    client.force_login(annotator)
    body = client.get(reverse("claim-edit", args=[mine.pk])).content.decode()
    assert "Visible sibling" in body


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "ftp://x.org/a"]
)
def test_only_web_urls_are_stored(annotation_set, url):
    article = ArticleFactory.build(annotation_set=annotation_set, url=url)
    with pytest.raises(ValidationError) as refused:
        article.full_clean(exclude=["folded_sha256", "minhash"])
    assert "url" in refused.value.message_dict


def test_a_stored_script_url_is_never_rendered_as_a_link(client, annotator, annotation_set):
    article = ArticleFactory(annotation_set=annotation_set, url="javascript:alert(1)")
    client.force_login(annotator)
    body = client.get(reverse("article-read", args=[article.pk])).content.decode()
    assert "javascript:" not in body
    article.url = "https://example.org/story"
    article.save()
    body = client.get(reverse("article-read", args=[article.pk])).content.decode()
    assert 'href="https://example.org/story"' in body
