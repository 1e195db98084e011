"""Fetch-and-check helpers shared by views: 404 for what the user may not see, 403 for
what they may see but not change."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from claims import permissions
from claims.models import AnnotationSet


def set_for_viewer(user: Any, slug: str) -> AnnotationSet:
    annotation_set = get_object_or_404(AnnotationSet, slug=slug)
    if not permissions.can_view(user, annotation_set):
        raise Http404("No such set.")
    return annotation_set


def require(allowed: bool, message: str = "Your role in this set does not allow this.") -> None:
    if not allowed:
        raise PermissionDenied(message)
