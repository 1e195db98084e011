"""Type-ahead for the claim editor's source picker: sources and their aliases."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims.forms_annotate import SourceQueryForm
from claims.selectors.sources import source_search as select_sources
from claims.views.annotate import PAGE, article_for_member


@login_required
@require_GET
@vary_on_headers("HX-Request")
def source_search(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_for_member(request.user, article_id)
    form = SourceQueryForm(request.GET)
    if not form.is_valid():
        return render(request, f"{PAGE}#source-options", {"errors": form.errors}, status=400)
    query = form.cleaned_data["source_query"]
    sources = select_sources(annotation_set=article.annotation_set_id, query=query)
    exact = any(s.name.casefold() == query.casefold() for s in sources)
    context = {"sources": sources, "query": query, "offer_new": bool(query) and not exact}
    return render(request, f"{PAGE}#source-options", context)
