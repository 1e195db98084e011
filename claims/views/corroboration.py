"""The link dialog's suggestions, rejecting one, and a claim's independent count (htmx
partials of templates/claims/corroboration.html)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims.forms_annotate import LinkForm
from claims.selectors.claims import linkable_claim, linkable_sentence
from claims.selectors.corroboration import claim_corroboration, claim_graph, link_suggestions
from claims.services.corroboration import link_suggestion_reject
from claims.views.claim_editor import claim_for_member

PARTIALS = "claims/corroboration.html"


@login_required
@require_GET
@vary_on_headers("HX-Request")
def suggestions(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id, edit=False)
    found = link_suggestions(claim=claim, user=request.user)
    return render(request, f"{PARTIALS}#link-suggestions", {"claim": claim, "suggestions": found})


@login_required
@require_POST
def suggestion_reject(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id)
    form = LinkForm(request.POST)
    status = 200
    if form.is_valid():
        data, user = form.cleaned_data, request.user
        try:
            link_suggestion_reject(
                claim=claim,
                user=user,
                target_claim=linkable_claim(claim_id=data["to_claim"], user=user)
                if data["to_claim"]
                else None,
                target_sentence=linkable_sentence(sentence_id=data["to_sentence"], user=user)
                if data["to_sentence"]
                else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        status = 400
    found = link_suggestions(claim=claim, user=request.user)
    context = {"claim": claim, "suggestions": found, "errors": form.errors}
    return render(request, f"{PARTIALS}#link-suggestions", context, status=status)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def corroboration(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id, edit=False)
    context = {"claim": claim, "corroboration": claim_corroboration(claim=claim, user=request.user)}
    return render(request, f"{PARTIALS}#claim-corroboration", context)


@login_required
@require_GET
def claim_graph_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id, edit=False)
    context = {"claim": claim, "graph": claim_graph(claim=claim, user=request.user)}
    return render(request, "claims/claim_graph.html", context)
