"""Writes to claims: create, edit, soft-delete, restore, accept or reject a suggestion."""

from collections.abc import Sequence
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.utils import timezone

from claims.models import Article, ChangeAction, Claim, ClaimStatus, Origin
from claims.nlp.normalize import fold
from claims.services import actions
from claims.services.spans import envelope, quote_with_context, validate_parts, validate_span
from claims.services.versioning import soft_delete, soft_restore, versioned_save

ANNOTATOR_STATUSES = {ClaimStatus.DRAFT, ClaimStatus.SUBMITTED}
REVIEW_STATUSES = {ClaimStatus.APPROVED, ClaimStatus.REJECTED}


def _span_fields(
    article: Article, start: int, end: int, parts: Sequence[Sequence[int]] | None
) -> dict[str, Any]:
    if parts and len(parts) > 1:
        cleaned = validate_parts(article.text, parts, field="parts")
        start, end = envelope(cleaned)
    else:
        cleaned = []
        start, end = validate_span(article.text, start, end, field="start")
    quote, prefix, suffix = quote_with_context(article.text, start, end)
    if not quote.strip():
        raise ValidationError({"start": "A claim cannot be only white space."})
    return {
        "start": start,
        "end": end,
        "parts": cleaned,
        "quote": quote,
        "folded_quote": fold(quote).text,
        "prefix": prefix,
        "suffix": suffix,
    }


class ClaimOptions(TypedDict, total=False):
    """What a new claim may set beyond its article, span and author (see claim_build)."""

    parts: Sequence[Sequence[int]] | None
    status: str
    origin: str
    note: str
    suggestion_key: str


def claim_build(
    *,
    article: Article,
    start: int,
    end: int,
    user: Any,
    parts: Sequence[Sequence[int]] | None = None,
    status: str = ClaimStatus.DRAFT,
    origin: str = Origin.MANUAL,
    note: str = "",
    suggestion_key: str = "",
) -> Claim:
    """A validated, unsaved claim (store it with ``actions.create`` or ``create_many``)."""
    if article.deleted_at is not None:
        raise ValidationError({"article": "The article was deleted."})
    fields = _span_fields(article, start, end, parts)
    claim = Claim(
        article=article,
        status=status,
        origin=origin,
        note=note,
        suggestion_key=suggestion_key,
        created_by=actions.acting_user(user),
        **fields,
    )
    actions.clean(claim)
    return claim


def claim_create(
    *,
    article: Article,
    start: int,
    end: int,
    user: Any,
    group: Any = None,
    **options: Unpack[ClaimOptions],
) -> Claim:
    claim = claim_build(article=article, start=start, end=end, user=user, **options)
    created: Claim = actions.create(
        claim, annotation_set_id=article.annotation_set_id, user=user, group=group
    )
    return created


def _reviewer_edit_only(user: Any, set_id: int, changes: dict[str, Any]) -> actions.Check:
    """A review status survives only edits a reviewer makes: an annotator's span change on
    an approved or rejected claim sends it back to review (submitted)."""

    def check(current: Claim) -> dict[str, Any] | None:
        span_changed = any(
            name in changes and changes[name] != getattr(current, name)
            for name in ("start", "end", "parts")
        )
        if span_changed and current.status in REVIEW_STATUSES and "status" not in changes:
            from claims.permissions import can_review

            if not can_review(user, set_id):
                return {"status": ClaimStatus.SUBMITTED}
        return None

    return check


def claim_update(
    *,
    claim: Claim,
    user: Any,
    version: int | None,
    start: int | None = None,
    end: int | None = None,
    parts: Sequence[Sequence[int]] | None = None,
    note: str | None = None,
    status: str | None = None,
) -> Claim:
    """Edit a claim. Review statuses (approved/rejected) go through ``claim_review``."""
    changes: dict[str, Any] = {}
    if start is not None or end is not None or parts is not None:
        changes.update(
            _span_fields(
                claim.article,
                claim.start if start is None else start,
                claim.end if end is None else end,
                parts,
            )
        )
    if note is not None:
        changes["note"] = note
    if status is not None:
        if status not in ANNOTATOR_STATUSES:
            raise ValidationError(
                {"status": f"Annotators may set draft or submitted, not {status}."}
            )
        changes["status"] = status
    set_id = claim.article.annotation_set_id
    return versioned_save(
        obj=claim,
        version=version,
        changes=changes,
        user=user,
        annotation_set_id=set_id,
        action=ChangeAction.UPDATE,
        check=_reviewer_edit_only(user, set_id, changes),
    )


def claim_review(*, claim: Claim, user: Any, version: int | None, status: str) -> Claim:
    if status not in REVIEW_STATUSES | ANNOTATOR_STATUSES:
        raise ValidationError({"status": f"Unknown review status {status!r}."})
    return versioned_save(
        obj=claim,
        version=version,
        changes={"status": status},
        user=user,
        annotation_set_id=claim.article.annotation_set_id,
        action=ChangeAction.REVIEW,
    )


def claim_delete(*, claim: Claim, user: Any, version: int | None) -> Claim:
    """Soft delete: the claim disappears from lists and exports and can be restored."""
    return soft_delete(
        obj=claim, user=user, version=version, annotation_set_id=claim.article.annotation_set_id
    )


def claim_restore(*, claim: Claim, user: Any) -> Claim:
    return soft_restore(obj=claim, user=user, annotation_set_id=claim.article.annotation_set_id)


def _still_suggested(verb: str) -> actions.Check:
    """Checked on the locked row, not the caller's copy (which may be stale)."""

    def check(current: Claim) -> None:
        if current.status != ClaimStatus.SUGGESTED:
            raise ValidationError(
                {"status": f"Only suggested claims can be {verb}; this one is {current.status}."}
            )

    return check


def claim_accept_suggestion(*, claim: Claim, user: Any, version: int | None) -> Claim:
    """A person confirms a machine suggestion; it becomes their draft, and we keep who."""
    if claim.status != ClaimStatus.SUGGESTED:
        raise ValidationError({"status": "Only suggested claims can be accepted."})
    return versioned_save(
        check=_still_suggested("accepted"),
        obj=claim,
        version=version,
        changes={"status": ClaimStatus.DRAFT, "accepted_by": user, "accepted_at": timezone.now()},
        user=user,
        annotation_set_id=claim.article.annotation_set_id,
        action=ChangeAction.ACCEPT,
    )


def claim_reject_suggestion(*, claim: Claim, user: Any, version: int | None) -> Claim:
    """Rejected suggestions are soft-deleted but kept, so re-running the suggester never
    brings them back."""
    if claim.status != ClaimStatus.SUGGESTED:
        raise ValidationError({"status": "Only suggested claims can be rejected here."})
    return versioned_save(
        check=_still_suggested("rejected"),
        obj=claim,
        version=version,
        changes={"status": ClaimStatus.REJECTED, "deleted_at": timezone.now()},
        user=user,
        annotation_set_id=claim.article.annotation_set_id,
        action=ChangeAction.DELETE,
    )


def claim_unreject_suggestion(*, claim: Claim, user: Any) -> Claim:
    """Undo a rejection (the `u` key after `r`): the suggestion is offered again."""

    def check(current: Claim) -> None:
        if current.status != ClaimStatus.REJECTED:
            raise ValidationError({"status": "Only a rejected suggestion can be brought back."})

    return versioned_save(
        check=check,
        obj=claim,
        version=None,
        changes={"status": ClaimStatus.SUGGESTED, "deleted_at": None},
        user=user,
        annotation_set_id=claim.article.annotation_set_id,
        action=ChangeAction.RESTORE,
        live=False,
    )
