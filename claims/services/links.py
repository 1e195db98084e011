"""Writes to links between claims (corroborates / contradicts / repeats / elaborates)."""

from typing import Any

from django.core.exceptions import ValidationError

from claims.models import Claim, ClaimLink, LinkRelation, Origin
from claims.services import actions
from claims.services.versioning import soft_delete, soft_restore


def claim_link_build(
    *,
    from_claim: Claim,
    to_claim: Claim,
    relation: str,
    user: Any,
    note: str = "",
    origin: str = Origin.MANUAL,
) -> ClaimLink:
    """A validated, unsaved link (store it with ``actions.create`` or ``create_many``)."""
    if from_claim.pk == to_claim.pk:
        raise ValidationError({"to_claim": "A claim cannot be linked to itself."})
    if relation not in LinkRelation.values:
        choices = ", ".join(LinkRelation.values)
        raise ValidationError({"relation": f"Unknown relation {relation!r}; use one of {choices}."})
    if from_claim.deleted_at or to_claim.deleted_at:
        raise ValidationError({"to_claim": "Deleted claims cannot be linked."})
    link = ClaimLink(
        from_claim=from_claim,
        to_claim=to_claim,
        relation=relation,
        note=note,
        origin=origin,
        created_by=actions.acting_user(user),
    )
    actions.clean(link)
    return link


def lock_live_claims(ids: set[int]) -> None:
    """Lock the claims (in id order, so two linkers never deadlock) and see them live; the
    ones this transaction wrote need neither."""
    wanted = sorted(pk for pk in ids if not actions.vouched_live(Claim, pk))
    if not wanted:
        return
    found = list(
        Claim.objects.live()
        .filter(pk__in=wanted)
        .order_by("pk")
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    if found != wanted:
        raise ValidationError({"to_claim": "Deleted claims cannot be linked."})


def claim_link_create(
    *,
    from_claim: Claim,
    to_claim: Claim,
    relation: str,
    user: Any,
    note: str = "",
    origin: str = Origin.MANUAL,
    group: Any = None,
) -> ClaimLink:
    """Link two claims. The caller checks the user may see both claims' sets."""
    link = claim_link_build(
        from_claim=from_claim,
        to_claim=to_claim,
        relation=relation,
        user=user,
        note=note,
        origin=origin,
    )

    def check() -> None:
        lock_live_claims({from_claim.pk, to_claim.pk})
        duplicate = ClaimLink.objects.filter(
            from_claim=from_claim, to_claim=to_claim, relation=relation, deleted_at__isnull=True
        )
        if duplicate.exists():
            raise ValidationError({"to_claim": f"These claims are already linked as {relation}."})

    created: ClaimLink = actions.create(
        link,
        annotation_set_id=from_claim.article.annotation_set_id,
        user=user,
        group=group,
        check=check,
    )
    return created


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
