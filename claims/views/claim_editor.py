"""The claim editor (the ``#editor`` side panel): open it on a selection or a claim, save a
claim with an attribution, delete and restore, accept or reject suggestions.

A save carries the versions it edited; if someone saved first the editor answers 409 with
the conflict panel. Bad input answers 400 with the editor and the error next to its field.
After a write the editor comes back with the article text, the claims panel and a toast
swapped out-of-band, so the page never reloads.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import permissions
from claims.forms_annotate import (
    ExistingClaimEditorForm,
    NewClaimEditorForm,
    SpanForm,
    VersionForm,
)
from claims.models import Attribution, Claim
from claims.selectors.claims import claim_for_editing, sentence_suggestions
from claims.services import attributions as attribution_services
from claims.services import claims as claim_services
from claims.services.errors import ConflictError
from claims.services.workspace import claims_accept_all
from claims.views.access import require
from claims.views.annotate import PAGE, article_for_member, workspace_context
from claims.views.editor_state import (
    conflict_context,
    editor_context,
    merged_values,
    posted_values,
    save_claim,
)


def claim_for_member(
    request: HttpRequest, claim_id: int, *, edit: bool = True, live: bool = True
) -> Claim:
    """The claim if the user is in its set (404 otherwise, and for deleted claims unless
    ``live=False``); with ``edit``, 403 unless their role lets them change it."""
    claim = claim_for_editing(claim_id=claim_id)
    set_id = claim.article.annotation_set_id
    if not permissions.can_view(request.user, set_id) or (live and claim.deleted_at):
        raise Http404("No such claim.")
    if edit:
        require(permissions.can_edit_work(request.user, set_id, claim.created_by_id))
    return claim


def _refreshed(request: HttpRequest, claim: Claim | None, toast: dict[str, Any]) -> HttpResponse:
    """The editor plus the out-of-band text, panel and toast after a successful write."""
    article = article_for_member(request.user, claim.article_id if claim else toast["article_id"])
    context = workspace_context(request, article)
    if claim is not None and claim.deleted_at is None:
        context.update(editor_context(request, article, claim_for_editing(claim_id=claim.pk)))
    return render(request, f"{PAGE}#editor-refresh", {**context, "toast": toast, "oob": True})


@login_required
@require_GET
def claim_new(request: HttpRequest, article_id: int) -> HttpResponse:
    """The editor for a fresh selection (offsets already in code points)."""
    article = article_for_member(request.user, article_id)
    require(permissions.can_annotate(request.user, article.annotation_set_id))
    form = SpanForm(request.GET)
    if form.is_valid() and form.cleaned_data["end"] > len(article.text):
        form.add_error("end", "The selection ends past the article text.")
    if not form.is_valid():
        context = {"article": article, "errors": form.errors, "values": {}}
        return render(request, f"{PAGE}#editor", context, status=400)
    return render(
        request, f"{PAGE}#editor", editor_context(request, article, None, form.cleaned_data)
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id, edit=False)
    chosen = request.GET.get("attribution", "")
    context = editor_context(request, claim.article, claim, attribution_choice=chosen)
    return render(request, f"{PAGE}#editor", context)


@login_required
@require_POST
def claim_create(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_for_member(request.user, article_id)
    require(permissions.can_annotate(request.user, article.annotation_set_id))
    form = NewClaimEditorForm(request.POST)
    claim = save_claim(request, article, None, form)
    if claim is None:
        context = editor_context(request, article, None, posted_values(article, form))
        return render(request, f"{PAGE}#editor", {**context, "errors": form.errors}, status=400)
    return _refreshed(request, claim, {"message": "Claim saved."})


@login_required
@require_POST
def claim_update(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id)
    article = claim.article
    form = ExistingClaimEditorForm(request.POST)
    if form.is_valid() and form.cleaned_data["intent"] == "merge":
        values = merged_values(article, claim, form)
        return render(request, f"{PAGE}#editor", editor_context(request, article, claim, values))
    try:
        saved = save_claim(request, article, claim, form)
    except ConflictError as conflict:
        context = conflict_context(request, article, claim_for_editing(claim_id=claim.pk), form)
        return render(
            request, f"{PAGE}#editor-conflict", {**context, "message": conflict}, status=409
        )
    if saved is None:
        context = editor_context(request, article, claim, posted_values(article, form))
        return render(request, f"{PAGE}#editor", {**context, "errors": form.errors}, status=400)
    return _refreshed(request, saved, {"message": "Claim saved."})


def _versioned_write(
    request: HttpRequest, claim: Claim, action: Any, toast: dict[str, Any]
) -> HttpResponse:
    """Run a versioned claim service; answer 409 with the conflict panel or 400 inline."""
    form = VersionForm(request.POST)
    if not form.is_valid():
        context = {**editor_context(request, claim.article, claim), "errors": form.errors}
        return render(request, f"{PAGE}#editor", context, status=400)
    try:
        claim = action(claim=claim, user=request.user, version=form.cleaned_data["version"])
    except ConflictError as conflict:
        fresh = claim_for_editing(claim_id=claim.pk)
        context = {**editor_context(request, claim.article, fresh), "conflict": str(conflict)}
        return render(request, f"{PAGE}#editor", context, status=409)
    except ValidationError as error:
        context = {**editor_context(request, claim.article, claim), "errors": error.message_dict}
        return render(request, f"{PAGE}#editor", context, status=400)
    return _refreshed(request, claim, {**toast, "claim": claim})


@login_required
@require_POST
def claim_delete(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id)
    toast = {"message": "Claim deleted.", "undo": True}
    return _versioned_write(request, claim, claim_services.claim_delete, toast)


@login_required
@require_POST
def claim_accept(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id)
    toast = {"message": "Suggestion accepted."}
    return _versioned_write(request, claim, claim_services.claim_accept_suggestion, toast)


@login_required
@require_POST
def claim_reject(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id)
    toast = {"message": "Suggestion rejected.", "unreject": True}
    return _versioned_write(request, claim, claim_services.claim_reject_suggestion, toast)


@login_required
@require_POST
def claim_unreject(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Undo a rejection: the suggestion is back, open in the editor."""
    claim = claim_for_member(request, claim_id, live=False)
    try:
        claim = claim_services.claim_unreject_suggestion(claim=claim, user=request.user)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    return _refreshed(request, claim, {"message": "Suggestion restored."})


