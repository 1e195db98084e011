"""My queue: states, returned comments, progress, next unfinished, query counts."""

import pytest
from django.urls import reverse

from claims.models import ArticleCompletion, Assignment, ClaimStatus
from claims.services.review import attribution_review_decide, claim_review_decide
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def _assign(article, user):
    return Assignment.objects.create(article=article, user=user)


def test_states_progress_and_returned_comment(client, annotator, reviewer, annotation_set):
    untouched, started, finished, returned, other = ArticleFactory.create_batch(
        5, annotation_set=annotation_set
    )
    for article in (untouched, started, finished, returned):
        _assign(article, annotator)
    ClaimFactory(article=started, created_by=annotator)
    ArticleCompletion.objects.create(article=finished, user=annotator)
    sent_back = ClaimFactory(article=returned, created_by=annotator, status=ClaimStatus.SUBMITTED)
    claim_review_decide(
        claim=sent_back, user=reviewer, version=1, decision="reject", comment="Wrong source."
    )
    client.force_login(annotator)
    response = client.get(reverse("queue-mine", args=["newsroom"]))
    ranks = {a.pk: a.rank for a in response.context["page"].object_list}
    assert ranks == {returned.pk: 0, started.pk: 1, untouched.pk: 2, finished.pk: 3}
    assert other.pk not in ranks
    progress = response.context["progress"]
    assert (progress["done"], progress["total"], progress["returned"]) == (1, 4, 1)
    body = response.content.decode()
    assert "Returned with comments" in body and "Wrong source." in body

    next_url = reverse("queue-next", args=["newsroom"])
    assert client.get(next_url).url == reverse("article-annotate", args=[returned.pk])


def test_next_with_nothing_left_goes_back_to_the_queue(client, annotator, annotation_set):
    done = ArticleFactory(annotation_set=annotation_set)
    _assign(done, annotator)
    ArticleCompletion.objects.create(article=done, user=annotator)
    client.force_login(annotator)
    response = client.get(reverse("queue-next", args=["newsroom"]))
    assert response.url == reverse("queue-mine", args=["newsroom"])


def test_queue_is_per_set(client, outsider, annotation_set, annotator):
    _assign(ArticleFactory(annotation_set=annotation_set), annotator)
    client.force_login(outsider)
    assert client.get(reverse("queue-mine", args=["newsroom"])).status_code == 404
    assert client.get(reverse("queue-next", args=["newsroom"])).status_code == 404


def test_queue_queries_are_flat(client, annotator, annotation_set, django_assert_max_num_queries):
    client.force_login(annotator)
    url = reverse("queue-mine", args=["newsroom"])
    for article in ArticleFactory.create_batch(3, annotation_set=annotation_set):
        _assign(article, annotator)
    ClaimFactory(article=article, created_by=annotator, status=ClaimStatus.REJECTED)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for article in ArticleFactory.create_batch(60, annotation_set=annotation_set):
        _assign(article, annotator)
        ClaimFactory(article=article, created_by=annotator, status=ClaimStatus.REJECTED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["progress"]["total"] == 63
    assert response.context["progress"]["returned"] == 61


def test_rejected_cue_only_attribution_returns_to_its_annotator(
    client, annotator, reviewer, annotation_set
):
    article = ArticleFactory(annotation_set=annotation_set)
    cue_start = article.text.index("declined")
    cue_only = AttributionFactory(
        article=article,
        claim=None,
        created_by=annotator,
        cue_start=cue_start,
        cue_end=cue_start + len("declined"),
    )
    attribution_review_decide(
        attribution=cue_only, user=reviewer, version=1, decision="reject", comment="Wrong cue."
    )
    client.force_login(annotator)
    response = client.get(reverse("queue-mine", args=["newsroom"]))
    assert response.context["progress"]["returned"] == 1
    body = response.content.decode()
    assert f'data-attribution="{cue_only.pk}"' in body
    assert "cue “declined”" in body and "Wrong cue." in body
