"""Sets the user belongs to, and the articles of one set."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims import permissions
from claims.selectors.articles import article_list as select_articles
from claims.selectors.articles import sets_for_user
from claims.selectors.jobs import recent_jobs
from claims.views.access import set_for_viewer
from claims.views.types import HtmxHttpRequest


@login_required
@require_GET
def set_list(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "claims/set_list.html", {"sets": sets_for_user(user=request.user)})


@login_required
@require_GET
@vary_on_headers("HX-Request")
def article_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_viewer(request.user, slug)
    context = {
        "annotation_set": annotation_set,
        "articles": select_articles(annotation_set=annotation_set, user=request.user),
        "jobs": recent_jobs(annotation_set=annotation_set),
        "can_import": permissions.can_import(request.user, annotation_set),
        "can_review": permissions.can_review(request.user, annotation_set),
        "can_manage": permissions.can_manage(request.user, annotation_set),
    }
    template = "claims/article_list.html"
    if request.htmx:
        template += "#article-table"
    return render(request, template, context)
