"""Writes to attributions: who a claim comes from (source and cue spans) and how (kind)."""

from collections.abc import Sequence
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db.models import Exists

from claims.models import (
    Article,
    Attribution,
    AttributionKind,
    ChangeAction,
    Claim,
    ClaimStatus,
    Origin,
    Source,
)
from claims.services import actions
from claims.services.spans import envelope, validate_parts, validate_span
from claims.services.versioning import soft_delete, soft_restore, versioned_save

SpanInput = Sequence[int] | None


def _role_fields(
    article: Article, role: str, span: SpanInput, parts: Sequence[Sequence[int]] | None
) -> dict[str, Any]:
    """``source``/``cue`` span columns from a ``(start, end)`` pair or discontinuous parts."""
    if parts and len(parts) > 1:
        cleaned = validate_parts(article.text, parts, field=f"{role}_parts")
        start, end = envelope(cleaned)
    elif span is not None:
        if len(span) != 2:
            raise ValidationError({f"{role}_span": "Give a [start, end] pair."})
        start, end = validate_span(article.text, span[0], span[1], field=f"{role}_span")
        cleaned = []
    else:
        return {f"{role}_start": None, f"{role}_end": None, f"{role}_parts": []}
    return {f"{role}_start": start, f"{role}_end": end, f"{role}_parts": cleaned}


def _check_source(article: Article, source: Source | None) -> None:
    if source is None:
        return
    if source.annotation_set_id != article.annotation_set_id:
        raise ValidationError({"source": "The source belongs to another annotation set."})
    if source.deleted_at is not None or source.merged_into_id is not None:
        raise ValidationError({"source": "The source was deleted or merged into another."})


def _lock_targets(claim_id: int | None, source_id: int | None) -> None:
    """Inside the transaction, in one statement: lock the claim (so it cannot be deleted
    under the new attribution) and check that it and the source are still live. Rows this
    transaction already wrote or read live (a nested create's) need no second look."""
    if claim_id is not None and actions.vouched_live(Claim, claim_id):
        claim_id = None
    if source_id is not None and actions.vouched_live(Source, source_id):
        source_id = None
    live_source = Source.objects.live().filter(pk=source_id)
    if claim_id is None:
        if source_id is not None and not live_source.exists():
            raise ValidationError({"source": "The source was deleted or merged into another."})
        return
    qs = Claim.objects.live().filter(pk=claim_id).select_for_update(of=("self",))
    if source_id is None:
        found = qs.values_list("pk", flat=True).first()
        source_ok = True
    else:
        row = qs.annotate(source_ok=Exists(live_source)).values_list("pk", "source_ok").first()
        found, source_ok = (row[0], row[1]) if row else (None, False)
    if found is None:
        raise ValidationError({"claim": "The claim was deleted."})
    if not source_ok:
        raise ValidationError({"source": "The source was deleted or merged into another."})


class AttributionOptions(TypedDict, total=False):
    """What a new attribution may set beyond its article, kind, author, claim and source."""

    source_span: SpanInput
    source_parts: Sequence[Sequence[int]] | None
    cue_span: SpanInput
    cue_parts: Sequence[Sequence[int]] | None
    confidence: float | None
    origin: str
    details: dict[str, Any] | None
    suggestion_key: str


def attribution_build(
    *,
    article: Article,
    kind: str,
    user: Any,
    claim: Claim | None = None,
    source: Source | None = None,
    source_span: SpanInput = None,
    source_parts: Sequence[Sequence[int]] | None = None,
    cue_span: SpanInput = None,
    cue_parts: Sequence[Sequence[int]] | None = None,
    confidence: float | None = None,
    origin: str = Origin.MANUAL,
    details: dict[str, Any] | None = None,
    suggestion_key: str = "",
) -> Attribution:
    """A validated, unsaved attribution (store it with ``actions.create`` or ``create_many``)."""
    if claim is not None and claim.article_id != article.pk:
        raise ValidationError({"claim": "The claim belongs to another article."})
    if kind not in AttributionKind.values:
        raise ValidationError(
            {"kind": f"Unknown kind {kind!r}; use one of {', '.join(AttributionKind.values)}."}
        )
    _check_source(article, source)
    attribution = Attribution(
        article=article,
        claim=claim,
        kind=kind,
        source=source,
        confidence=confidence,
        origin=origin,
        details=details or {},
        suggestion_key=suggestion_key,
        created_by=actions.acting_user(user),
        **_role_fields(article, "source", source_span, source_parts),
        **_role_fields(article, "cue", cue_span, cue_parts),
    )
    actions.clean(attribution)
    return attribution


