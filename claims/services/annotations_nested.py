"""Many annotations in one transaction, as one action: claims with their attributions (the
source given by id or by name) and links (to a claim of the same request, or to one already
stored). What Label Studio's one annotation POST does, through the same single-object
services as every other write, so versions and history are the same.

A bad field anywhere rolls everything back; the ``ValidationError`` names where it is:
``claims[1].attributions[0].source_start``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Article, Claim, ClaimStatus, Source
from claims.services import actions
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create
from claims.services.links import claim_link_create
from claims.services.sources import fold_name, source_create

__all__ = ["NewAttribution", "NewClaim", "NewLink", "annotations_create"]

Span = tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class NewAttribution:
    kind: str
    source: Source | None = None
    source_name: str = ""  # an existing source of the set by that name, else a new one
    source_span: Span = None
    source_parts: Sequence[Sequence[int]] | None = None
    cue_span: Span = None
    cue_parts: Sequence[Sequence[int]] | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class NewLink:
    relation: str
    to_claim: Claim | None = None
    to_ref: str = ""  # the ``ref`` of another claim of the same request
    note: str = ""


@dataclass(frozen=True, slots=True)
class NewClaim:
    article: Article
    start: int
    end: int
    parts: Sequence[Sequence[int]] | None = None
    status: str = ClaimStatus.DRAFT
    note: str = ""
    ref: str = ""
    attributions: Sequence[NewAttribution] = field(default_factory=tuple)
    links: Sequence[NewLink] = field(default_factory=tuple)


def _named(error: ValidationError, where: str) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                (where if key == "__all__" else f"{where}.{key}"): messages
                for key, messages in error.message_dict.items()
            }
        )
    return ValidationError({where: error.messages})


def _source(
    article: Article,
    data: NewAttribution,
    user: Any,
    by_name: dict[tuple[int, str], Source],
    group: Any,
) -> Source | None:
    if data.source is not None or not data.source_name.strip():
        return data.source
    key = (article.annotation_set_id, fold_name(data.source_name))
    if key not in by_name:
        existing = (
            Source.objects.live()
            .filter(annotation_set_id=key[0], folded_name=key[1])
            .order_by("id")
            .first()
        )
        by_name[key] = existing or source_create(
            annotation_set=article.annotation_set, name=data.source_name, user=user, group=group
        )
    return by_name[key]


def annotations_create(*, claims: Sequence[NewClaim], user: Any) -> list[Claim]:
    """Store every claim with its attributions and links, or nothing. The caller has checked
    that ``user`` may annotate each claim's article and see every linked claim."""
    refs = [c.ref for c in claims if c.ref]
    if len(refs) != len(set(refs)):
        raise ValidationError({"claims": "Each ref names one claim of the request."})
    group = actions.new_group()
    created: list[Claim] = []
    by_ref: dict[str, Claim] = {}
    by_name: dict[tuple[int, str], Source] = {}
    with transaction.atomic():
        for i, data in enumerate(claims):
            try:
                claim = claim_create(
                    article=data.article,
                    start=data.start,
                    end=data.end,
                    parts=data.parts,
                    status=data.status,
                    note=data.note,
                    user=user,
                    group=group,
                )
            except ValidationError as error:
                raise _named(error, f"claims[{i}]") from error
            created.append(claim)
            if data.ref:
                by_ref[data.ref] = claim
            for j, a in enumerate(data.attributions):
                where = f"claims[{i}].attributions[{j}]"
                try:
                    attribution_create(
                        article=data.article,
                        claim=claim,
                        kind=a.kind,
                        user=user,
                        source=_source(data.article, a, user, by_name, group),
                        source_span=a.source_span,
                        source_parts=a.source_parts,
                        cue_span=a.cue_span,
                        cue_parts=a.cue_parts,
                        confidence=a.confidence,
                        group=group,
                    )
                except ValidationError as error:
                    raise _named(error, where) from error
        for i, data in enumerate(claims):
            for j, link in enumerate(data.links):
                where = f"claims[{i}].links[{j}]"
                target = link.to_claim or by_ref.get(link.to_ref)
                if target is None:
                    raise ValidationError(
                        {f"{where}.to_ref": f"No claim of this request has ref {link.to_ref!r}."}
                    )
                try:
                    claim_link_create(
                        from_claim=created[i],
                        to_claim=target,
                        relation=link.relation,
                        note=link.note,
                        user=user,
                        group=group,
                    )
                except ValidationError as error:
                    raise _named(error, where) from error
    return created
