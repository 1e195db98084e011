"""Importing the same JSONL work again adds nothing: what a line brings is compared with what
its (already stored) article holds, by span and annotator."""

from __future__ import annotations

from typing import Any

from claims.models import Article, Attribution, Claim, ClaimLink, StandoffMark
from claims.services.interchange.common import Created

__all__ = ["Pairs", "live_links", "without_existing"]

Pairs = tuple[list[Claim], list[tuple[Attribution, int | None]], list[int]]


def _who(obj: Any, user_field: str = "created_by") -> str:
    """The provenance of an object: the imported name, else its account's name."""
    user = getattr(obj, user_field)
    return obj.imported_annotator or (user.get_username() if user is not None else "")


def _claim_key(claim: Claim) -> tuple[Any, ...]:
    return (claim.start, claim.end, repr(claim.parts or []), _who(claim))


def _attribution_key(a: Attribution) -> tuple[Any, ...]:
    return (a.kind, a.source_start, a.source_end, a.cue_start, a.cue_end, _who(a))


def _mark_key(m: StandoffMark) -> tuple[Any, ...]:
    return (m.label, m.start, m.end, repr(m.parts or []), _who(m, "annotator"))


def without_existing(
    article: Article,
    pairs: Pairs,
    claim_map: dict[tuple[str, int, int], Claim],
    here: tuple[str, int],
    created: Created,
) -> Pairs:
    """Drop what the article already holds (same span, same annotator), so importing a file
    twice adds nothing; exported ids of dropped claims map to the stored claims, for links."""
    stored = {
        _claim_key(c): c
        for c in Claim.objects.filter(article=article, deleted_at__isnull=True).select_related(
            "created_by"
        )
    }
    claims, ids, dropped = [], [], set()
    for claim, exported in zip(pairs[0], pairs[2], strict=True):
        found = stored.get(_claim_key(claim))
        if found is None:
            claims.append(claim)
            ids.append(exported)
        else:
            claim_map[(*here, exported)] = found
            dropped.add(exported)
    loose = {
        _attribution_key(a)
        for a in Attribution.objects.filter(
            article=article, claim__isnull=True, deleted_at__isnull=True
        ).select_related("created_by")
    }
    attributions = [
        (a, exported)
        for a, exported in pairs[1]
        if (exported not in dropped if exported else _attribution_key(a) not in loose)
    ]
    marks = {
        _mark_key(m)
        for m in StandoffMark.objects.filter(article=article).select_related("annotator")
    }
    created.marks[:] = [
        m for m in created.marks if m.article is not article or _mark_key(m) not in marks
    ]
    return claims, attributions, ids


def live_links(claim_map: dict[Any, Claim], created: Created) -> set[tuple[int, int, str]]:
    """(from, to, relation) of the stored live links out of claims this import reused."""
    reused = {c.pk for c in claim_map.values()} - {c.pk for c in created.claims}
    if not reused:
        return set()
    return set(
        ClaimLink.objects.filter(from_claim__in=reused, deleted_at__isnull=True).values_list(
            "from_claim_id", "to_claim_id", "relation"
        )
    )
