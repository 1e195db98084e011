"""Curation: the articles several annotators marked, and one article's versions side by side
where a reviewer builds the curated version, one key per decision (``#curation-board``)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import permissions
from claims.forms.curation import CurationEditForm
from claims.models import Article, Attribution, AttributionKind
from claims.selectors.curation import (
    curation_articles,
    curation_board,
    curation_editor,
    curation_refs,
    curation_source,
)
from claims.services import curation as curation_services
from claims.services.errors import ConflictError
from claims.views.access import require, set_for_viewer
from claims.views.types import HtmxHttpRequest

PAGE = "claims/curation.html"
ONLY_REVIEWERS = "Only reviewers and managers curate."


def article_for_curator(user: Any, article_id: int) -> Article:
    """404 unless the user is in the article's set; 403 unless they review there."""
    article = get_object_or_404(
        Article.objects.select_related("annotation_set"), pk=article_id, deleted_at__isnull=True
    )
    if not permissions.can_view(user, article.annotation_set_id):
        raise Http404("No such article.")
    require(permissions.can_review(user, article.annotation_set_id), ONLY_REVIEWERS)
    return article


@login_required
@require_GET
def curation_list(request: HttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_viewer(request.user, slug)
    require(permissions.can_review(request.user, annotation_set), ONLY_REVIEWERS)
    articles = curation_articles(annotation_set=annotation_set)
    context = {"annotation_set": annotation_set, "articles": articles}
    return render(request, "claims/curation_list.html", context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def article_curate(request: HtmxHttpRequest, article_id: int) -> HttpResponse:
    article = article_for_curator(request.user, article_id)
    template = f"{PAGE}#curation-board" if request.htmx else PAGE
    board = curation_board(article=article)
    edit = request.GET.get("edit", "")
    editor = curation_editor(board=board, unit_number=int(edit)) if edit.isdigit() else None
    context = {
        "board": board,
        "kinds": AttributionKind.choices,
        "editor": editor,
        "focus": edit if editor else "".join(filter(str.isdigit, request.GET.get("focus", ""))),
    }
    return render(request, template, context)


def _edit(request: HttpRequest, article: Article) -> None:
    """The editor's save: offsets, kind and source of the unit's curated version."""
    form = CurationEditForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.span_errors())
    data = form.cleaned_data
    refs = curation_refs(article=article, raw=data["target"], field="edit")
    if len(refs) != 1:
        raise ValidationError({"edit": "Give the one curated version to edit."})
    target, version = refs[0]
    # A claim's curated version has only its content; an attribution's has the rest too.
    attribution_fields = (
        {
            "cue": data["cue"],
            "source_span": data["source"],
            "kind": data["kind"] or None,
            "source": curation_source(article=article, raw=data["source_id"]),
        }
        if isinstance(target, Attribution)
        else {}
    )
    curation_services.curation_edit(
        article=article,
        user=request.user,
        target=target,
        version=version,
        content=data["content"],
        **attribution_fields,
    )


def _decide(request: HttpRequest, article: Article) -> None:
    post, user = request.POST, request.user
    decision = post.get("decision", "")
    replace = curation_refs(article=article, raw=post.get("replace", ""), field="replace")
    if decision == "take":
        taken = curation_refs(article=article, raw=post.get("take", ""), field="take")
        if len(taken) != 1:
            raise ValidationError({"take": "Give exactly one version to take."})
        curation_services.curation_take(
            article=article, user=user, version_of=taken[0][0], replace=replace
        )
    elif decision == "merge":
        refs = curation_refs(article=article, raw=post.get("merge", ""), field="merge")
        versions = [obj for obj, _version in refs]
        curation_services.curation_merge(
            article=article, user=user, versions=versions, replace=replace
        )
    elif decision == "drop":
        curation_services.curation_drop(article=article, user=user, replace=replace)
    elif decision == "kind" and replace and isinstance(replace[0][0], Attribution):
        curation_services.curation_set_kind(
            article=article,
            user=user,
            attribution=replace[0][0],
            version=replace[0][1],
            kind=post.get("kind", ""),
        )
    elif decision == "edit":
        _edit(request, article)
    elif decision in ("done", "reopen"):
        curation_services.curation_finish(article=article, user=user, done=decision == "done")
    else:
        raise ValidationError({"decision": f"Unknown decision {decision!r} for this unit."})


@login_required
@require_POST
def curation_decide(request: HttpRequest, article_id: int) -> HttpResponse:
    """One decision on one unit; answers the refreshed board (400 with the field's message,
    409 when someone changed the curated version first)."""
    article = article_for_curator(request.user, article_id)
    status, error, errors = 200, "", {}
    try:
        _decide(request, article)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"decision": exc.messages}
        status, error = 400, "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
    except ConflictError as exc:
        status, error, errors = 409, str(exc), {"edit": [str(exc)]}
    board, unit = curation_board(article=article), request.POST.get("unit", "")
    editor = None
    if status != 200 and request.POST.get("decision") == "edit" and unit.isdigit():
        # A failed save keeps the editor open with what was typed and the errors inline.
        editor = curation_editor(
            board=board, unit_number=int(unit), posted=request.POST, errors=errors
        )
    context = {
        "board": board,
        "kinds": AttributionKind.choices,
        "error": "" if editor else error,
        "editor": editor,
        "focus": unit,
        "advance": status == 200 and request.POST.get("decision") != "edit",
    }
    return render(request, f"{PAGE}#curation-board", context, status=status)
