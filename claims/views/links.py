"""Links from a claim to claims (or sentences) in other articles the user may see."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import permissions
from claims.forms_annotate import LinkForm, SearchForm
from claims.models import Claim, ClaimLink
from claims.selectors.claims import claim_links, link_candidates, linkable_claim, linkable_sentence
from claims.services.links import claim_link_create, claim_link_delete, claim_link_restore
from claims.services.workspace import claim_link_to_sentence
from claims.views.access import require
from claims.views.annotate import PAGE
from claims.views.claim_editor import claim_for_member
from claims.views.editor_state import add_service_errors


@login_required
@require_GET
@vary_on_headers("HX-Request")
def link_search(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id, edit=False)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    claims, sentences = link_candidates(claim=claim, user=request.user, query=query)
    context = {"claim": claim, "query": query, "found_claims": claims, "found_sentences": sentences}
    return render(request, f"{PAGE}#link-results", context)


@login_required
@require_POST
def link_create(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id)
    form = LinkForm(request.POST)
    if form.is_valid():
        data, user = form.cleaned_data, request.user
        try:
            if data["to_claim"]:
                target = linkable_claim(claim_id=data["to_claim"], user=user)
                claim_link_create(
                    from_claim=claim, to_claim=target, relation=data["relation"], user=user
                )
            else:
                sentence = linkable_sentence(sentence_id=data["to_sentence"], user=user)
                require(permissions.can_annotate(user, sentence.article.annotation_set_id))
                claim_link_to_sentence(
                    from_claim=claim, sentence=sentence, relation=data["relation"], user=user
                )
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "claim": claim,
        "links": claim_links(claim=claim, user=request.user),
        "errors": form.errors,
    }
    response = render(request, f"{PAGE}#claim-links", context, status=400 if form.errors else 200)
    if not form.errors:
        response["HX-Trigger"] = "links-changed"  # the suggestions list drops the new target
    return response


def _link_end(request: HttpRequest, link: ClaimLink) -> Claim:
    """The end of the link whose editor is open (``claim`` in the POST, else the start): a link
    can be removed from either end by whoever may edit that end."""
    raw = request.POST.get("claim", "")
    end_id = int(raw) if raw.isdigit() else link.from_claim_id
    if end_id not in (link.from_claim_id, link.to_claim_id):
        raise Http404("This claim is not an end of that link.")
    return claim_for_member(request, end_id)


def _links_with_toast(request: HttpRequest, claim: Claim, toast: dict[str, Any]) -> HttpResponse:
    context = {
        "claim": claim,
        "links": claim_links(claim=claim, user=request.user),
        "toast": toast,
        "oob": True,
    }
    return render(request, "claims/_links_refresh.html", context)


@login_required
@require_POST
def link_delete(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_object_or_404(
        ClaimLink.objects.select_related("from_claim__article"), pk=link_id, deleted_at__isnull=True
    )
    claim = _link_end(request, link)
    claim_link_delete(link=link, user=request.user, version=None)
    response = _links_with_toast(request, claim, {"message": "Link removed.", "link": link})
    response["HX-Trigger"] = "links-changed"
    return response


@login_required
@require_POST
def link_restore(request: HttpRequest, link_id: int) -> HttpResponse:
    """Undo a link removal (`u`)."""
    link = get_object_or_404(ClaimLink.objects.select_related("from_claim__article"), pk=link_id)
    claim = _link_end(request, link)
    if link.deleted_at is not None:  # restoring a live link (a second undo) changes nothing
        claim_link_restore(link=link, user=request.user)
    return _links_with_toast(request, claim, {"message": "Link restored."})
