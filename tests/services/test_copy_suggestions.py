"""Copies annotated once: a claim on the original is offered on its homoglyph copy."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimStatus, DuplicateCluster, Origin
from claims.selectors.copy_suggestions import copied_suggestions, pending_copies
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create, claim_reject_suggestion
from claims.services.copy_suggestions import copy_suggestions_store
from claims.services.sources import source_create
from tests.factories import ArticleFactory
from tests.nlp.test_copymap import HOMOGLYPH, ORIGINAL

pytestmark = pytest.mark.django_db
SPAN = "an effort to arrange a meeting with Vladimir Putin"


@pytest.fixture
def pair(annotation_set):
    cluster = DuplicateCluster.objects.create()
    original = ArticleFactory(annotation_set=annotation_set, text=ORIGINAL, cluster=cluster)
    copy = ArticleFactory(annotation_set=annotation_set, text=HOMOGLYPH, cluster=cluster)
    return original, copy


def _claim_with_attribution(article, user):
    start = ORIGINAL.index(SPAN)
    claim = claim_create(article=article, start=start, end=start + len(SPAN), user=user)
    source = source_create(annotation_set=article.annotation_set, name="Officials", user=user)
    cue = ORIGINAL.index("said on Monday")
    attribution_create(
        article=article,
        claim=claim,
        kind="sourced",
        source=source,
        cue_span=(cue, cue + len("said")),
        user=user,
    )
    return claim


def test_claim_is_offered_on_the_copy_with_the_copys_own_text(pair, annotator):
    original, copy = pair
    made = _claim_with_attribution(original, annotator)
    assert pending_copies(article=copy) == 1
    assert copy_suggestions_store(article=copy) == 1
    [offered] = copied_suggestions(article=copy)
    assert (offered.status, offered.origin) == (ClaimStatus.SUGGESTED, Origin.COPIED)
    assert offered.quote == HOMOGLYPH[offered.start : offered.end]
    assert offered.quote == "аn еffоrt tо аrrаngе а mееting with Vlаdimir Рutin"
    [attribution] = offered.attributions.all()
    assert attribution.kind == "sourced" and attribution.origin == Origin.COPIED
    assert attribution.source_id == made.attributions.get().source_id
    assert HOMOGLYPH[attribution.cue_start : attribution.cue_end] == "sаid"
    # Idempotent, and nothing flows back onto the original (it holds the claim already).
    assert copy_suggestions_store(article=copy) == 0
    assert pending_copies(article=copy) == 0
    assert copy_suggestions_store(article=original) == 0


def test_rejected_copy_never_comes_back(pair, annotator):
    original, copy = pair
    _claim_with_attribution(original, annotator)
    copy_suggestions_store(article=copy)
    [offered] = copied_suggestions(article=copy)
    claim_reject_suggestion(claim=offered, user=annotator, version=offered.version)
    assert copy_suggestions_store(article=copy) == 0
    assert Claim.objects.filter(article=copy, deleted_at__isnull=True).count() == 0


def test_unmatched_text_is_not_offered(annotation_set, annotator):
    cluster = DuplicateCluster.objects.create()
    original = ArticleFactory(annotation_set=annotation_set, text=ORIGINAL, cluster=cluster)
    other = ArticleFactory(
        annotation_set=annotation_set,
        text=ORIGINAL.replace("Vladimir Putin", "the Kremlin's envoy"),
        cluster=cluster,
    )
    start = ORIGINAL.index("Vladimir Putin")
    claim_create(article=original, start=start, end=start + 14, user=annotator)
    assert copy_suggestions_store(article=other) == 0


def test_views_offer_then_accept_all(client, pair, annotator):
    original, copy = pair
    _claim_with_attribution(original, annotator)
    client.force_login(annotator)
    page = client.get(reverse("article-annotate", args=[copy.pk])).content.decode()
    assert reverse("copies-offer", args=[copy.pk]) in page and 'hx-trigger="load"' in page
    offered = client.post(reverse("copies-offer", args=[copy.pk]), HTTP_HX_REQUEST="true")
    assert offered.status_code == 204 and offered["HX-Refresh"] == "true"
    page = client.get(reverse("article-annotate", args=[copy.pk])).content.decode()
    assert "Accept all 1 copied suggestion" in page
    accepted = client.post(reverse("copies-accept-all", args=[copy.pk]), HTTP_HX_REQUEST="true")
    assert accepted.status_code == 204
    claim = Claim.objects.get(article=copy)
    assert (claim.status, claim.accepted_by) == (ClaimStatus.DRAFT, annotator)


def test_outsider_gets_404(client, pair, outsider):
    _original, copy = pair
    client.force_login(outsider)
    assert client.post(reverse("copies-offer", args=[copy.pk])).status_code == 404
    assert client.post(reverse("copies-accept-all", args=[copy.pk])).status_code == 404
