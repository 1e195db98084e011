"""Writes to attributions: who a claim comes from (source and cue spans) and how (kind)."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Article, Attribution, AttributionKind, ChangeAction, Claim, Origin, Source
from claims.services.history import record_change
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
    if source is not None and source.annotation_set_id != article.annotation_set_id:
        raise ValidationError({"source": "The source belongs to another annotation set."})


def attribution_create(
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
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **_role_fields(article, "source", source_span, source_parts),
        **_role_fields(article, "cue", cue_span, cue_parts),
    )
    with transaction.atomic():
        attribution.full_clean(validate_unique=False)
        attribution.save()
        record_change(
            obj=attribution,
            annotation_set_id=article.annotation_set_id,
            action=ChangeAction.CREATE,
            user=user,
            before=None,
        )
    return attribution


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
    if source is not UNSET:
        _check_source(article, source)
        changes["source"] = source
    if source_span is not UNSET:
        changes.update(_role_fields(article, "source", source_span, None))
    if cue_span is not UNSET:
        changes.update(_role_fields(article, "cue", cue_span, None))
    if details is not None:
        changes["details"] = {**attribution.details, **details}
    return versioned_save(
        obj=attribution,
        version=version,
        changes=changes,
        user=user,
        annotation_set_id=article.annotation_set_id,
        action=ChangeAction.UPDATE,
    )


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
