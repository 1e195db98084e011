"""The annotation workspace page: article text with its claims, the claims panel, and
"mark article done". Editing claims lives in ``claim_editor``; links in ``links``."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import permissions
from claims.forms_annotate import DoneForm, PanelFilterForm
from claims.models import Article, AttributionKind, ClaimStatus, LinkRelation
from claims.selectors.articles import article_for_reading
from claims.selectors.claims import (
    annotate_claims,
    annotate_text,
    article_done_by,
    filter_claims,
    panel_counts,
)
from claims.selectors.suggestion_threshold import split_below
from claims.selectors.workspace_flags import workspace_flags
from claims.services.workspace import article_mark_done
from claims.views.access import require
from claims.views.types import HtmxHttpRequest

PAGE = "claims/annotate.html"


def article_for_member(user: Any, article_id: int) -> Article:
    """The article with sentences and flags prefetched; 404 unless the user is in its set."""
    article = article_for_reading(article_id=article_id)
    if not permissions.can_view(user, article.annotation_set_id):
        raise Http404("No such article.")
    return article


def workspace_context(
    request: HttpRequest,
    article: Article,
    *,
    kind: str = "",
    status: str = "",
    low: bool = False,
) -> dict[str, Any]:
    """Everything the page and its refreshed fragments show, in a fixed number of queries.
    Pending suggestions below the set's threshold are left out unless ``low``."""
    threshold = article.annotation_set.suggestion_threshold
    shown, hidden = split_below(annotate_claims(article=article), threshold)
    claims = [*shown, *hidden] if low else shown
    if low:
        claims.sort(key=lambda c: (c.start, c.end, c.pk))
    return {
        "article": article,
        "annotation_set": article.annotation_set,
        "text": annotate_text(article=article, claims=claims),
        "claims": filter_claims(claims, kind=kind, status=status),
        "claim_url": reverse("claim-edit", args=[0]).removesuffix("0/"),
        "counts": panel_counts(claims),
        "below_threshold": {"count": len(hidden), "threshold": threshold, "shown": low},
        "filter": {"kind": kind, "status": status, "low": low},
        "done": article_done_by(article=article, user=request.user),
        "can_annotate": permissions.can_annotate(request.user, article.annotation_set_id),
        "kinds": AttributionKind.choices,
        "statuses": ClaimStatus.choices,
        "relations": LinkRelation.choices,
        "flags": workspace_flags(article=article),
    }


@login_required
@require_GET
@vary_on_headers("HX-Request")
def article_annotate(request: HtmxHttpRequest, article_id: int) -> HttpResponse:
    article = article_for_member(request.user, article_id)
    form = PanelFilterForm(request.GET)
    low = form.is_valid() and form.cleaned_data["low"]
    template = f"{PAGE}#workspace" if request.htmx else PAGE
    return render(request, template, workspace_context(request, article, low=low))


@login_required
@require_GET
@vary_on_headers("HX-Request")
def claim_list(request: HttpRequest, article_id: int) -> HttpResponse:
    """The claims panel, filtered by kind and status."""
    article = article_for_member(request.user, article_id)
    form = PanelFilterForm(request.GET)
    if not form.is_valid():
        context = {**workspace_context(request, article), "errors": form.errors}
        return render(request, f"{PAGE}#claim-list", context, status=400)
    context = workspace_context(request, article, **form.cleaned_data)
    return render(request, f"{PAGE}#claim-list", context)


@login_required
@require_POST
def article_done(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_for_member(request.user, article_id)
    require(permissions.can_annotate(request.user, article.annotation_set_id))
    form = DoneForm(request.POST)
    form.is_valid()
    done = article_mark_done(article=article, user=request.user, done=form.cleaned_data["done"])
    return render(request, f"{PAGE}#article-done", {"article": article, "done": done})
