"""Undo for reject and link removal, links removable from either end, every key in the help."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from claims.models import ChangeRecord, ClaimLink, ClaimStatus
from claims.services.claims import claim_create
from claims.services.links import claim_link_create
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_reject_then_undo_brings_the_suggestion_back(client, annotator, article):
    suggestion = claim_create(
        article=article, start=0, end=9, user=None, status=ClaimStatus.SUGGESTED, origin="suggested"
    )
    client.force_login(annotator)
    rejected = client.post(reverse("claim-reject", args=[suggestion.pk]), {"version": 1}, **HX)
    undo_url = reverse("claim-unreject", args=[suggestion.pk])
    assert rejected.status_code == 200 and undo_url in rejected.content.decode()
    restored = client.post(undo_url, **HX)
    assert restored.status_code == 200 and b"Suggestion restored." in restored.content
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.deleted_at) == (ClaimStatus.SUGGESTED, None)
    assert ChangeRecord.objects.filter(entity="claim", object_id=suggestion.pk).count() >= 2
    assert client.post(undo_url, **HX).status_code == 400  # not rejected any more


def _linked(annotation_set, user):
    here = ArticleFactory(annotation_set=annotation_set)
    there = ArticleFactory(annotation_set=annotation_set)
    a = claim_create(article=here, start=0, end=9, user=user)
    b = claim_create(article=there, start=0, end=9, user=user)
    link = claim_link_create(from_claim=a, to_claim=b, relation="corroborates", user=user)
    return a, b, link


def test_link_removed_from_its_far_end_and_restored(client, annotator, annotation_set):
    _a, b, link = _linked(annotation_set, annotator)
    client.force_login(annotator)
    editor = client.get(reverse("claim-edit", args=[b.pk]), **HX).content.decode()
    assert reverse("link-delete", args=[link.pk]) in editor  # the incoming link has Remove
    removed = client.post(reverse("link-delete", args=[link.pk]), {"claim": b.pk}, **HX)
    body = removed.content.decode()
    assert removed.status_code == 200 and "Link removed." in body
    assert 'id="claim-links"' in body and 'hx-swap-oob="true"' in body
    assert reverse("link-restore", args=[link.pk]) in body
    link.refresh_from_db()
    assert link.deleted_at is not None
    restored = client.post(reverse("link-restore", args=[link.pk]), {"claim": b.pk}, **HX)
    assert restored.status_code == 200 and b"Link restored." in restored.content
    assert ClaimLink.objects.get(pk=link.pk).deleted_at is None


def test_link_removal_needs_an_end_the_user_may_edit(
    client, annotator, reviewer, annotation_set, other_set
):
    _a, _b, link = _linked(annotation_set, annotator)
    stranger = claim_create(
        article=ArticleFactory(annotation_set=annotation_set), start=0, end=5, user=annotator
    )
    client.force_login(annotator)
    assert (
        client.post(
            reverse("link-delete", args=[link.pk]), {"claim": stranger.pk}, **HX
        ).status_code
        == 404
    )
    assert ClaimLink.objects.get(pk=link.pk).deleted_at is None


def _keys_in_js() -> set[str]:
    keys: set[str] = set()
    for name in ("annotate.js", "keys.js"):
        source = (Path(settings.BASE_DIR) / "static" / "js" / name).read_text()
        # Key names in the keydown switches (one character, or Enter); not data-action names.
        keys |= {k for k in re.findall(r'case "([^"]+)"', source) if len(k) == 1 or k == "Enter"}
    return keys


def test_help_overlay_lists_every_key(client, annotator, article):
    client.force_login(annotator)
    page = client.get(reverse("article-annotate", args=[article.pk])).content.decode()
    dialog = page[page.index('id="help-dialog"') : page.index("</dialog>")]
    listed = set(re.findall(r"<kbd>([^<]+)</kbd>", dialog))
    handled = _keys_in_js()
    assert {"J", "K", "g", "G", "u"} <= handled
    missing = handled - listed
    assert not missing, f"keys handled but not in the help overlay: {missing}"
    assert 'href="#article-text"' in page  # the skip link to the text
