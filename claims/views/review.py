"""The review queue: submitted claims and cue-only attributions grouped by article, filtered
and paginated; approve (``a``), reject with a comment (``r``), bulk approve (``x`` then
``A``). Reviewers only."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import permissions
from claims.forms.review import (
    BulkApproveForm,
    ReviewDecisionForm,
    ReviewFilterForm,
    review_filter_data,
)
from claims.models import AnnotationSet, Attribution, Claim
from claims.selectors.review import (
    ReviewFilters,
    attributions_for_review,
    claims_for_review,
    review_entries,
    review_items,
    review_page_attributions,
    review_page_claims,
    review_page_items,
    set_annotators,
)
from claims.services.errors import ConflictError
from claims.services.review import (
    attribution_review_decide,
    claim_review_decide,
    review_decide_many,
)
from claims.views.access import require, set_for_viewer
from claims.views.types import HtmxHttpRequest

PAGE = "claims/review.html"
PER_PAGE = 25
FILTER_FIELDS = ("annotator", "kind", "status", "source", "since", "until")


def set_for_reviewer(user: Any, slug: str) -> AnnotationSet:
    annotation_set = set_for_viewer(user, slug)
    require(permissions.can_review(user, annotation_set), "Only reviewers review claims.")
    return annotation_set


def queue_context(annotation_set: AnnotationSet, form: ReviewFilterForm) -> dict[str, Any]:
    data = {k: v for k, v in form.cleaned_data.items() if k != "page"}
    entries = review_entries(annotation_set=annotation_set, filters=ReviewFilters(**data))
    page = Paginator(entries, PER_PAGE).get_page(form.cleaned_data["page"])
    return {
        "annotation_set": annotation_set,
        "form": form,
        "page": page,
        "items": review_page_items(page.object_list),
        "annotators": set_annotators(annotation_set=annotation_set),
        "query": urlencode(
            {k: v for k, v in form.data.items() if k in FILTER_FIELDS and (v or k == "status")}
        ),
    }


@login_required
@require_GET
@vary_on_headers("HX-Request")
def review_queue(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_reviewer(request.user, slug)
    form = ReviewFilterForm(review_filter_data(request.GET))
    template = f"{PAGE}#review-results" if request.htmx else PAGE
    if not form.is_valid():
        context = {"annotation_set": annotation_set, "form": form, "items": [], "page": None}
        return render(request, template, context, status=400)
    return render(request, template, queue_context(annotation_set, form))


def _item(annotation_set: AnnotationSet, obj: Claim | Attribution) -> Any:
    if isinstance(obj, Claim):
        claims = Claim.objects.filter(pk=obj.pk, article__annotation_set=annotation_set)
        return review_items(review_page_claims(claims))[0]
    found = Attribution.objects.filter(pk=obj.pk, article__annotation_set=annotation_set)
    return review_items((), review_page_attributions(found))[0]


def _decide(request: HtmxHttpRequest, annotation_set: AnnotationSet, obj: Any) -> HttpResponse:
    """One decision on one queue item; answers the item (400 naming the field, 409 stale)."""
    form = ReviewDecisionForm(request.POST)
    context: dict[str, Any] = {"annotation_set": annotation_set}
    status = 200
    if form.is_valid():
        try:
            if isinstance(obj, Claim):
                claim_review_decide(claim=obj, user=request.user, **form.cleaned_data)
            else:
                attribution_review_decide(attribution=obj, user=request.user, **form.cleaned_data)
        except ConflictError as conflict:
            context["conflict"], status = str(conflict), 409
        except ValidationError as error:
            context["errors"], status = error.message_dict, 400
    else:
        context["errors"], status = form.errors, 400
    context["item"] = _item(annotation_set, obj)
    return render(request, f"{PAGE}#review-item", context, status=status)


@login_required
@require_POST
def review_decide(request: HtmxHttpRequest, slug: str, claim_id: int) -> HttpResponse:
    annotation_set = set_for_reviewer(request.user, slug)
    claim = claims_for_review(annotation_set=annotation_set, claim_ids=[claim_id]).get(claim_id)
    if claim is None or claim.deleted_at is not None:
        raise Http404("No such claim in this set.")
    return _decide(request, annotation_set, claim)


@login_required
@require_POST
def review_decide_attribution(
    request: HtmxHttpRequest, slug: str, attribution_id: int
) -> HttpResponse:
    annotation_set = set_for_reviewer(request.user, slug)
    found = attributions_for_review(annotation_set=annotation_set, attribution_ids=[attribution_id])
    attribution = found.get(attribution_id)
    if attribution is None or attribution.deleted_at is not None or attribution.claim_id:
        raise Http404("No such cue-only attribution in this set.")
    return _decide(request, annotation_set, attribution)


@login_required
@require_POST
def review_bulk_approve(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_reviewer(request.user, slug)
    bulk = BulkApproveForm(request.POST)
    filters = ReviewFilterForm(review_filter_data(request.POST))
    if not filters.is_valid():
        filters = ReviewFilterForm(review_filter_data({}))
        filters.is_valid()
    message, status = "", 200
    if bulk.is_valid():
        pairs, attribution_pairs = bulk.cleaned_data["pairs"], bulk.cleaned_data["attributions"]
        found = claims_for_review(annotation_set=annotation_set, claim_ids=[i for i, _ in pairs])
        found_a = attributions_for_review(
            annotation_set=annotation_set, attribution_ids=[i for i, _ in attribution_pairs]
        )
        try:
            count = review_decide_many(
                annotation_set_id=annotation_set.pk,
                claims=[(found[i], v) for i, v in pairs if i in found],
                attributions=[(found_a[i], v) for i, v in attribution_pairs if i in found_a],
                user=request.user,
            )
            message = f"{count} item(s) approved."
        except (ConflictError, ValidationError) as error:
            message, status = f"Nothing was approved: {error}", 409
    else:
        message, status = " ".join(str(e) for e in bulk.errors.get("claim", [])), 400
    context = {**queue_context(annotation_set, filters), "message": message}
    return render(request, f"{PAGE}#review-results", context, status=status)