def attribution_create(
    *,
    article: Article,
    kind: str,
    user: Any,
    claim: Claim | None = None,
    source: Source | None = None,
    group: Any = None,
    **options: Unpack[AttributionOptions],
) -> Attribution:
    attribution = attribution_build(
        article=article, kind=kind, user=user, claim=claim, source=source, **options
    )
    claim_id = claim.pk if claim is not None else None
    source_id = source.pk if source is not None else None
    created: Attribution = actions.create(
        attribution,
        annotation_set_id=article.annotation_set_id,
        user=user,
        group=group,
        check=lambda: _lock_targets(claim_id, source_id),
    )
    return created


UNSET: Any = object()


def attribution_update(
    *,
    attribution: Attribution,
    user: Any,
    version: int | None,
    kind: str | None = None,
    source: Source | None = UNSET,
    source_span: SpanInput = UNSET,
    cue_span: SpanInput = UNSET,
    details: dict[str, Any] | None = None,
) -> Attribution:
    """Change kind, source or spans. Pass ``source=None`` / ``cue_span=None`` to clear them."""
    article = attribution.article
    changes: dict[str, Any] = {}
    if kind is not None:
        if kind not in AttributionKind.values:
            raise ValidationError({"kind": f"Unknown kind {kind!r}."})
        changes["kind"] = kind
    source_id = None
    if source is not UNSET:
        _check_source(article, source)
        changes["source"] = source
        source_id = source.pk if source is not None else None
    if source_span is not UNSET:
        changes.update(_role_fields(article, "source", source_span, None))
    if cue_span is not UNSET:
        changes.update(_role_fields(article, "cue", cue_span, None))
    if details is not None:
        changes["details"] = {**attribution.details, **details}
    set_id = article.annotation_set_id

    def check(current: Attribution) -> dict[str, Any] | None:
        if source_id is not None:
            _lock_targets(None, source_id)
        return _back_to_review(current, user, set_id, changes)

    return versioned_save(
        obj=attribution,
        version=version,
        changes=changes,
        user=user,
        annotation_set_id=set_id,
        action=ChangeAction.UPDATE,
        check=check,
    )


def _back_to_review(
    current: Attribution, user: Any, set_id: int, changes: dict[str, Any]
) -> dict[str, Any] | None:
    """A cue-only attribution's review holds only for edits a reviewer makes: the
    annotator's fix of an approved or rejected one sends it back to review (submitted)."""
    if current.claim_id is not None or current.review_status == ClaimStatus.SUBMITTED:
        return None

    def differs(name: str, value: Any) -> bool:
        if name == "source":  # compare ids: reading current.source would cost a query
            return current.source_id != (value.pk if value is not None else None)
        return bool(getattr(current, name) != value)

    if not any(differs(name, value) for name, value in changes.items()):
        return None
    from claims.permissions import can_review

    return None if can_review(user, set_id) else {"review_status": ClaimStatus.SUBMITTED}


def attribution_delete(*, attribution: Attribution, user: Any, version: int | None) -> Attribution:
    return soft_delete(
        obj=attribution,
        user=user,
        version=version,
        annotation_set_id=attribution.article.annotation_set_id,
    )


def attribution_restore(*, attribution: Attribution, user: Any) -> Attribution:
    return soft_restore(
        obj=attribution, user=user, annotation_set_id=attribution.article.annotation_set_id
    )
