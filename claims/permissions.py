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


def can_import(user: Any, annotation_set: AnnotationSet) -> bool:
    """Managers import; annotators too where the set allows it."""
    if can_manage(user, annotation_set):
        return True
    return annotation_set.annotators_may_import and can_annotate(user, annotation_set)


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


# --- DRF permission classes (the API asks the same predicates as the views) ---------------

from rest_framework.permissions import SAFE_METHODS, BasePermission  # noqa: E402


class SetRolePermission(BasePermission):
    """Object-level checks from set membership and role.

    A view names the set of an object (``set_id_of(obj)``), the least role each action needs
    (``set_roles``: ``{action: role}``; unsafe actions default to annotator) and the actions on
    which annotators may only touch their own work (``own_work_actions``). Objects of sets the
    user cannot see never reach this check: the views' querysets leave them out (404).
    """

    message = "Your role in this set does not allow this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        set_id = view.set_id_of(obj)
        if not can_view(request.user, set_id):
            return False
        roles: dict[str, str] = getattr(view, "set_roles", {})
        role = roles.get(view.action)
        if role is None:
            if request.method in SAFE_METHODS:
                return True
            role = Role.ANNOTATOR
        if role == Role.ANNOTATOR and view.action in getattr(view, "own_work_actions", ()):
            return can_edit_work(request.user, set_id, getattr(obj, "created_by_id", None))
        return has_set_role(request.user, set_id, role)


def membership_remember(user: Any, set_id: int, membership: Membership | None) -> None:
    """Record ``user``'s membership of a set read along with something else (an annotated
    query), so the role checks of this request need no query of their own."""
    if getattr(user, "is_authenticated", False):
        user.__dict__.setdefault("_claims_memberships", {})[set_id] = membership


def with_my_membership(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """Objects with an ``annotation_set_id``, each read with ``user``'s membership of its set
    (see :func:`remember_my_membership`): the role check after it runs no query of its own."""
    from django.db.models import OuterRef, Subquery

    mine = Membership.objects.filter(
        annotation_set=OuterRef("annotation_set_id"), user_id=getattr(user, "pk", None) or 0
    )
    return qs.annotate(
        my_membership_id=Subquery(mine.values("pk")[:1]),
        my_role=Subquery(mine.values("role")[:1]),
    )


def remember_my_membership(user: Any, obj: Any) -> None:
    """The membership :func:`with_my_membership` read along with ``obj``, for this request."""
    if not hasattr(obj, "my_role"):
        return
    membership = None
    if obj.my_membership_id is not None:
        membership = Membership(
            pk=obj.my_membership_id,
            user_id=int(user.pk or 0),
            annotation_set_id=obj.annotation_set_id,
            role=obj.my_role,
        )
    membership_remember(user, obj.annotation_set_id, membership)


def can_create_set(user: Any) -> bool:
    """Managers of a set (and staff with the model permission) may start another one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("claims.add_annotationset"):
        return True
    return Membership.objects.filter(user=user, role=Role.MANAGER).exists()
