"""The review queue: grouping, context, filters, decisions, bulk approval, roles, queries."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimStatus, ReviewComment, Role
from claims.services.attributions import attribution_update
from claims.services.review import attribution_review_decide
from tests.factories import (
    AnnotationSetFactory,
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    MembershipFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TEXT = "First sentence here. The mayor said the deal was close. Last one."


def _claim(article, user, needle="the deal was close", status=ClaimStatus.SUBMITTED, **kw):
    start = article.text.index(needle)
    return ClaimFactory(
        article=article,
        start=start,
        end=start + len(needle),
        created_by=user,
        status=status,
        **kw,
    )


@pytest.fixture
def submitted(annotation_set, annotator):
    article = ArticleFactory(annotation_set=annotation_set, text=TEXT, title="Deal talks")
    return _claim(article, annotator)


def test_queue_groups_by_article_and_shows_the_sentence(client, reviewer, submitted):
    client.force_login(reviewer)
    response = client.get(reverse("review-queue", args=["newsroom"]))
    assert response.status_code == 200
    (item,) = response.context["items"]
    assert item.before == "The mayor said "
    assert item.quote == "the deal was close"
    assert item.after == "."
    body = response.content.decode()
    assert "Deal talks" in body and f'id="review-item-{submitted.pk}"' in body


def test_queue_shows_submitted_only_by_default_and_filters(
    client, reviewer, annotator, annotation_set, submitted
):
    other = UserFactory(username="bob")
    MembershipFactory(user=other, annotation_set=annotation_set)
    draft = _claim(submitted.article, annotator, needle="Last one", status=ClaimStatus.DRAFT)
    bobs = _claim(submitted.article, other, needle="First sentence")
    AttributionFactory(
        claim=bobs,
        kind="quoted",
        source=SourceFactory(annotation_set=annotation_set, name="Ana Ruiz"),
    )
    client.force_login(reviewer)
    url = reverse("review-queue", args=["newsroom"])

    def ids(**params):
        return {i.claim.pk for i in client.get(url, params).context["items"]}

    assert ids() == {submitted.pk, bobs.pk}
    assert draft.pk not in ids(status="")
    assert ids(annotator="bob") == {bobs.pk}
    assert ids(kind="quoted") == {bobs.pk}
    assert ids(kind="none") == {submitted.pk}
    assert ids(source="ruiz") == {bobs.pk}
    assert ids(since="2000-01-01", until="2999-01-01") == {submitted.pk, bobs.pk}
    assert ids(until="2000-01-01") == set()
    bad = client.get(url, {"since": "not a date"})
    assert bad.status_code == 400 and b"since" in bad.content


def test_approve_and_reject_with_required_comment(client, reviewer, submitted):
    client.force_login(reviewer)
    url = reverse("review-decide", args=["newsroom", submitted.pk])
    missing = client.post(url, {"decision": "reject", "version": 1, "comment": "  "})
    assert missing.status_code == 400
    assert b"needs a comment" in missing.content
    submitted.refresh_from_db()
    assert submitted.status == ClaimStatus.SUBMITTED

    response = client.post(url, {"decision": "reject", "version": 1, "comment": "Cut the verb."})
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(f'<li id="review-item-{submitted.pk}"')
    submitted.refresh_from_db()
    assert submitted.status == ClaimStatus.REJECTED
    comment = ReviewComment.objects.get(claim=submitted)
    assert (comment.decision, comment.body, comment.author) == ("reject", "Cut the verb.", reviewer)
    assert comment.change is not None and comment.change.action == "review"

    stale = client.post(url, {"decision": "approve", "version": 1})
    assert stale.status_code == 409
    assert client.post(url, {"decision": "approve", "version": 2}).status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == ClaimStatus.APPROVED


def test_bulk_approve_is_all_or_nothing(client, reviewer, annotator, submitted):
    second = _claim(submitted.article, annotator, needle="First sentence")
    client.force_login(reviewer)
    url = reverse("review-bulk-approve", args=["newsroom"])
    conflict = client.post(url, {"claim": [f"{submitted.pk}:1", f"{second.pk}:7"]})
    assert conflict.status_code == 409
    assert set(Claim.objects.values_list("status", flat=True)) == {"submitted"}
    done = client.post(url, {"claim": [f"{submitted.pk}:1", f"{second.pk}:1"]})
    assert done.status_code == 200 and b"2 item(s) approved" in done.content
    assert set(Claim.objects.values_list("status", flat=True)) == {"approved"}
    assert client.post(url, {"claim": ["nonsense"]}).status_code == 400


def test_annotator_cannot_review(client, annotator, submitted):
    client.force_login(annotator)
    assert client.get(reverse("review-queue", args=["newsroom"])).status_code == 403
    url = reverse("review-decide", args=["newsroom", submitted.pk])
    assert client.post(url, {"decision": "approve", "version": 1}).status_code == 403
    bulk = reverse("review-bulk-approve", args=["newsroom"])
    assert client.post(bulk, {"claim": [f"{submitted.pk}:1"]}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ClaimStatus.SUBMITTED


def test_reviewer_of_another_set_sees_and_acts_on_nothing(client, submitted):
    elsewhere = AnnotationSetFactory(slug="elsewhere")
    stranger = UserFactory(username="stranger")
    MembershipFactory(user=stranger, annotation_set=elsewhere, role=Role.REVIEWER)
    client.force_login(stranger)
    assert client.get(reverse("review-queue", args=["newsroom"])).status_code == 404
    # Their own set's URL with a claim of the other set: not found either.
    url = reverse("review-decide", args=["elsewhere", submitted.pk])
    assert client.post(url, {"decision": "approve", "version": 1}).status_code == 404
    bulk = reverse("review-bulk-approve", args=["elsewhere"])
    client.post(bulk, {"claim": [f"{submitted.pk}:1"]})
    submitted.refresh_from_db()
    assert submitted.status == ClaimStatus.SUBMITTED
    assert not ReviewComment.objects.exists()


def _many_claims(annotation_set, user, n):
    """``n`` submitted claims over at most 100 articles, made with bulk_create."""
    articles = ArticleFactory.create_batch(
        max(1, min(n // 10, 100)), annotation_set=annotation_set, text=TEXT
    )
    start = TEXT.index("the deal")
    Claim.objects.bulk_create(
        (
            Claim(
                article=articles[i % len(articles)],
                start=start,
                end=start + 8,
                quote="the deal",
                status=ClaimStatus.SUBMITTED,
                created_by=user,
            )
            for i in range(n)
        ),
        batch_size=2000,
    )


@pytest.mark.parametrize(("total", "page"), [(500, 3), (50_000, 1000)])
def test_queue_queries_do_not_grow_with_the_set(
    client, reviewer, annotator, annotation_set, django_assert_max_num_queries, total, page
):
    """Same query count at 50 claims as at 500 or 50,000 (the page is 25 items; the count is
    one query). bench/review.py times the 50,000-claim case."""
    client.force_login(reviewer)
    url = reverse("review-queue", args=["newsroom"])
    _many_claims(annotation_set, annotator, 50)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    _many_claims(annotation_set, annotator, total - 50)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, {"page": page})
    assert response.context["page"].paginator.count == total
    assert response.context["page"].paginator.num_pages == total // 25
    assert len(response.context["items"]) == 25


def _cue_only(article, user, cue="said", who="The mayor", **kw):
    cue_start, source_start = article.text.index(cue), article.text.index(who)
    return AttributionFactory(
        article=article,
        claim=None,
        created_by=user,
        cue_start=cue_start,
        cue_end=cue_start + len(cue),
        source_start=source_start,
        source_end=source_start + len(who),
        **kw,
    )


def test_cue_only_attributions_are_review_items(client, reviewer, annotator, submitted):
    cue_only = _cue_only(submitted.article, annotator)
    client.force_login(reviewer)
    response = client.get(reverse("review-queue", args=["newsroom"]))
    items = response.context["items"]
    # In article order: the cue ("said") comes before the claim ("the deal was close").
    assert [(i.claim, i.attribution) for i in items] == [(None, cue_only), (submitted, None)]
    cue_item = items[0]
    assert (cue_item.before, cue_item.quote, cue_item.after) == (
        "The mayor ",
        "said",
        " the deal was close.",
    )
    body = response.content.decode()
    assert f'id="review-item-a{cue_only.pk}"' in body and "Cue only, no claim" in body
    assert "source “The mayor”" in body and f'value="{cue_only.pk}:1"' in body


def test_cue_only_filters(client, reviewer, annotator, annotation_set, submitted):
    bob = UserFactory(username="bob")
    MembershipFactory(user=bob, annotation_set=annotation_set)
    annies = _cue_only(submitted.article, annotator, kind="anonymous")
    bobs = _cue_only(
        submitted.article,
        bob,
        cue="Last",
        who="First",
        source=SourceFactory(annotation_set=annotation_set, name="Ana Ruiz"),
    )
    done = _cue_only(submitted.article, annotator, review_status=ClaimStatus.APPROVED)
    _cue_only(submitted.article, annotator, origin="suggested")  # machine's: not reviewed
    client.force_login(reviewer)
    url = reverse("review-queue", args=["newsroom"])

    def ids(**params):
        items = client.get(url, params).context["items"]
        return {i.attribution.pk for i in items if i.attribution is not None}

    assert ids() == {annies.pk, bobs.pk}
    assert ids(status="") == {annies.pk, bobs.pk, done.pk}
    assert ids(status="approved") == {done.pk}
    assert ids(annotator="bob") == {bobs.pk}
    assert ids(kind="anonymous") == {annies.pk}
    assert ids(kind="none") == set()
    assert ids(source="ruiz") == {bobs.pk}
    assert ids(until="2000-01-01") == set()


def test_cue_only_approve_reject_and_bulk(client, reviewer, annotator, submitted):
    cue_only = _cue_only(submitted.article, annotator)
    client.force_login(reviewer)
    url = reverse("review-decide-attribution", args=["newsroom", cue_only.pk])
    missing = client.post(url, {"decision": "reject", "version": 1})
    assert missing.status_code == 400 and b"needs a comment" in missing.content
    response = client.post(url, {"decision": "reject", "version": 1, "comment": "Not a cue."})
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(f'<li id="review-item-a{cue_only.pk}"')
    cue_only.refresh_from_db()
    assert (cue_only.review_status, cue_only.version) == (ClaimStatus.REJECTED, 2)
    comment = ReviewComment.objects.get(attribution=cue_only)
    assert (comment.body, comment.change.action, comment.change.entity) == (
        "Not a cue.",
        "review",
        "attribution",
    )
    assert client.post(url, {"decision": "approve", "version": 1}).status_code == 409
    # An attribution with a claim is not a queue item of its own.
    bound = AttributionFactory(claim=submitted, created_by=annotator)
    other = reverse("review-decide-attribution", args=["newsroom", bound.pk])
    assert client.post(other, {"decision": "approve", "version": 1}).status_code == 404
    # Bulk: claims and cue-only attributions together, all or nothing.
    second = _cue_only(submitted.article, annotator, cue="Last", who="First")
    bulk = reverse("review-bulk-approve", args=["newsroom"])
    stale = client.post(bulk, {"claim": [f"{submitted.pk}:1"], "attribution": [f"{second.pk}:9"]})
    assert stale.status_code == 409
    done = client.post(bulk, {"claim": [f"{submitted.pk}:1"], "attribution": [f"{second.pk}:1"]})
    assert done.status_code == 200 and b"2 item(s) approved" in done.content
    second.refresh_from_db()
    submitted.refresh_from_db()
    assert second.review_status == submitted.status == ClaimStatus.APPROVED


def test_annotator_cannot_review_cue_only(client, annotator, submitted):
    cue_only = _cue_only(submitted.article, annotator)
    client.force_login(annotator)
    url = reverse("review-decide-attribution", args=["newsroom", cue_only.pk])
    assert client.post(url, {"decision": "approve", "version": 1}).status_code == 403
    elsewhere = AnnotationSetFactory(slug="elsewhere")
    stranger = UserFactory(username="stranger")
    MembershipFactory(user=stranger, annotation_set=elsewhere, role=Role.REVIEWER)
    client.force_login(stranger)
    foreign = reverse("review-decide-attribution", args=["elsewhere", cue_only.pk])
    assert client.post(foreign, {"decision": "approve", "version": 1}).status_code == 404
    cue_only.refresh_from_db()
    assert cue_only.review_status == ClaimStatus.SUBMITTED


def test_mixed_queue_queries_do_not_grow(
    client, reviewer, annotator, submitted, django_assert_max_num_queries
):
    client.force_login(reviewer)
    url = reverse("review-queue", args=["newsroom"])
    for _ in range(2):
        _cue_only(submitted.article, annotator)
    with django_assert_max_num_queries(16) as small:
        assert client.get(url).status_code == 200
    for _ in range(40):
        _cue_only(submitted.article, annotator)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 43
    assert len(response.context["items"]) == 25


def test_annotators_fix_sends_a_cue_only_attribution_back_to_review(reviewer, annotator, submitted):
    cue_only = _cue_only(submitted.article, annotator)
    rejected = attribution_review_decide(
        attribution=cue_only, user=reviewer, version=1, decision="reject", comment="Wrong cue."
    )
    cue = submitted.article.text.index("said")
    # A reviewer's own edit keeps the review; the annotator's fix resubmits it.
    kept = attribution_update(attribution=rejected, user=reviewer, version=2, kind="anonymous")
    assert kept.review_status == ClaimStatus.REJECTED
    fixed = attribution_update(
        attribution=kept, user=annotator, version=3, cue_span=[cue, cue + len("said")]
    )
    assert fixed.review_status == ClaimStatus.REJECTED  # nothing changed: nothing resubmitted
    fixed = attribution_update(
        attribution=fixed, user=annotator, version=fixed.version, kind="quoted"
    )
    assert fixed.review_status == ClaimStatus.SUBMITTED
