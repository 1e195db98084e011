"""Review decisions: a reviewer approves or rejects a submitted claim or cue-only attribution
(a rejection needs a comment, which goes back to the annotator), comments without deciding,
or decides a page of items at once. The status change is a versioned write with a ``review``
change record; the comment is stored next to it and points at that record, so the history
shows both."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import (
    Attribution,
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimStatus,
    ReviewComment,
    ReviewDecision,
)
from claims.services import actions
from claims.services.errors import ConflictError
from claims.services.history import ENTITY_NAMES
from claims.services.versioning import versioned_save

DECISION_STATUS = {
    ReviewDecision.APPROVE: ClaimStatus.APPROVED,
    ReviewDecision.REJECT: ClaimStatus.REJECTED,
}
STATUS_DECISION: dict[str, str] = {status: decision for decision, status in DECISION_STATUS.items()}
# A reviewer may also send a claim back to the annotator's statuses (API compatibility).
REOPEN_STATUSES = {ClaimStatus.DRAFT, ClaimStatus.SUBMITTED}


def _latest_change(obj: Claim | Attribution) -> ChangeRecord | None:
    return (
        ChangeRecord.objects.filter(entity=ENTITY_NAMES[type(obj).__name__], object_id=obj.pk)
        .order_by("-id")
        .first()
    )


def _decision_status(decision: str, comment: str) -> str:
    if decision not in DECISION_STATUS:
        raise ValidationError({"decision": "Choose approve or reject."})
    if decision == ReviewDecision.REJECT and not comment:
        raise ValidationError({"comment": "Say what to fix: a rejection needs a comment."})
    return DECISION_STATUS[ReviewDecision(decision)]


def _cue_only(attribution: Attribution, field: str = "attribution") -> None:
    if attribution.claim_id is not None:
        raise ValidationError(
            {field: f"Attribution {attribution.pk} has a claim: review the claim instead."}
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


def attribution_review_decide(
    *, attribution: Attribution, user: Any, version: int | None, decision: str, comment: str = ""
) -> Attribution:
    """Approve or reject a cue-only attribution (one with a claim goes with its claim)."""
    comment = (comment or "").strip()
    status = _decision_status(decision, comment)
    _cue_only(attribution)
    with transaction.atomic():
        attribution = versioned_save(
            obj=attribution,
            version=version,
            changes={"review_status": status},
            user=user,
            annotation_set_id=attribution.article.annotation_set_id,
            action=ChangeAction.REVIEW,
        )
        ReviewComment.objects.create(
            attribution=attribution,
            author=actions.acting_user(user),
            decision=decision,
            body=comment,
            change=_latest_change(attribution),
        )
    return attribution


def review_decide_many(
    *,
    annotation_set_id: int,
    claims: Sequence[tuple[Claim, int]],
    attributions: Sequence[tuple[Attribution, int]] = (),
    user: Any,
    decision: str = ReviewDecision.APPROVE,
    comment: str = "",
) -> int:
    """Decide several claims and cue-only attributions, each at the version the reviewer
    saw. All or nothing: if any is stale or gone, ``ConflictError`` lists every such item
    (``current["stale"]``) and nothing changes. A fixed number of statements, whatever the
    batch size: lock, update and record per model, then the comments."""
    comment = (comment or "").strip()
    status = _decision_status(decision, comment)
    for claim, _version in claims:
        if claim.status == ClaimStatus.SUGGESTED:
            raise ValidationError({"items": f"Claim {claim.pk} is a suggestion, not reviewed."})
    for attribution, _version in attributions:
        _cue_only(attribution, field="items")
    author = actions.acting_user(user)
    with transaction.atomic():
        locked_claims, stale = actions.lock_many(Claim, [(c.pk, v) for c, v in claims])
        locked_attributions, stale_attributions = actions.lock_many(
            Attribution, [(a.pk, v) for a, v in attributions]
        )
        stale += stale_attributions
        if stale:
            raise ConflictError(
                f"{len(stale)} item(s) changed since you loaded them; nothing was decided.",
                current={"stale": stale},
            )
        group = actions.new_group()
        comments: list[ReviewComment] = []
        for objs, changes, target in (
            (locked_claims, {"status": status}, "claim"),
            (locked_attributions, {"review_status": status}, "attribution"),
        ):
            records = actions.change_many(
                objs,
                changes=changes,
                user=user,
                annotation_set_id=annotation_set_id,
                action=ChangeAction.REVIEW,
                group=group,
            )
            comments += [
                ReviewComment(
                    **{target: obj}, author=author, decision=decision, body=comment, change=rec
                )
                for obj, rec in zip(objs, records, strict=True)
            ]
        ReviewComment.objects.bulk_create(comments, batch_size=500)
    return len(comments)
