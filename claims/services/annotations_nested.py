"""Many annotations in one transaction, as one action: claims with their attributions (the
source given by id or by name) and links (to a claim of the same request, or to one already
stored). What Label Studio's one annotation POST does, with the same validation (the
services' ``*_build``) and the same versions and change records as every other write.

A bad field anywhere rolls everything back; the ``ValidationError`` names where it is:
``claims[1].attributions[0].source_start``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from claims.models import Article, Attribution, Claim, ClaimLink, ClaimStatus, Source
from claims.services import actions
from claims.services.attributions import attribution_build
from claims.services.claims import claim_build
from claims.services.links import claim_link_build, lock_live_claims
from claims.services.sources import fold_name, source_build

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


def _sources_by_name(
    claims: Sequence[NewClaim], user: Any, group: Any
) -> dict[tuple[int, str], Source]:
    """Every source named (rather than given by id) in the request: the set's live source of
    that name, else a new one. One lookup and at most one insert for any number of names."""
    wanted: dict[tuple[int, str], str] = {}
    for data in claims:
        for a in data.attributions:
            if a.source is None and a.source_name.strip():
                key = (data.article.annotation_set_id, fold_name(a.source_name))
                wanted.setdefault(key, a.source_name)
    if not wanted:
        return {}
    found: dict[tuple[int, str], Source] = {}
    existing = Source.objects.live().filter(
        annotation_set_id__in={key[0] for key in wanted},
        folded_name__in={key[1] for key in wanted},
    )
    for source in existing.order_by("-id"):  # the oldest of a name wins
        found[(source.annotation_set_id, source.folded_name)] = source
        actions.vouch_live(source)
    new = {
        key: source_build(annotation_set_id=key[0], name=name, user=user)
        for key, name in wanted.items()
        if key not in found
    }
    actions.create_many(list(new.values()), set_ids=[key[0] for key in new], user=user, group=group)
    return {**found, **new}


def _check_given_sources(claims: Sequence[NewClaim]) -> None:
    """Sources given by id were read before the transaction: still live now?"""
    given = {a.source.pk for c in claims for a in c.attributions if a.source is not None}
    if not given:
        return
    live = set(Source.objects.live().filter(pk__in=given).values_list("pk", flat=True))
    for i, data in enumerate(claims):
        for j, a in enumerate(data.attributions):
            if a.source is not None and a.source.pk not in live:
                raise ValidationError(
                    {
                        f"claims[{i}].attributions[{j}].source": "The source was deleted or "
                        "merged into another."
                    }
                )


def _build_claims(claims: Sequence[NewClaim], user: Any) -> list[Claim]:
    built = []
    for i, data in enumerate(claims):
        try:
            built.append(
                claim_build(
                    article=data.article,
                    start=data.start,
                    end=data.end,
                    parts=data.parts,
                    status=data.status,
                    note=data.note,
                    user=user,
                )
            )
        except ValidationError as error:
            raise _named(error, f"claims[{i}]") from error
    return built


def _build_attributions(
    claims: Sequence[NewClaim], created: Sequence[Claim], user: Any, by_name: dict[Any, Source]
) -> list[Attribution]:
    built = []
    for i, (data, claim) in enumerate(zip(claims, created, strict=True)):
        claim.work_attributions = []  # type: ignore[attr-defined]
        for j, a in enumerate(data.attributions):
            source = a.source
            if source is None and a.source_name.strip():
                source = by_name[(data.article.annotation_set_id, fold_name(a.source_name))]
            try:
                attribution = attribution_build(
                    article=data.article,
                    claim=claim,
                    kind=a.kind,
                    user=user,
                    source=source,
                    source_span=a.source_span,
                    source_parts=a.source_parts,
                    cue_span=a.cue_span,
                    cue_parts=a.cue_parts,
                    confidence=a.confidence,
                )
            except ValidationError as error:
                raise _named(error, f"claims[{i}].attributions[{j}]") from error
            built.append(attribution)
            claim.work_attributions.append(attribution)  # type: ignore[attr-defined]
    return built


def _build_links(
    claims: Sequence[NewClaim], created: Sequence[Claim], user: Any
) -> list[ClaimLink]:
    by_ref = {data.ref: claim for data, claim in zip(claims, created, strict=True) if data.ref}
    built: list[ClaimLink] = []
    seen: set[tuple[int, int, str]] = set()
    for i, (data, claim) in enumerate(zip(claims, created, strict=True)):
        claim.work_links = []  # type: ignore[attr-defined]
        for j, link in enumerate(data.links):
            where = f"claims[{i}].links[{j}]"
            target = link.to_claim or by_ref.get(link.to_ref)
            if target is None:
                raise ValidationError(
                    {f"{where}.to_ref": f"No claim of this request has ref {link.to_ref!r}."}
                )
            # The claim is new, so the only duplicate there can be is within the request.
            if (claim.pk, target.pk, link.relation) in seen:
                raise ValidationError({f"{where}.to_claim": "This link is given twice."})
            seen.add((claim.pk, target.pk, link.relation))
            try:
                made = claim_link_build(
                    from_claim=claim,
                    to_claim=target,
                    relation=link.relation,
                    note=link.note,
                    user=user,
                )
            except ValidationError as error:
                raise _named(error, where) from error
            built.append(made)
            claim.work_links.append(made)  # type: ignore[attr-defined]
    return built


def annotations_create(*, claims: Sequence[NewClaim], user: Any) -> list[Claim]:
    """Store every claim with its attributions and links, or nothing. The caller has checked
    that ``user`` may annotate each claim's article and see every linked claim.

    A bounded number of statements for any number of claims: each kind of row is validated
    in Python first and then written in one INSERT, the change records in one more. Each
    claim comes back with ``work_attributions`` and ``work_links`` (what was stored)."""
    refs = [c.ref for c in claims if c.ref]
    if len(refs) != len(set(refs)):
        raise ValidationError({"claims": "Each ref names one claim of the request."})
    group = actions.new_group()
    built = _build_claims(claims, user)
    with actions.all_or_nothing():
        created = actions.create_many(
            built, set_ids=[c.article.annotation_set_id for c in claims], user=user, group=group
        )
        by_name = _sources_by_name(claims, user, group)
        _check_given_sources(claims)
        attributions = _build_attributions(claims, created, user, by_name)
        actions.create_many(
            attributions,
            set_ids=[a.article.annotation_set_id for a in attributions],
            user=user,
            group=group,
        )
        links = _build_links(claims, created, user)
        actions.create_many(
            links,
            set_ids=[link.from_claim.article.annotation_set_id for link in links],
            user=user,
            group=group,
            check=lambda: lock_live_claims({link.to_claim_id for link in links}),
        )
    return created