@login_required
@require_POST
def claim_restore(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_member(request, claim_id, live=False)
    claim = claim_services.claim_restore(claim=claim, user=request.user)
    return _refreshed(request, claim, {"message": "Claim restored."})


@login_required
@require_POST
def sentence_accept_all(request: HttpRequest, article_id: int, index: int) -> HttpResponse:
    article = article_for_member(request.user, article_id)
    require(permissions.can_annotate(request.user, article.annotation_set_id))
    suggestions = sentence_suggestions(article=article, index=index)
    try:
        count = claims_accept_all(claims=suggestions, user=request.user)
    except ConflictError:
        message = "Someone changed these suggestions meanwhile; nothing was accepted."
    else:
        message = f"{count} suggestion(s) accepted."
    return _refreshed(request, None, {"message": message, "article_id": article.pk})


@login_required
@require_POST
def attribution_delete(request: HttpRequest, attribution_id: int) -> HttpResponse:
    attribution = get_object_or_404(Attribution, pk=attribution_id, claim__isnull=False)
    claim = claim_for_member(request, attribution.claim_id or 0)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        attribution_services.attribution_delete(
            attribution=attribution, user=request.user, version=form.cleaned_data["version"]
        )
    except (ConflictError, ValidationError) as error:
        context = {**editor_context(request, claim.article, claim), "conflict": str(error)}
        return render(
            request,
            f"{PAGE}#editor",
            context,
            status=409 if isinstance(error, ConflictError) else 400,
        )
    return _refreshed(
        request, claim, {"message": "Attribution removed.", "attribution": attribution}
    )


@login_required
@require_POST
def attribution_restore(request: HttpRequest, attribution_id: int) -> HttpResponse:
    attribution = get_object_or_404(Attribution, pk=attribution_id, claim__isnull=False)
    claim = claim_for_member(request, attribution.claim_id or 0)
    attribution_services.attribution_restore(attribution=attribution, user=request.user)
    return _refreshed(request, claim, {"message": "Attribution restored."})
