"""The annotate page and its htmx fragments: permissions, fragments only, flat queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Attribution, Claim, ClaimStatus, Role, Source
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create
from claims.services.sources import source_create
from tests.factories import ArticleFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _claims(article, user, n):
    """n claims over the article, some nested and overlapping, each with an attribution."""
    text_len = len(article.text)
    source = Source.objects.filter(annotation_set=article.annotation_set).first() or source_create(
        annotation_set=article.annotation_set, name="Ana Ruiz", user=user
    )
    for i in range(n):
        start = (i * 7) % (text_len - 30)
        claim = claim_create(article=article, start=start, end=start + 5 + i % 20, user=user)
        kind = ["sourced", "anonymous", "quoted"][i % 3]
        attribution_create(
            article=article, claim=claim, kind=kind, user=user, source=source if i % 2 else None
        )


def _count_queries(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_requires_login_and_membership(client, annotator, outsider, article):
    url = reverse("article-annotate", args=[article.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(annotator)
    response = client.get(url)
    assert response.status_code == 200
    assert b'id="article-text"' in response.content
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_htmx_request_gets_only_the_workspace_fragment(client, annotator, article):
    client.force_login(annotator)
    response = client.get(reverse("article-annotate", args=[article.pk]), **HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="workspace"')
    assert "<!doctype" not in html and "<head>" not in html and "<body" not in html
    assert "help-dialog" not in html


def test_query_count_is_flat_from_5_to_500_claims(client, annotator, annotation_set):
    small = ArticleFactory(annotation_set=annotation_set, text="Word and more words. " * 300)
    large = ArticleFactory(annotation_set=annotation_set, text="Word and more words. " * 300)
    _claims(small, annotator, 5)
    _claims(large, annotator, 500)
    client.force_login(annotator)
    few = _count_queries(client, reverse("article-annotate", args=[small.pk]))
    many = _count_queries(client, reverse("article-annotate", args=[large.pk]))
    assert many <= few
    panel_few = _count_queries(client, reverse("claim-list", args=[small.pk]), **HX)
    panel_many = _count_queries(client, reverse("claim-list", args=[large.pk]), **HX)
    assert panel_many <= panel_few


def test_article_text_is_escaped(client, annotator, annotation_set):
    article = ArticleFactory(
        annotation_set=annotation_set,
        text="<script>alert(1)</script> <img src=x onerror=alert(1)>.",
    )
    client.force_login(annotator)
    html = client.get(reverse("article-annotate", args=[article.pk])).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_claim_new_fragment_and_bad_offsets(client, annotator, article):
    client.force_login(annotator)
    url = reverse("claim-new", args=[article.pk])
    response = client.get(url, {"start": 0, "end": 9}, **HX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="editor"')
    assert "Officials" in response.content.decode()
    bad = client.get(url, {"start": 5, "end": 10_000}, **HX)
    assert bad.status_code == 400 and b"Selection end" in bad.content
    junk = client.get(url, {"start": "x", "end": 3}, **HX)
    assert junk.status_code == 400 and b"Selection" in junk.content


def test_create_claim_with_new_source_swaps_text_and_panel_out_of_band(client, annotator, article):
    client.force_login(annotator)
    data = {"start": 0, "end": 9, "kind": "quoted", "source_new": "Ana Ruiz", "note": "n"}
    response = client.post(reverse("claim-create", args=[article.pk]), data, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="editor"')
    assert 'id="article-text"' in html and 'id="claims-panel"' in html
    assert html.count('hx-swap-oob="true"') == 3
    claim = Claim.objects.get()
    assert (claim.quote, claim.created_by, claim.note) == ("Officials", annotator, "n")
    attribution = Attribution.objects.get()
    assert attribution.kind == "quoted" and attribution.source.name == "Ana Ruiz"


def test_create_rejects_bad_input_inline(client, annotator, article):
    client.force_login(annotator)
    url = reverse("claim-create", args=[article.pk])
    bad_kind = client.post(url, {"start": 0, "end": 9, "kind": "rumour"}, **HX)
    assert bad_kind.status_code == 400 and b"Attribution:" in bad_kind.content
    unpicked = client.post(
        url, {"start": 0, "end": 9, "kind": "sourced", "source_query": "Ana"}, **HX
    )
    assert unpicked.status_code == 400 and b"Source: Pick a source" in unpicked.content
    past_end = client.post(url, {"start": 0, "end": 999}, **HX)
    assert past_end.status_code == 400 and b"past the end" in past_end.content
    blank = client.post(url, {"start": 9, "end": 10}, **HX)  # one space
    assert blank.status_code == 400
    foreign = source_create(annotation_set=ArticleFactory().annotation_set, name="X", user=None)
    other = client.post(url, {"start": 0, "end": 9, "kind": "sourced", "source": foreign.pk}, **HX)
    assert other.status_code == 400 and b"does not exist in this set" in other.content
    assert not Claim.objects.exists()


def test_stale_version_gets_conflict_panel_and_nothing_is_overwritten(
    client, annotator, reviewer, article
):
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    client.force_login(reviewer)
    url = reverse("claim-update", args=[claim.pk])
    first = client.post(url, {"version": 1, "note": "first"}, **HX)
    assert first.status_code == 200
    second = client.post(url, {"version": 1, "note": "second"}, **HX)
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else saved this claim first" in html
    assert "first" in html and "second" in html
    assert 'name="version" value="2"' in html  # "use mine" resends against the current version
    claim.refresh_from_db()
    assert claim.note == "first"
    merge = client.post(url, {"version": 2, "note": "second", "intent": "merge"}, **HX)
    assert merge.status_code == 200 and "first\nsecond" in merge.content.decode()
    claim.refresh_from_db()
    assert claim.note == "first"  # merging only prepares the editor


def test_annotators_edit_only_their_own_claims(
    client, annotator, reviewer, annotation_set, article
):
    other = UserFactory(username="olga")
    MembershipFactory(user=other, annotation_set=annotation_set, role=Role.ANNOTATOR)
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    client.force_login(other)
    url = reverse("claim-update", args=[claim.pk])
    assert client.post(url, {"version": 1, "note": "x"}, **HX).status_code == 403
    view = client.get(reverse("claim-edit", args=[claim.pk]), **HX)
    assert view.status_code == 200 and b"editor-form" not in view.content
    client.force_login(reviewer)
    assert client.post(url, {"version": 1, "note": "x"}, **HX).status_code == 200


def test_outsider_gets_404_on_every_fragment(client, annotator, outsider, article):
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    client.force_login(outsider)
    gets = [
        reverse("claim-edit", args=[claim.pk]),
        reverse("claim-list", args=[article.pk]),
        reverse("source-search", args=[article.pk]),
        reverse("link-search", args=[claim.pk]),
        reverse("claim-new", args=[article.pk]) + "?start=0&end=3",
    ]
    for url in gets:
        assert client.get(url, **HX).status_code == 404, url
    posts = [
        reverse("claim-update", args=[claim.pk]),
        reverse("claim-delete", args=[claim.pk]),
        reverse("claim-create", args=[article.pk]),
        reverse("article-done", args=[article.pk]),
        reverse("link-create", args=[claim.pk]),
    ]
    for url in posts:
        assert client.post(url, {"version": 1}, **HX).status_code == 404, url


def test_soft_delete_with_undo(client, annotator, article):
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    client.force_login(annotator)
    response = client.post(reverse("claim-delete", args=[claim.pk]), {"version": 1}, **HX)
    assert response.status_code == 200
    assert reverse("claim-restore", args=[claim.pk]) in response.content.decode()
    claim.refresh_from_db()
    assert claim.deleted_at is not None
    assert client.get(reverse("claim-edit", args=[claim.pk]), **HX).status_code == 404
    client.post(reverse("claim-restore", args=[claim.pk]), **HX)
    claim.refresh_from_db()
    assert claim.deleted_at is None
    missing = client.post(reverse("claim-delete", args=[claim.pk]), {}, **HX)
    assert missing.status_code == 400 and b"Version" in missing.content


def test_accept_reject_and_accept_all_record_who(client, annotator, article):
    make = lambda s, e: claim_create(  # noqa: E731
        article=article, start=s, end=e, user=None, status=ClaimStatus.SUGGESTED, origin="suggested"
    )
    first, second, third = make(0, 9), make(10, 18), make(24, 28)
    client.force_login(annotator)
    accepted = client.post(reverse("claim-accept", args=[first.pk]), {"version": 1}, **HX)
    assert accepted.status_code == 200
    first.refresh_from_db()
    assert (first.status, first.accepted_by) == ("draft", annotator)
    client.post(reverse("claim-reject", args=[second.pk]), {"version": 1}, **HX)
    second.refresh_from_db()
    assert second.status == "rejected" and second.deleted_at is not None
    again = client.post(reverse("claim-accept", args=[first.pk]), {"version": 2}, **HX)
    assert again.status_code == 400
    response = client.post(reverse("sentence-accept-all", args=[article.pk, 0]), **HX)
    assert response.status_code == 200 and b"1 suggestion(s) accepted" in response.content
    third.refresh_from_db()
    assert third.accepted_by == annotator


def test_source_search_finds_alias_and_offers_new(client, annotator, annotation_set, article):
    source_create(
        annotation_set=annotation_set, name="Sergei Kislyak", user=None, aliases=["Sergey Kislyak"]
    )
    client.force_login(annotator)
    url = reverse("source-search", args=[article.pk])
    html = client.get(url, {"source_query": "Sergey"}, **HX).content.decode()
    assert html.lstrip().startswith('<ul id="source-options"')
    assert "Sergei Kislyak" in html and "Sergey Kislyak" in html
    assert "Create source" in html
    exact = client.get(url, {"source_query": "Sergei Kislyak"}, **HX).content.decode()
    assert "Create source" not in exact


def test_link_search_and_create(client, annotator, annotation_set, other_set, article):
    from tests.browser.helpers import fill_folded

    claim = claim_create(article=article, start=0, end=9, user=annotator)
    copy = fill_folded(
        ArticleFactory(annotation_set=annotation_set, text="Тhe deal wаs close, officials said.")
    )  # Cyrillic Т and а: a look-alike copy
    hidden = fill_folded(ArticleFactory(annotation_set=other_set, text="The deal was close."))
    target = claim_create(article=copy, start=0, end=18, user=annotator)
    client.force_login(annotator)
    html = client.get(
        reverse("link-search", args=[claim.pk]), {"q": "the deal was close"}, **HX
    ).content.decode()
    assert html.lstrip().startswith('<div id="link-results"')
    assert f'name="to_claim" value="{target.pk}"' in html
    assert 'name="to_sentence"' in html
    assert str(hidden.title) not in html  # a set the user is not in
    url = reverse("link-create", args=[claim.pk])
    response = client.post(url, {"relation": "repeats", "to_claim": target.pk}, **HX)
    assert response.status_code == 200 and "Repeats" in response.content.decode()
    duplicate = client.post(url, {"relation": "repeats", "to_claim": target.pk}, **HX)
    assert duplicate.status_code == 400 and b"already linked" in duplicate.content
    bad = client.post(url, {"relation": "likes", "to_claim": target.pk}, **HX)
    assert bad.status_code == 400 and b"Relation" in bad.content
    sentence = copy.sentences.get(index=0)
    via_sentence = client.post(url, {"relation": "corroborates", "to_sentence": sentence.pk}, **HX)
    assert via_sentence.status_code == 200
    assert claim.links_out.count() == 2
    hidden_sentence = hidden.sentences.get(index=0)
    nope = client.post(url, {"relation": "repeats", "to_sentence": hidden_sentence.pk}, **HX)
    assert nope.status_code == 404


def test_claim_list_filters_and_counts(client, annotator, article):
    _claims(article, annotator, 6)
    client.force_login(annotator)
    url = reverse("claim-list", args=[article.pk])
    html = client.get(url, {"kind": "quoted"}, **HX).content.decode()
    assert html.lstrip().startswith('<ol id="claim-list"')
    assert html.count("claim-item k-quoted") == 2 and "k-sourced" not in html
    assert client.get(url, {"kind": "gossip"}, **HX).status_code == 400


def test_mark_article_done(client, annotator, article):
    client.force_login(annotator)
    url = reverse("article-done", args=[article.pk])
    response = client.post(url, {"done": "on"}, **HX)
    assert response.status_code == 200 and b"Reopen" in response.content
    assert article.completions.filter(user=annotator).exists()
    client.post(url, {"done": ""}, **HX)
    assert not article.completions.exists()


def test_attribution_delete_and_restore(client, annotator, article):
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    attribution = attribution_create(article=article, claim=claim, kind="sourced", user=annotator)
    client.force_login(annotator)
    response = client.post(
        reverse("attribution-delete", args=[attribution.pk]), {"version": 1}, **HX
    )
    assert response.status_code == 200
    attribution.refresh_from_db()
    assert attribution.deleted_at is not None
    client.post(reverse("attribution-restore", args=[attribution.pk]), **HX)
    attribution.refresh_from_db()
    assert attribution.deleted_at is None


def test_second_attribution_and_spans(client, annotator, article):
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    first = attribution_create(article=article, claim=claim, kind="anonymous", user=annotator)
    client.force_login(annotator)
    cue = article.text.index("told reporters")
    data = {
        "version": 1,
        "kind": "sourced",
        "source_new": "Ana Ruiz",
        "cue_start": cue,
        "cue_end": cue + len("told reporters"),
        "source_start": article.text.index("Mayor"),
        "source_end": article.text.index("Mayor") + len("Mayor Ana Ruiz"),
    }
    response = client.post(reverse("claim-update", args=[claim.pk]), data, **HX)
    assert response.status_code == 200
    added = Attribution.objects.exclude(pk=first.pk).get()
    assert article.text[added.cue_start : added.cue_end] == "told reporters"
    assert article.text[added.source_start : added.source_end] == "Mayor Ana Ruiz"
    assert Source.objects.get().name == "Ana Ruiz"
    half = client.post(
        reverse("claim-update", args=[claim.pk]), {"version": 2, "cue_start": 3}, **HX
    )
    assert half.status_code == 400 and b"cue" in half.content
