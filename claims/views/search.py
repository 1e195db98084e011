"""The search page: claims and sentences across the sets the user may see."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims.forms_search import SearchPageForm
from claims.permissions import visible_sets
from claims.selectors.search import SearchFilters, search
from claims.views.types import HtmxHttpRequest

PAGE = "claims/search.html"


@login_required
@require_GET
@vary_on_headers("HX-Request")
def search_page(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchPageForm(request.GET)
    sets = list(visible_sets(request.user).order_by("name"))
    hits, status = [], 200
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        set_ids = [s.pk for s in sets]
        if data["set"] and data["set"] not in set_ids:
            form.add_error("set", "No such set, or not yours.")
        else:
            filters = SearchFilters(
                set_ids=[data["set"]] if data["set"] else set_ids,
                outlet=data["outlet"],
                published_from=data["published_from"],
                published_to=data["published_to"],
                kind=data["kind"],
                source=data["source"],
                status=data["status"],
            )
            hits = search(query=data["q"], filters=filters, limit=50)
    if form.errors:
        status = 400
    context = {"form": form, "sets": sets, "hits": hits, "query": form.data.get("q", "")}
    template = f"{PAGE}#search-results" if request.htmx else PAGE
    return render(request, template, context, status=status)
