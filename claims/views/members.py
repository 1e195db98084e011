"""A set's members and settings (managers): add by username or e-mail, change roles,
remove (never the last manager); name, description, guidelines, who may import, the
suggestion threshold."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import permissions
from claims.forms.members import MemberAddForm, MemberRoleForm, SetSettingsForm
from claims.models import AnnotationSet, Membership, Role
from claims.selectors.members import members_of, membership_in_set, user_by_name_or_email
from claims.services import memberships as membership_services
from claims.views.access import require, set_for_viewer

PAGE = "claims/members.html"


def set_for_manager(user: Any, slug: str) -> AnnotationSet:
    annotation_set = set_for_viewer(user, slug)
    require(permissions.can_manage(user, annotation_set), "Only managers manage a set.")
    return annotation_set


def _page(
    request: HttpRequest, annotation_set: AnnotationSet, status: int = 200, **forms: Any
) -> HttpResponse:
    context = {
        "annotation_set": annotation_set,
        "members": members_of(annotation_set=annotation_set),
        "roles": Role.choices,
        "add_form": forms.get("add_form") or MemberAddForm(),
        "settings_form": forms.get("settings_form")
        or SetSettingsForm(
            initial={
                "name": annotation_set.name,
                "description": annotation_set.description,
                "guidelines": annotation_set.guidelines,
                "annotators_may_import": annotation_set.annotators_may_import,
                "suggestion_threshold": annotation_set.suggestion_threshold,
            }
        ),
        "errors": forms.get("errors"),
    }
    return render(request, PAGE, context, status=status)


@login_required
@require_GET
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, set_for_manager(request.user, slug))


@login_required
@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_manager(request.user, slug)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        user, problem = user_by_name_or_email(name=form.cleaned_data["username"])
        if user is None:
            form.add_error("username", problem)
        else:
            try:
                membership_services.membership_add(
                    annotation_set=annotation_set, user=user, role=form.cleaned_data["role"]
                )
            except ValidationError as error:
                form.add_error("username", " ".join(error.messages))
    if form.errors:
        return _page(request, annotation_set, 400, add_form=form)
    messages.success(request, f"Added {form.cleaned_data['username']}.")
    return redirect("member-list", slug=slug)


def _membership(annotation_set: AnnotationSet, membership_id: int) -> Membership:
    membership = membership_in_set(annotation_set=annotation_set, membership_id=membership_id)
    if membership is None:
        raise Http404("No such member.")
    return membership


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    annotation_set = set_for_manager(request.user, slug)
    membership = _membership(annotation_set, membership_id)
    form = MemberRoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        membership_services.membership_change_role(
            membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        return _page(request, annotation_set, 400, errors=error.messages)
    messages.success(request, f"{membership.user.get_username()} is now {membership.role}.")
    return redirect("member-list", slug=slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    annotation_set = set_for_manager(request.user, slug)
    membership = _membership(annotation_set, membership_id)
    try:
        membership_services.membership_remove(membership=membership)
    except ValidationError as error:
        return _page(request, annotation_set, 400, errors=error.messages)
    messages.success(request, f"Removed {membership.user.get_username()}.")
    return redirect("member-list", slug=slug)


@login_required
@require_POST
def set_settings(request: HttpRequest, slug: str) -> HttpResponse:
    annotation_set = set_for_manager(request.user, slug)
    form = SetSettingsForm(request.POST)
    if not form.is_valid():
        return _page(request, annotation_set, 400, settings_form=form)
    data = form.cleaned_data
    try:
        membership_services.annotation_set_update(
            annotation_set=annotation_set,
            name=data["name"],
            description=data["description"],
            guidelines=data["guidelines"],
            suggestion_threshold=data["suggestion_threshold"],
        )
        membership_services.annotation_set_allow_import(
            annotation_set=annotation_set, annotators_may_import=data["annotators_may_import"]
        )
    except ValidationError as error:
        return _page(request, annotation_set, 400, settings_form=form, errors=error.messages)
    messages.success(request, "Settings saved.")
    return redirect("member-list", slug=slug)
