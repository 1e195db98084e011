"""The set dashboard and agreement pages: figures from SQL aggregates, charts with tables,
a bounded number of queries at 50,000 claims."""

import csv
import io

import pytest
from django.urls import reverse

from claims.models import ClaimStatus
from claims.services.claims import claim_create, claim_review, claim_update
from tests.bulk_world import bulk_claims
from tests.curation_helpers import two_versions

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_dashboard_counts_and_review_delay(client, reviewer, annotator, article):
    claims = [claim_create(article=article, start=i, end=i + 8, user=annotator) for i in (0, 10)]
    submitted = claim_update(
        claim=claims[0], user=annotator, version=1, status=ClaimStatus.SUBMITTED
    )
    claim_review(
        claim=submitted, user=reviewer, version=submitted.version, status=ClaimStatus.APPROVED
    )
    client.force_login(reviewer)
    response = client.get(reverse("set-dashboard", args=[article.annotation_set.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    stats = response.context["stats"]
    assert dict((k, n) for k, _label, n in stats["by_status"])["approved"] == 1
    assert stats["annotators"][0]["who"] == "annie"
    assert stats["annotators"][0]["total"] == 2 and stats["annotators"][0]["draft"] == 1
    assert stats["review_delay"]["count"] == 1
    assert sum(n for _day, n in stats["reviewed_per_day"]) == 1
    # Charts are SVG with classes and attributes only, each with a table behind it.
    assert html.count("<svg") == 5 and html.count('<table class="visually-hidden">') == 5
    assert "style=" not in html and "<script>" not in html
    assert 'hx-get="/sets/newsroom/agreement/"' in html


def test_cached_figures_follow_every_write(client, reviewer, annotator, article):
    client.force_login(reviewer)
    url = reverse("set-dashboard", args=[article.annotation_set.slug])
    assert client.get(url).context["stats"]["total_claims"] == 0
    claim = claim_create(article=article, start=0, end=8, user=annotator)
    assert client.get(url).context["stats"]["total_claims"] == 1
    claim_update(claim=claim, user=annotator, version=1, status=ClaimStatus.SUBMITTED)
    by_status = client.get(url).context["stats"]["by_status"]
    assert dict((k, n) for k, _label, n in by_status)["submitted"] == 1


def test_agreement_page_partial_and_csv(client, reviewer, annotator, bea, article):
    two_versions(article, annotator, bea)
    client.force_login(reviewer)
    url = reverse("set-agreement", args=[article.annotation_set.slug])
    page = client.get(url)
    assert page.status_code == 200 and b"Pairs" in page.content
    assert reverse("article-curate", args=[article.pk]).encode() in page.content
    fragment = client.get(url + "?metric=kappa_kind", **HX).content.decode()
    assert fragment.lstrip().startswith('<section class="panel" id="agreement-summary"')
    assert "kappa on kind" in fragment
    response = client.get(reverse("set-agreement-csv", args=[article.annotation_set.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["a"], r["b"]) for r in rows] == [("annie", "bea")]
    assert float(rows[0]["content_f1_exact"]) == pytest.approx(0.4)


def test_dashboard_queries_do_not_grow_with_claims(
    client, reviewer, annotator, bea, annotation_set, django_assert_max_num_queries
):
    bulk_claims(annotation_set, [annotator, bea], 50_000)
    client.force_login(reviewer)
    url = reverse("set-dashboard", args=[annotation_set.slug])
    # The first render after a write: session, set, membership, freshness key (2), the
    # tallies' one grouped read, and nothing per claim or article.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["stats"]["total_claims"] == 50_000
    article = annotation_set.articles.first()
    claim_create(article=article, start=0, end=8, user=annotator)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.context["stats"]["total_claims"] == 50_001
    assert response.context["stats"]["annotators"][0]["total"] == 25_001
    # Agreement, first ever and after a write: session, user, set, membership, freshness key
    # (2), the set's mark, articles with no stored part, records since the mark, the stale
    # articles' claims and attributions, their parts and the mark written, the parts summed.
    agreement_url = reverse("set-agreement", args=[annotation_set.slug])
    with django_assert_max_num_queries(14):
        assert client.get(agreement_url).status_code == 200
    claim_create(article=article, start=10, end=18, user=bea)
    with django_assert_max_num_queries(14):
        assert client.get(agreement_url).status_code == 200
