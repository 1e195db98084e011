"""An annotator's queue: assigned articles, those in progress, those a reviewer returned with
comments, and those done, with progress; ``n`` opens the next unfinished article."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims.selectors.review import my_queue, next_unfinished, queue_page_articles, queue_progress
from claims.views.access import set_for_viewer
from claims.views.types import HtmxHttpRequest

PAGE = "claims/queue.html"
PER_PAGE = 50


@login_required
@require_GET
@vary_on_headers("HX-Request")
def queue_mine(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_viewer(request.user, slug)
    articles = my_queue(annotation_set=annotation_set, user=request.user)
    page = Paginator(queue_page_articles(articles, user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "annotation_set": annotation_set,
        "page": page,
        "progress": queue_progress(articles),
    }
    template = f"{PAGE}#queue-list" if request.htmx else PAGE
    return render(request, template, context)


@login_required
@require_GET
def queue_next(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_viewer(request.user, slug)
    article = next_unfinished(annotation_set=annotation_set, user=request.user)
    if article is None:
        messages.info(request, "Nothing left in your queue.")
        return redirect("queue-mine", slug=slug)
    return redirect("article-annotate", article_id=article.pk)
