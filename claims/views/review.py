"""The review queue: submitted claims grouped by article, filtered and paginated; approve
(``a``), reject with a comment (``r``), bulk approve (``x`` then ``A``). Reviewers only."""

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
from claims.models import AnnotationSet, Claim
from claims.selectors.review import (
    ReviewFilters,
    claims_for_review,
    review_claims,
    review_items,
    review_page_claims,
    set_annotators,
)
from claims.services.errors import ConflictError
from claims.services.review import claim_review_decide, claims_review_approve
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
    claims = review_claims(annotation_set=annotation_set, filters=ReviewFilters(**data))
    page = Paginator(review_page_claims(claims), PER_PAGE).get_page(form.cleaned_data["page"])
    return {
        "annotation_set": annotation_set,
        "form": form,
        "page": page,
        "items": review_items(page.object_list),
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


def _item(annotation_set: AnnotationSet, claim_id: int) -> Any:
    claims = review_page_claims(
        Claim.objects.filter(pk=claim_id, article__annotation_set=annotation_set)
    )
    return review_items(claims)[0]


@login_required
@require_POST
def review_decide(request: HtmxHttpRequest, slug: str, claim_id: int) -> HttpResponse:
    annotation_set = set_for_reviewer(request.user, slug)
    claim = claims_for_review(annotation_set=annotation_set, claim_ids=[claim_id]).get(claim_id)
    if claim is None:
        raise Http404("No such claim in this set.")
    form = ReviewDecisionForm(request.POST)
    context: dict[str, Any] = {"annotation_set": annotation_set}
    status = 200
    if form.is_valid():
        try:
            claim_review_decide(claim=claim, user=request.user, **form.cleaned_data)
        except ConflictError as conflict:
            context["conflict"], status = str(conflict), 409
        except ValidationError as error:
            context["errors"], status = error.message_dict, 400
    else:
        context["errors"], status = form.errors, 400
    context["item"] = _item(annotation_set, claim_id)
    return render(request, f"{PAGE}#review-item", context, status=status)


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
        pairs = bulk.cleaned_data["pairs"]
        found = claims_for_review(annotation_set=annotation_set, claim_ids=[i for i, _ in pairs])
        try:
            count = claims_review_approve(
                claims=[(found[i], v) for i, v in pairs if i in found], user=request.user
            )
            message = f"{count} claim(s) approved."
        except (ConflictError, ValidationError) as error:
            message, status = f"Nothing was approved: {error}", 409
    else:
        message, status = " ".join(str(e) for e in bulk.errors.get("claim", [])), 400
    context = {**queue_context(annotation_set, filters), "message": message}
    return render(request, f"{PAGE}#review-results", context, status=status)
