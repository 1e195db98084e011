"""Writes of curation: build an article's curated layer from its annotators' versions.

Each decision is one call: take one annotator's version of a unit, merge the versions (the
majority of each field), drop the unit from the curated layer, or edit the curated version
(its kind with one key, or anything in the editor: ``curation_edit``).
The curated layer is claims and attributions with ``origin="curated"`` owned by the curator;
they are written, replaced (soft-deleted) and edited through the ordinary claim and
attribution services, so every step is versioned and in the history. Annotators' own work is
never touched.
"""

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import (
    Article,
    Attribution,
    AttributionKind,
    Claim,
    ClaimStatus,
    Curation,
    CurationStatus,
    Origin,
    Source,
)
from claims.services import actions
from claims.services import attributions as attribution_services
from claims.services import claims as claim_services

Marked = Attribution | Claim
Span = tuple[tuple[int, int], ...]


def _span(start: int | None, end: int | None, parts: list[list[int]]) -> Span:
    if parts:
        return tuple((s, e) for s, e in parts)
    return () if start is None or end is None else ((start, end),)


def _fields(obj: Marked) -> dict[str, Any]:
    """What a curated copy takes from an annotator's attribution (or bare claim)."""
    if isinstance(obj, Claim):
        return {"content": _span(obj.start, obj.end, obj.parts), "kind": None}
    claim = obj.claim
    return {
        "content": _span(claim.start, claim.end, claim.parts) if claim else (),
        "kind": obj.kind,
        "source": (obj.source, _span(obj.source_start, obj.source_end, obj.source_parts)),
        "cue": _span(obj.cue_start, obj.cue_end, obj.cue_parts),
        "note": claim.note if claim else "",
        "details": {k: v for k, v in obj.details.items() if k != "curation"},
    }


def _who(obj: Marked) -> str:
    """The annotator: named by an import, else the account that made it."""
    if obj.imported_annotator:
        return obj.imported_annotator
    return obj.created_by.get_username() if obj.created_by else ""


def _span_args(role: str, span: Span) -> dict[str, Any]:
    if not span:
        return {}
    if len(span) > 1:
        return {f"{role}_parts": [list(p) for p in span]}
    return {f"{role}_span": list(span[0])}


def _check(article: Article, objs: Sequence[Marked], *, curated: bool, field: str) -> None:
    for obj in objs:
        if obj.article_id != article.pk or obj.deleted_at is not None:
            raise ValidationError({field: f"{obj} is not live in this article."})
        if (obj.origin == Origin.CURATED) != curated:
            layer = "the curated layer" if curated else "an annotator's work"
            raise ValidationError({field: f"{obj} is not from {layer}."})


def _replace(user: Any, replace: Sequence[tuple[Marked, int | None]]) -> None:
    """Soft-delete the unit's current curated version (a stale version raises 409)."""
    for obj, version in replace:
        if isinstance(obj, Attribution):
            attribution_services.attribution_delete(attribution=obj, user=user, version=version)
            if obj.claim is not None and obj.claim.deleted_at is None:
                claim_services.claim_delete(claim=obj.claim, user=user, version=None)
        else:
            claim_services.claim_delete(claim=obj, user=user, version=version)


def _touch(article: Article, user: Any) -> None:
    Curation.objects.update_or_create(
        article=article,
        defaults={"curator": user if getattr(user, "is_authenticated", False) else None},
    )


def _create(
    article: Article, user: Any, fields: dict[str, Any], provenance: dict[str, Any]
) -> list[Marked]:
    """The curated claim and attribution, their change records grouped as one decision."""
    group = actions.new_group()
    created: list[Marked] = []
    claim = None
    content: Span = fields["content"]
    if content:
        claim = claim_services.claim_create(
            article=article,
            start=content[0][0],
            end=content[-1][1],
            parts=[list(p) for p in content] if len(content) > 1 else None,
            user=user,
            status=ClaimStatus.APPROVED,
            origin=Origin.CURATED,
            note=fields.get("note", ""),
            group=group,
        )
        created.append(claim)
    if fields["kind"]:
        source, source_span = fields.get("source", (None, ()))
        created.append(
            attribution_services.attribution_create(
                article=article,
                kind=fields["kind"],
                user=user,
                claim=claim,
                source=source,
                origin=Origin.CURATED,
                details={**fields.get("details", {}), "curation": provenance},
                group=group,
                **_span_args("source", source_span),
                **_span_args("cue", fields.get("cue", ())),
            )
        )
    return created


def curation_take(
    *,
    article: Article,
    user: Any,
    version_of: Marked,
    replace: Sequence[tuple[Marked, int | None]] = (),
) -> list[Marked]:
    """The curated version of a unit becomes a copy of one annotator's version."""
    _check(article, [version_of], curated=False, field="take")
    _check(article, [obj for obj, _ in replace], curated=True, field="replace")
    provenance = {"decision": "take", "from": [version_of.pk], "annotators": [_who(version_of)]}
    with transaction.atomic():
        _replace(user, replace)
        created = _create(article, user, _fields(version_of), provenance)
        _touch(article, user)
    return created


