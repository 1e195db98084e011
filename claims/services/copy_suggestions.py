"""Copies annotated once: claims people made on one article of a near-duplicate cluster are
offered on the others as suggestions (origin ``copied``), mapped through the folded text.

A homoglyph copy or one with small edits gets the claim over its own exact text
(claims.nlp.copymap); a claim whose text cannot be found in the copy is not offered, never
guessed. Keyed ``copy:<claim id>`` per article, so offering again is idempotent and a
rejected copy never comes back. Discontinuous claims (parts) are not copied.
"""

from typing import Any

from django.db import transaction

from claims.models import Article, Attribution, Claim, ClaimStatus, Origin
from claims.nlp.copymap import CopyMap
from claims.nlp.normalize import fold
from claims.selectors.copy_suggestions import NOT_WORK, copyable_claims
from claims.services.spans import quote_with_context
from claims.services.tallies_rebuild import tallies_refresh


def _key(prefix: str, pk: int) -> str:
    return f"copy:{prefix}{pk}"


def _covered(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    length = span[1] - span[0]
    return any(max(0, min(span[1], e) - max(span[0], s)) * 2 > length for s, e in taken)


def _mapped_attribution(
    attribution: Attribution, claim: Claim, target: Article, mapper: CopyMap
) -> Attribution | None:
    spans: dict[str, Any] = {}
    for name in ("source", "cue"):
        start, end = getattr(attribution, f"{name}_start"), getattr(attribution, f"{name}_end")
        if getattr(attribution, f"{name}_parts"):
            return None
        if start is None:
            continue
        mapped = mapper.span(start, end)
        if mapped is None:
            return None  # part of it cannot be found in the copy: offer the claim alone
        spans[f"{name}_start"], spans[f"{name}_end"] = mapped
    return Attribution(
        article=target,
        claim=claim,
        kind=attribution.kind,
        source_id=attribution.source_id,
        origin=Origin.COPIED,
        details={"copied_from": {"article": attribution.article_id, "attribution": attribution.pk}},
        suggestion_key=_key("a", attribution.pk),
        **spans,
    )


def copy_suggestions_store(*, article: Article) -> int:
    """Offer on ``article`` the claims of its copies that are not offered yet; returns how
    many claims were stored."""
    existing = list(
        Claim.objects.filter(article=article).values_list(
            "suggestion_key", "start", "end", "status", "deleted_at"
        )
    )
    known = {key for key, *_ in existing if key}
    taken = [
        (s, e) for _k, s, e, status, gone in existing if gone is None and status not in NOT_WORK
    ]
    sources = (
        copyable_claims(article=article)
        .select_related("article")
        .prefetch_related("attributions")
        .order_by("article_id", "start", "id")
    )
    claims: list[Claim] = []
    attributions: list[Attribution] = []
    mappers: dict[int, CopyMap] = {}
    text = article.text
    for original in sources:
        key = _key("", original.pk)
        if key in known:
            continue
        if original.article_id not in mappers:
            mappers[original.article_id] = CopyMap.between(original.article.text, text)
        mapper = mappers[original.article_id]
        span = mapper.span(original.start, original.end)
        if span is None or _covered(span, taken):
            continue
        known.add(key)
        taken.append(span)
        quote, prefix, suffix = quote_with_context(text, *span)
        claim = Claim(
            article=article,
            start=span[0],
            end=span[1],
            quote=quote,
            folded_quote=fold(quote).text,
            prefix=prefix,
            suffix=suffix,
            status=ClaimStatus.SUGGESTED,
            origin=Origin.COPIED,
            suggestion_key=key,
        )
        claims.append(claim)
        for attribution in original.attributions.all():
            if attribution.deleted_at is not None:
                continue
            copied = _mapped_attribution(attribution, claim, article, mapper)
            if copied is not None:
                attributions.append(copied)
    with transaction.atomic():
        Claim.objects.bulk_create(claims)
        for attribution in attributions:
            attribution.claim_id = attribution.claim.pk  # type: ignore[union-attr]
        Attribution.objects.bulk_create(attributions)
        # Copies leave no change record (they are suggestions until accepted), so they
        # refresh the dashboard tallies themselves.
        tallies_refresh(article_ids={claim.article_id for claim in claims})
    return len(claims)
