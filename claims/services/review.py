"""Review decisions: a reviewer approves or rejects a submitted claim (a rejection needs a
comment, which goes back to the annotator), comments without deciding, or approves a page
of claims at once. The status change is a versioned write with a ``review`` change record;
the comment is stored next to it and points at that record, so the history shows both."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import (
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimStatus,
    ReviewComment,
    ReviewDecision,
)
from claims.services.history import ENTITY_NAMES
from claims.services.versioning import versioned_save

DECISION_STATUS = {
    ReviewDecision.APPROVE: ClaimStatus.APPROVED,
    ReviewDecision.REJECT: ClaimStatus.REJECTED,
}
STATUS_DECISION: dict[str, str] = {status: decision for decision, status in DECISION_STATUS.items()}
# A reviewer may also send a claim back to the annotator's statuses (API compatibility).
REOPEN_STATUSES = {ClaimStatus.DRAFT, ClaimStatus.SUBMITTED}


def _latest_change(claim: Claim) -> ChangeRecord | None:
    return (
        ChangeRecord.objects.filter(entity=ENTITY_NAMES["Claim"], object_id=claim.pk)
        .order_by("-id")
        .first()
    )


def review_comment_add(
    *, claim: Claim, user: Any, body: str, decision: str = ReviewDecision.COMMENT
) -> ReviewComment:
    """A reviewer's remark on a claim without changing its status."""
    comment = ReviewComment(claim=claim, author=user, decision=decision, body=body.strip())
    if decision == ReviewDecision.COMMENT and not comment.body:
        raise ValidationError({"comment": "Write a comment."})
    with transaction.atomic():
        comment.full_clean()
        comment.save()
    return comment


def claim_review_set_status(
    *, claim: Claim, user: Any, version: int | None, status: str, comment: str = ""
) -> Claim:
    """Set a review status (approved/rejected, or back to draft/submitted) and keep the
    comment. A rejection without a comment is refused: the annotator must learn what to fix."""
    comment = (comment or "").strip()
    if status not in (*STATUS_DECISION, *REOPEN_STATUSES):
        raise ValidationError({"status": f"Unknown review status {status!r}."})
    if claim.status == ClaimStatus.SUGGESTED:
        raise ValidationError({"status": "Suggestions are accepted or rejected, not reviewed."})
    if status == ClaimStatus.REJECTED and not comment:
        raise ValidationError({"comment": "Say what to fix: a rejection needs a comment."})
    with transaction.atomic():
        claim = versioned_save(
            obj=claim,
            version=version,
            changes={"status": status},
            user=user,
            annotation_set_id=claim.article.annotation_set_id,
            action=ChangeAction.REVIEW,
        )
        if comment or status in STATUS_DECISION:
            ReviewComment.objects.create(
                claim=claim,
                author=user if getattr(user, "is_authenticated", False) else None,
                decision=STATUS_DECISION.get(status, ReviewDecision.COMMENT),
                body=comment,
                change=_latest_change(claim),
            )
    return claim


def claim_review_decide(
    *, claim: Claim, user: Any, version: int | None, decision: str, comment: str = ""
) -> Claim:
    """Approve or reject one claim (``decision`` is ``approve`` or ``reject``)."""
    if decision not in DECISION_STATUS:
        raise ValidationError({"decision": "Choose approve or reject."})
    return claim_review_set_status(
        claim=claim,
        user=user,
        version=version,
        status=DECISION_STATUS[ReviewDecision(decision)],
        comment=comment,
    )


def claims_review_approve(*, claims: Sequence[tuple[Claim, int]], user: Any) -> int:
    """Approve several claims, each at the version the reviewer saw; all or nothing, so a
    conflict on one (``ConflictError``) leaves every claim as it was."""
    with transaction.atomic():
        for claim, version in claims:
            claim_review_decide(
                claim=claim, user=user, version=version, decision=ReviewDecision.APPROVE
            )
    return len(claims)
