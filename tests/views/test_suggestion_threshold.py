"""The manager-set suggestion threshold: the settings page (managers only), the workspace
hiding pending suggestions below it (with a count and a way to show them), "accept all" and
the API filters."""

import pytest
from django.urls import reverse

from claims.models import AnnotationSet, ClaimStatus
from tests.api.conftest import token_client
from tests.factories import AttributionFactory, ClaimFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
SETTINGS = {"name": "Newsroom", "description": "", "guidelines": ""}


def _suggestion(article, start, end, confidence):
    claim = ClaimFactory(
        article=article, start=start, end=end, status=ClaimStatus.SUGGESTED, origin="suggested"
    )
    AttributionFactory(
        claim=claim, kind="anonymous", confidence=confidence, origin="suggested", cue_start=34
    )
    return claim


@pytest.fixture
def three(article):
    """A weak and a strong pending suggestion and a human claim (no confidence)."""
    weak = _suggestion(article, 0, 9, 0.3)
    strong = _suggestion(article, 10, 18, 0.9)
    human = ClaimFactory(article=article, start=60, end=80, status=ClaimStatus.DRAFT)
    return weak, strong, human


def _set_threshold(annotation_set, value):
    AnnotationSet.objects.filter(pk=annotation_set.pk).update(suggestion_threshold=value)


def test_manager_sets_the_threshold_on_the_settings_page(client, manager, annotation_set):
    client.force_login(manager)
    url = reverse("set-settings", args=["newsroom"])
    assert client.post(url, {**SETTINGS, "suggestion_threshold": "0.6"}).status_code == 302
    annotation_set.refresh_from_db()
    assert annotation_set.suggestion_threshold == 0.6
    page = client.get(reverse("member-list", args=["newsroom"])).content.decode()
    assert 'name="suggestion_threshold"' in page and 'value="0.6"' in page
    # Blank keeps the value; out of range is refused and changes nothing.
    assert client.post(url, SETTINGS).status_code == 302
    for bad in ("1.5", "-0.1", "many"):
        response = client.post(url, {**SETTINGS, "suggestion_threshold": bad})
        assert response.status_code == 400
    annotation_set.refresh_from_db()
    assert annotation_set.suggestion_threshold == 0.6


@pytest.mark.parametrize("who", ["annotator", "reviewer", "outsider"])
def test_only_managers_of_the_set_change_it(client, request, who, annotation_set):
    client.force_login(request.getfixturevalue(who))
    url = reverse("set-settings", args=["newsroom"])
    response = client.post(url, {**SETTINGS, "suggestion_threshold": "0.9"})
    assert response.status_code == (404 if who == "outsider" else 403)
    annotation_set.refresh_from_db()
    assert annotation_set.suggestion_threshold == 0.0


def test_workspace_hides_suggestions_below_the_threshold(client, annotator, article, three):
    weak, strong, human = three
    client.force_login(annotator)
    url = reverse("article-annotate", args=[article.pk])
    page = client.get(url).content.decode()
    assert f'data-claim="{weak.pk}"' in page and "hidden below threshold" not in page

    _set_threshold(article.annotation_set, 0.5)
    page = client.get(url).content.decode()
    assert f'data-claim="{weak.pk}"' not in page
    assert f'data-claim="{strong.pk}"' in page and f'data-claim="{human.pk}"' in page
    assert "1 hidden below threshold (0.50)" in page and "?low=on" in page

    shown = client.get(url, {"low": "on"}).content.decode()
    assert f'data-claim="{weak.pk}"' in shown and "Showing 1 suggestion below" in shown
    # The panel filter keeps the choice.
    panel = client.get(reverse("claim-list", args=[article.pk]), {"low": "on"}, **HX)
    assert f'data-claim="{weak.pk}"' in panel.content.decode()
    panel = client.get(reverse("claim-list", args=[article.pk]), **HX)
    assert f'data-claim="{weak.pk}"' not in panel.content.decode()


def test_accept_all_leaves_hidden_suggestions_alone(client, annotator, article, three):
    weak, strong, _ = three
    _set_threshold(article.annotation_set, 0.5)
    client.force_login(annotator)
    response = client.post(reverse("sentence-accept-all", args=[article.pk, 0]), **HX)
    assert b"1 suggestion(s) accepted" in response.content
    weak.refresh_from_db()
    strong.refresh_from_db()
    assert (weak.status, strong.status) == (ClaimStatus.SUGGESTED, ClaimStatus.DRAFT)


def test_api_filters_by_threshold_and_confidence(annotator, article, three):
    weak, strong, human = three
    _set_threshold(article.annotation_set, 0.5)
    api = token_client(annotator)

    def ids(path, **params):
        response = api.get(path, {"article": article.pk, **params})
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids("/api/v1/claims/") == {weak.pk, strong.pk, human.pk}
    assert ids("/api/v1/claims/", above_threshold="true") == {strong.pk, human.pk}
    assert ids("/api/v1/claims/", above_threshold="false") == {weak.pk}
    by_claim = {a.claim_id: a.pk for c in (weak, strong) for a in c.attributions.all()}
    assert ids("/api/v1/attributions/", above_threshold="true") == {by_claim[strong.pk]}
    assert ids("/api/v1/attributions/", min_confidence="0.35") == {by_claim[strong.pk]}
    assert api.get("/api/v1/attributions/", {"min_confidence": "2"}).status_code == 400
    sets = api.get("/api/v1/sets/newsroom/").json()
    assert sets["suggestion_threshold"] == 0.5
