"""Writes to links between claims (corroborates / contradicts / repeats / elaborates)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import ChangeAction, Claim, ClaimLink, LinkRelation, Origin
from claims.services.history import record_change
from claims.services.versioning import soft_delete, soft_restore


def claim_link_create(
    *,
    from_claim: Claim,
    to_claim: Claim,
    relation: str,
    user: Any,
    note: str = "",
    origin: str = Origin.MANUAL,
) -> ClaimLink:
    """Link two claims. The caller checks the user may see both claims' sets."""
    if from_claim.pk == to_claim.pk:
        raise ValidationError({"to_claim": "A claim cannot be linked to itself."})
    if relation not in LinkRelation.values:
        choices = ", ".join(LinkRelation.values)
        raise ValidationError({"relation": f"Unknown relation {relation!r}; use one of {choices}."})
    if from_claim.deleted_at or to_claim.deleted_at:
        raise ValidationError({"to_claim": "Deleted claims cannot be linked."})
    duplicate = ClaimLink.objects.filter(
        from_claim=from_claim, to_claim=to_claim, relation=relation, deleted_at__isnull=True
    )
    if duplicate.exists():
        raise ValidationError({"to_claim": f"These claims are already linked as {relation}."})
    link = ClaimLink(
        from_claim=from_claim,
        to_claim=to_claim,
        relation=relation,
        note=note,
        origin=origin,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    with transaction.atomic():
        link.full_clean(validate_unique=False, validate_constraints=False)
        link.save()
        record_change(
            obj=link,
            annotation_set_id=from_claim.article.annotation_set_id,
            action=ChangeAction.CREATE,
            user=user,
            before=None,
        )
    return link


def claim_link_delete(*, link: ClaimLink, user: Any, version: int | None) -> ClaimLink:
    return soft_delete(
        obj=link,
        user=user,
        version=version,
        annotation_set_id=link.from_claim.article.annotation_set_id,
    )


def claim_link_restore(*, link: ClaimLink, user: Any) -> ClaimLink:
    return soft_restore(
        obj=link, user=user, annotation_set_id=link.from_claim.article.annotation_set_id
    )
