"""The claim page explains its independent count: which links counted, which were folded
together and why, which did not count."""

import pytest
from django.urls import reverse

from tests.corroboration_helpers import corroboration_world

pytestmark = pytest.mark.django_db


def test_claim_page_explains_the_count(client, annotator, annotation_set):
    world = corroboration_world(annotation_set, annotator)
    client.force_login(annotator)
    url = reverse("claim-corroboration", args=[world["resigned"].pk])
    html = client.get(url).content.decode()
    assert "Corroborated by 2 independent articles" in html
    assert "How this is counted" in html
    # The two Reuters reports are one origin, and the page says why.
    assert "folded together: both rest on Reuters (wire copy)" in html
    assert html.count("<li>Counted once:") == 2
    assert "Not counted (linked as repeats): named" in html
    meetings = client.get(reverse("claim-corroboration", args=[world["meetings"].pk]))
    assert "near-duplicate articles (one republished the other)" in meetings.content.decode()
