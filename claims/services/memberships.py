"""Writes to a set's own fields and its members (who may work in it, in which role)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import AnnotationSet, Membership, Role


def annotation_set_update(
    *,
    annotation_set: AnnotationSet,
    name: str | None = None,
    description: str | None = None,
    guidelines: str | None = None,
    suggestion_threshold: float | None = None,
) -> AnnotationSet:
    if name is not None:
        annotation_set.name = name
    if description is not None:
        annotation_set.description = description
    if guidelines is not None:
        annotation_set.guidelines = guidelines
    if suggestion_threshold is not None:
        annotation_set.suggestion_threshold = suggestion_threshold
    with transaction.atomic():
        annotation_set.full_clean()
        annotation_set.save()
    return annotation_set


def _last_manager(membership: Membership) -> bool:
    return (
        membership.role == Role.MANAGER
        and not Membership.objects.filter(
            annotation_set_id=membership.annotation_set_id, role=Role.MANAGER
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def membership_add(*, annotation_set: AnnotationSet, user: Any, role: str) -> Membership:
    if Membership.objects.filter(annotation_set=annotation_set, user=user).exists():
        raise ValidationError({"username": f"{user.get_username()} is already a member."})
    membership = Membership(annotation_set=annotation_set, user=user, role=role)
    with transaction.atomic():
        membership.full_clean(validate_unique=False)
        membership.save()
    return membership


def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role != Role.MANAGER and _last_manager(membership):
        raise ValidationError({"role": "A set needs at least one manager."})
    membership.role = role
    with transaction.atomic():
        membership.full_clean(validate_unique=False)
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership: Membership) -> None:
    if _last_manager(membership):
        raise ValidationError({"username": "A set needs at least one manager."})
    membership.delete()


def membership_set(*, annotation_set: AnnotationSet, user: Any, role: str) -> Membership:
    """Add ``user`` with ``role``, or change the role of an existing member (commands)."""
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}; use {', '.join(Role.values)}."})
    membership = Membership.objects.filter(annotation_set=annotation_set, user=user).first()
    if membership is None:
        return membership_add(annotation_set=annotation_set, user=user, role=role)
    return membership_change_role(membership=membership, role=role)


def annotation_set_allow_import(
    *, annotation_set: AnnotationSet, annotators_may_import: bool
) -> AnnotationSet:
    annotation_set.annotators_may_import = annotators_may_import
    with transaction.atomic():
        annotation_set.full_clean()
        annotation_set.save(update_fields=["annotators_may_import"])
    return annotation_set


def annotation_set_create(
    *,
    slug: str,
    name: str,
    description: str = "",
    guidelines: str = "",
    user: Any,
) -> AnnotationSet:
    """A new set, with its creator as its first manager."""
    annotation_set = AnnotationSet(
        slug=slug,
        name=name,
        description=description,
        guidelines=guidelines,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    with transaction.atomic():
        annotation_set.full_clean()
        annotation_set.save()
        if getattr(user, "is_authenticated", False):
            Membership.objects.create(annotation_set=annotation_set, user=user, role=Role.MANAGER)
    return annotation_set
