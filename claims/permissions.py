"""Who may do what: every view, API endpoint and command asks these predicates.

Roles are per annotation set and ordered: annotator < reviewer < manager. Staff superusers
(the admin) may do everything.
"""

from typing import Any

from django.db.models import QuerySet

from claims.models import ROLE_RANK, AnnotationSet, Membership, Role


def membership_for(user: Any, annotation_set: AnnotationSet | int) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    set_id = annotation_set if isinstance(annotation_set, int) else annotation_set.pk
    cache: dict[int, Membership | None] = user.__dict__.setdefault("_claims_memberships", {})
    if set_id not in cache:
        cache[set_id] = Membership.objects.filter(user=user, annotation_set_id=set_id).first()
    return cache[set_id]


def has_set_role(user: Any, annotation_set: AnnotationSet | int, role: str) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    membership = membership_for(user, annotation_set)
    return membership is not None and ROLE_RANK[Role(membership.role)] >= ROLE_RANK[Role(role)]


def can_view(user: Any, annotation_set: AnnotationSet | int) -> bool:
    return has_set_role(user, annotation_set, Role.ANNOTATOR)


def can_annotate(user: Any, annotation_set: AnnotationSet | int) -> bool:
    return has_set_role(user, annotation_set, Role.ANNOTATOR)


def can_review(user: Any, annotation_set: AnnotationSet | int) -> bool:
    return has_set_role(user, annotation_set, Role.REVIEWER)


def can_manage(user: Any, annotation_set: AnnotationSet | int) -> bool:
    return has_set_role(user, annotation_set, Role.MANAGER)


def can_edit_work(user: Any, annotation_set: AnnotationSet | int, owner_id: int | None) -> bool:
    """Annotators change their own work (and unowned machine suggestions); reviewers and
    managers change anyone's in their set."""
    if can_review(user, annotation_set):
        return True
    return can_annotate(user, annotation_set) and owner_id in (None, user.pk)


def visible_sets(user: Any) -> QuerySet[AnnotationSet]:
    if not getattr(user, "is_authenticated", False):
        return AnnotationSet.objects.none()
    if user.is_superuser:
        return AnnotationSet.objects.all()
    return AnnotationSet.objects.filter(memberships__user=user)