def _majority(values: Sequence[Hashable]) -> Any:
    """The most common value; a tie goes to the one seen first."""
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def curation_merge(
    *,
    article: Article,
    user: Any,
    versions: Sequence[Marked],
    replace: Sequence[tuple[Marked, int | None]] = (),
) -> list[Marked]:
    """The curated version takes, field by field (content, cue, source, kind), what most
    annotators marked; ties go to the first annotator's."""
    if not versions:
        raise ValidationError({"merge": "Nothing to merge in this unit."})
    _check(article, versions, curated=False, field="merge")
    _check(article, [obj for obj, _ in replace], curated=True, field="replace")
    fields = [_fields(v) for v in versions]
    attributions = [f for f in fields if f["kind"]]
    merged: dict[str, Any] = {"content": _majority([f["content"] for f in fields])}
    if attributions:
        merged["kind"] = _majority([f["kind"] for f in attributions])
        merged["cue"] = _majority([f["cue"] for f in attributions])
        sources = [
            (f["source"][0].pk if f["source"][0] else None, f["source"][1]) for f in attributions
        ]
        source_id, source_span = _majority(sources)
        merged["source"] = (
            Source.objects.get(pk=source_id) if source_id is not None else None,
            source_span,
        )
        first = attributions[0]
        merged["details"] = first["details"]
        merged["note"] = first["note"]
    else:
        merged["kind"] = None
    provenance = {
        "decision": "merge",
        "from": [v.pk for v in versions],
        "annotators": sorted({_who(v) for v in versions}),
    }
    with transaction.atomic():
        _replace(user, replace)
        created = _create(article, user, merged, provenance)
        _touch(article, user)
    return created


def curation_drop(
    *, article: Article, user: Any, replace: Sequence[tuple[Marked, int | None]]
) -> None:
    """The unit is left out of the curated layer (its curated version, if any, deleted)."""
    _check(article, [obj for obj, _ in replace], curated=True, field="replace")
    with transaction.atomic():
        _replace(user, replace)
        _touch(article, user)


def curation_set_kind(
    *, article: Article, user: Any, attribution: Attribution, version: int | None, kind: str
) -> Attribution:
    """Edit the curated version's kind (one key: sourced, anonymous, quoted)."""
    _check(article, [attribution], curated=True, field="kind")
    if kind not in AttributionKind.values:
        raise ValidationError({"kind": f"Unknown kind {kind!r}."})
    with transaction.atomic():
        updated = attribution_services.attribution_update(
            attribution=attribution, user=user, version=version, kind=kind
        )
        _touch(article, user)
    return updated


# What the lower services call a span field, as the curation editor names it.
EDIT_FIELDS = {"start": "content", "parts": "content", "cue_span": "cue", "source_span": "source"}
KEEP: Any = attribution_services.UNSET


def curation_edit(
    *,
    article: Article,
    user: Any,
    target: Marked,
    version: int | None,
    content: tuple[int, int] | None = None,
    cue: tuple[int, int] | None = KEEP,
    source_span: tuple[int, int] | None = KEEP,
    kind: str | None = None,
    source: Source | None = KEEP,
) -> Marked:
    """Edit the curated version of a unit by hand: its content span (moves the curated
    claim), and on an attribution its kind, source record and the source and cue spans
    (``None`` clears one; ``KEEP`` leaves it), all in one transaction; a stale ``version``
    (of ``target``) is a 409 and changes nothing. Errors name the editor's field
    (``content``, ``cue``, ``source``, ``kind``)."""
    _check(article, [target], curated=True, field="edit")
    if kind is not None and kind not in AttributionKind.values:
        raise ValidationError({"kind": f"Unknown kind {kind!r}."})
    attribution = target if isinstance(target, Attribution) else None
    claim = target if isinstance(target, Claim) else target.claim
    if attribution is None and (kind or cue is not KEEP or source_span is not KEEP):
        raise ValidationError({"edit": "A curated claim without attribution has only content."})
    try:
        with transaction.atomic():
            updated: Marked = target
            if content is not None and claim is not None:
                moved = claim_services.claim_update(
                    claim=claim,
                    user=user,
                    version=version if attribution is None else None,
                    start=content[0],
                    end=content[1],
                )
                updated = moved if attribution is None else updated
            if attribution is not None:
                updated = attribution_services.attribution_update(
                    attribution=attribution,
                    user=user,
                    version=version,
                    kind=kind,
                    source=source,
                    cue_span=cue if cue is KEEP or cue is None else list(cue),
                    source_span=(
                        source_span
                        if source_span is KEEP or source_span is None
                        else list(source_span)
                    ),
                )
            _touch(article, user)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {EDIT_FIELDS.get(name, name): errors for name, errors in exc.message_dict.items()}
        ) from exc
    return updated


def curation_finish(*, article: Article, user: Any, done: bool) -> Curation:
    """Mark the article's curation done (or open it again)."""
    status = CurationStatus.DONE if done else CurationStatus.IN_PROGRESS
    with transaction.atomic():
        curation, _ = Curation.objects.update_or_create(
            article=article,
            defaults={
                "status": status,
                "curator": user if getattr(user, "is_authenticated", False) else None,
            },
        )
    return curation
