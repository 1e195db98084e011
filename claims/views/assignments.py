"""Managers assign articles to annotators: by hand (checked articles to one person) or
round-robin with an overlap of N annotators per article."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims.forms.members import AssignForm, RoundRobinForm
from claims.models import AnnotationSet
from claims.selectors.members import (
    articles_in_set,
    assignment_board,
    assignment_in_set,
    assignment_load,
    set_annotator_users,
)
from claims.services.assignments import (
    assignment_remove,
    assignments_add,
    assignments_round_robin,
)
from claims.views.members import set_for_manager

PAGE = "claims/assignments.html"
PER_PAGE = 100


def _page(
    request: HttpRequest, annotation_set: AnnotationSet, status: int = 200, errors: object = None
) -> HttpResponse:
    page = Paginator(assignment_board(annotation_set=annotation_set), PER_PAGE).get_page(
        request.GET.get("page")
    )
    load = assignment_load(annotation_set=annotation_set)
    annotators = set_annotator_users(annotation_set=annotation_set)
    context = {
        "annotation_set": annotation_set,
        "page": page,
        "annotators": [(user, load.get(user.pk, 0)) for user in annotators],
        "errors": errors,
    }
    return render(request, PAGE, context, status=status)


@login_required
@require_GET
def assignment_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, set_for_manager(request.user, slug))


def _annotator(annotation_set: AnnotationSet, user_id: int) -> object:
    for user in set_annotator_users(annotation_set=annotation_set):
        if user.pk == user_id:
            return user
    raise ValidationError({"annotator": "That person is not in this set."})


@login_required
@require_POST
def assignment_add(request: HttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_manager(request.user, slug)
    ids = [int(v) for v in request.POST.getlist("article") if v.isdigit() and len(v) < 19]
    found = list(articles_in_set(annotation_set=annotation_set, ids=ids))
    form = AssignForm(request.POST, article_ids=[a.pk for a in found])
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        count = assignments_add(
            annotation_set=annotation_set,
            articles=[a for a in found if a.pk in form.cleaned_data["article"]],
            user=_annotator(annotation_set, form.cleaned_data["annotator"]),
            assigned_by=request.user,
        )
    except ValidationError as error:
        return _page(request, annotation_set, 400, errors=error.messages)
    messages.success(request, f"{count} assignment(s) added.")
    return redirect("assignment-list", slug=slug)


@login_required
@require_POST
def assignment_delete(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    annotation_set = set_for_manager(request.user, slug)
    assignment = assignment_in_set(annotation_set=annotation_set, assignment_id=assignment_id)
    if assignment is None:
        raise Http404("No such assignment.")
    assignment_remove(assignment=assignment)
    messages.success(request, "Assignment removed.")
    return redirect("assignment-list", slug=slug)


@login_required
@require_POST
def assignment_round_robin(request: HttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_manager(request.user, slug)
    people = set_annotator_users(annotation_set=annotation_set)
    form = RoundRobinForm(request.POST, annotator_ids=[u.pk for u in people])
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        chosen = set(form.cleaned_data["annotator"])
        articles = articles_in_set(annotation_set=annotation_set)
        if form.cleaned_data["only_unassigned"]:
            articles = articles.filter(assignments__isnull=True)
        count = assignments_round_robin(
            annotation_set=annotation_set,
            articles=list(articles),
            annotators=[u for u in people if u.pk in chosen],
            overlap=form.cleaned_data["overlap"],
            assigned_by=request.user,
        )
    except ValidationError as error:
        return _page(request, annotation_set, 400, errors=error.messages)
    messages.success(request, f"{count} assignment(s) added.")
    return redirect("assignment-list", slug=slug)
