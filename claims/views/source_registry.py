"""Source registry: a set's sources, one source's page (what it said, aliases, kind), alias
suggestions a person confirms, merge with a preview and undo."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import permissions
from claims.forms_sources import AliasForm, KindForm, MergeForm
from claims.models import Source, SourceKind
from claims.selectors.source_registry import (
    alias_suggestions,
    last_merge,
    merge_preview,
    registry_sources,
    source_for_viewer,
    source_statements,
    split_origin,
)
from claims.services.restore import change_revert
from claims.services.sources import source_alias_add, source_merge, source_update
from claims.views.access import require, set_for_viewer


def _source(request: HttpRequest, source_id: int) -> Source:
    return source_for_viewer(source_id=source_id, sets=permissions.visible_sets(request.user))


def _back(source: Source) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("source-detail", args=[source.pk]))


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for field, errs in error.message_dict.items():
        messages.error(request, f"{field}: {' '.join(errs)}")


@login_required
@require_GET
def source_list(request: HttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_viewer(request.user, slug)
    context = {
        "annotation_set": annotation_set,
        "sources": registry_sources(annotation_set=annotation_set),
        "suggestions": alias_suggestions(annotation_set=annotation_set),
        "can_annotate": permissions.can_annotate(request.user, annotation_set),
        "can_review": permissions.can_review(request.user, annotation_set),
    }
    return render(request, "claims/source_list.html", context)


@login_required
@require_GET
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    set_id = source.annotation_set_id
    preview, into = None, None
    form = MergeForm(request.GET) if "into" in request.GET else None
    others = registry_sources(annotation_set=source.annotation_set).exclude(pk=source.pk)
    if form is not None and form.is_valid():
        into = others.filter(pk=form.cleaned_data["into"]).first()
        if into is None:
            form.add_error("into", "Choose a live source of this set.")
        else:
            preview = merge_preview(source=source, into=into)
    context = {
        "source": source,
        "statements": source_statements(source=source),
        "kinds": SourceKind.choices,
        "others": others,
        "merge_form": form,
        "preview": preview,
        "into": into,
        "merge_record": last_merge(source=source) if source.merged_into_id else None,
        "split": split_origin(source=source),
        "can_annotate": permissions.can_annotate(request.user, set_id),
        "can_review": permissions.can_review(request.user, set_id),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "claims/source_detail.html", context, status=status)


@login_required
@require_POST
def source_alias(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    require(permissions.can_annotate(request.user, source.annotation_set_id))
    form = AliasForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"name: {' '.join(map(str, form.errors.get('name', [])))}")
        return _back(source)
    try:
        source_alias_add(source=source, name=form.cleaned_data["name"], user=request.user)
        messages.success(request, f"{source.name} also answers to {form.cleaned_data['name']}.")
    except ValidationError as error:
        _errors(request, error)
    if request.POST.get("next") == "list":
        return HttpResponseRedirect(reverse("source-list", args=[source.annotation_set.slug]))
    return _back(source)


@login_required
@require_POST
def source_kind(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    require(permissions.can_annotate(request.user, source.annotation_set_id))
    form = KindForm(request.POST)
    if not form.is_valid():
        for field, errs in form.errors.items():
            messages.error(request, f"{field}: {' '.join(map(str, errs))}")
        return _back(source)
    try:
        source_update(
            source=source,
            user=request.user,
            version=form.cleaned_data["version"],
            kind=form.cleaned_data["kind"],
        )
    except ValidationError as error:
        _errors(request, error)
    return _back(source)


@login_required
@require_POST
def source_merge_confirm(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    require(permissions.can_review(request.user, source.annotation_set_id), "Reviewers merge.")
    form = MergeForm(request.POST)
    into = None
    if form.is_valid():
        into = (
            Source.objects.live()
            .filter(annotation_set_id=source.annotation_set_id, pk=form.cleaned_data["into"])
            .first()
        )
    if into is None:
        messages.error(request, "into: choose a live source of this set.")
        return _back(source)
    try:
        source_merge(source=source, into=into, user=request.user)
        messages.success(request, f"{source.name} merged into {into.name}.")
    except ValidationError as error:
        _errors(request, error)
    return _back(source)


@login_required
@require_POST
def source_merge_undo(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    require(permissions.can_review(request.user, source.annotation_set_id), "Reviewers merge.")
    record = last_merge(source=source) if source.merged_into_id else None
    if record is None:
        raise Http404("This source is not merged.")
    try:
        change_revert(record=record, user=request.user)
        messages.success(request, f"The merge of {source.name} was undone.")
    except ValidationError as error:
        _errors(request, error)
    return _back(source)
