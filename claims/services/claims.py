"""Writes to claims: create, edit, soft-delete, restore, accept or reject a suggestion."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Article, ChangeAction, Claim, ClaimStatus, Origin
from claims.nlp.normalize import fold
from claims.services.history import record_change
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


def claim_create(
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
    fields = _span_fields(article, start, end, parts)
    claim = Claim(
        article=article,
        status=status,
        origin=origin,
        note=note,
        suggestion_key=suggestion_key,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **fields,
    )
    with transaction.atomic():
        claim.full_clean(validate_unique=False)
        claim.save()
        record_change(
            obj=claim,
            annotation_set_id=article.annotation_set_id,
            action=ChangeAction.CREATE,
            user=user,
            before=None,
        )
    return claim


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
    return versioned_save(
        obj=claim,
        version=version,
        changes=changes,
        user=user,
        annotation_set_id=claim.article.annotation_set_id,
        action=ChangeAction.UPDATE,
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


def claim_accept_suggestion(*, claim: Claim, user: Any, version: int | None) -> Claim:
    """A person confirms a machine suggestion; it becomes their draft, and we keep who."""
    if claim.status != ClaimStatus.SUGGESTED:
        raise ValidationError({"status": "Only suggested claims can be accepted."})
    return versioned_save(
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
        obj=claim,
        version=version,
        changes={"status": ClaimStatus.REJECTED, "deleted_at": timezone.now()},
        user=user,
        annotation_set_id=claim.article.annotation_set_id,
        action=ChangeAction.DELETE,
    )
