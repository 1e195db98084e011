"""History in the UI: a claim's (with its attributions and links) or a source's changes as
readable diffs, restoring an earlier version; managers list and restore deleted items."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import permissions
from claims.models import ChangeRecord, Claim
from claims.selectors.claims import claim_for_editing
from claims.selectors.history import (
    claim_history,
    deleted_item,
    deleted_items,
    history_record,
    history_subject,
    source_for_history,
    source_history,
)
from claims.services.errors import ConflictError
from claims.services.restore import change_restore_version, deleted_item_restore
from claims.views.access import require, set_for_viewer

PAGE = "claims/history.html"


def _may_restore(user: Any, claim: Claim | None, set_id: int) -> bool:
    """The claim's author or a reviewer restores claims, attributions and links; sources
    are shared by everyone in the set, so reviewers restore those."""
    if claim is None:
        return permissions.can_review(user, set_id)
    return permissions.can_edit_work(user, set_id, claim.created_by_id)


@login_required
@require_GET
def claim_history_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for_editing(claim_id=claim_id)
    set_id = claim.article.annotation_set_id
    if not permissions.can_view(request.user, set_id):
        raise Http404("No such claim.")
    context = {
        "annotation_set": claim.article.annotation_set,
        "claim": claim,
        "entries": claim_history(claim=claim),
        "can_restore": _may_restore(request.user, claim, set_id),
    }
    return render(request, PAGE, context)


@login_required
@require_GET
def source_history_page(request: HttpRequest, source_id: int) -> HttpResponse:
    source = source_for_history(source_id=source_id)
    if source is None or not permissions.can_view(request.user, source.annotation_set_id):
        raise Http404("No such source.")
    context = {
        "annotation_set": source.annotation_set,
        "source": source,
        "entries": source_history(source=source),
        "can_restore": _may_restore(request.user, None, source.annotation_set_id),
    }
    return render(request, PAGE, context)


def _back(record: ChangeRecord, claim: Claim | None) -> HttpResponse:
    if claim is not None:
        return redirect("claim-history", claim_id=claim.pk)
    return redirect("source-history", source_id=record.object_id)


@login_required
@require_POST
def change_restore(request: HttpRequest, record_id: int) -> HttpResponse:
    record = history_record(record_id=record_id)
    if record is None or not permissions.can_view(request.user, record.annotation_set_id):
        raise Http404("No such change.")
    claim, source = history_subject(record=record)
    if claim is None and source is None:
        raise Http404("The changed item is gone.")
    require(
        _may_restore(request.user, claim, record.annotation_set_id),
        "Only the author or a reviewer restores this.",
    )
    try:
        change_restore_version(record=record, user=request.user)
    except ConflictError as conflict:
        messages.error(request, str(conflict))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Restored the version of {record.at:%d %b %Y %H:%M}.")
    return _back(record, claim)


@login_required
@require_GET
def deleted_list(request: HttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_viewer(request.user, slug)
    require(permissions.can_manage(request.user, annotation_set), "Only managers do this.")
    context = {
        "annotation_set": annotation_set,
        "deleted": deleted_items(annotation_set=annotation_set),
    }
    return render(request, "claims/deleted.html", context)


@login_required
@require_POST
def deleted_restore(request: HttpRequest, slug: str, entity: str, object_id: int) -> HttpResponse:
    annotation_set = set_for_viewer(request.user, slug)
    require(permissions.can_manage(request.user, annotation_set), "Only managers do this.")
    obj = deleted_item(annotation_set=annotation_set, entity=entity, object_id=object_id)
    if obj is None:
        raise Http404("No such deleted item.")
    try:
        deleted_item_restore(obj=obj, user=request.user, annotation_set_id=annotation_set.pk)
    except ConflictError as conflict:
        messages.error(request, str(conflict))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Restored {entity} {object_id}.")
    return redirect("deleted-list", slug=slug)
