"""Split a source that conflated two people (or bodies): choose aliases and attributions,
preview what moves, confirm; undo with the split's change group. Reviewers split, as they
merge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from claims import permissions
from claims.forms_sources import SplitForm
from claims.models import Source, SourceKind
from claims.selectors.source_registry import source_statements, split_origin, split_preview
from claims.services.restore import change_group_revert
from claims.services.sources import source_split as split
from claims.views.access import require
from claims.views.source_registry import _back, _errors, _source


def _form(request: HttpRequest, source: Source) -> SplitForm:
    """The split form bound to the request, its choices the source's own aliases and
    attributions (not those of sources merged into it)."""
    own = [a.pk for a in source_statements(source=source) if a.source_id == source.pk]
    data = request.POST if request.method == "POST" else request.GET
    aliases = [a.pk for a in source.aliases.all()]
    return SplitForm(data, aliases=aliases, attributions=own)


@login_required
@require_http_methods(["GET", "POST"])
def source_split(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    require(permissions.can_review(request.user, source.annotation_set_id), "Reviewers split.")
    form = _form(request, source)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = split(
                source=source,
                name=data["name"],
                kind=data["kind"],
                user=request.user,
                alias_ids=data["alias"],
                attribution_ids=data["attribution"],
            )
        except ValidationError as error:
            _errors(request, error)
            return _back(source)
        messages.success(request, f"{new.name} was split off {source.name}.")
        return _back(new)
    preview = None
    if form.is_valid():
        preview = split_preview(
            source=source,
            alias_ids=form.cleaned_data["alias"],
            attribution_ids=form.cleaned_data["attribution"],
        )
        preview["kind"] = SourceKind(form.cleaned_data["kind"]).label
    context = {"source": source, "form": form, "preview": preview}
    return render(request, "claims/source_split.html", context, status=200 if preview else 400)


@login_required
@require_POST
def source_split_undo(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    require(permissions.can_review(request.user, source.annotation_set_id), "Reviewers split.")
    origin = split_origin(source=source)
    if origin is None:
        messages.error(request, f"{source.name} was not split off another source.")
        return _back(source)
    try:
        change_group_revert(group=origin.group, user=request.user)
    except ValidationError as error:
        _errors(request, error)
        return _back(source)
    messages.success(request, f"The split of {source.name} was undone.")
    if origin.from_source is None:
        return HttpResponseRedirect(reverse("source-list", args=[source.annotation_set.slug]))
    return _back(origin.from_source)
