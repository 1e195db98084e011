"""Where a claim's support comes from: the wires and outlets credited in the sentences around
it ("told Reuters") and its attributions' named sources (merged sources as their survivor).
Shared by the claim page's count (``claims.selectors.corroboration``) and the exports'
(``claims.selectors.independence``)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

from claims.models import Article, Attribution, Sentence
from claims.nlp.corroboration import wire_origins
from claims.selectors.bulk_reads import in_ids

# A claim as (id, article id, start, end): live claims only (both callers reach them through
# live links), so their attributions need no further liveness joins.
ClaimSpan = tuple[int, int, int, int]


@lru_cache(maxsize=4096)
def _named(name: str) -> frozenset[str]:
    """A source named like a wire or outlet ("Reuters") is that origin too; names repeat
    across a set's claims (and an export's chunks), the regexes need run once per name."""
    return frozenset(wire_origins(f"according to {name}"))


def claim_origins(claims: Iterable[ClaimSpan]) -> dict[int, set[str]]:
    """Origin keys per claim id, in three queries for any number of claims."""
    claims = list(claims)
    origins: dict[int, set[str]] = {pk: set() for pk, _, _, _ in claims}
    article_ids = sorted({article for _, article, _, _ in claims})
    sentences: dict[int, list[tuple[int, int]]] = {}
    for article_id, s, e in (
        Sentence.objects.filter(in_ids("article_id", article_ids))
        .order_by("article_id", "start")
        .values_list("article_id", "start", "end")
    ):
        sentences.setdefault(article_id, []).append((s, e))
    texts = dict(Article.objects.filter(in_ids("id", article_ids)).values_list("pk", "text"))
    # Claims in one sentence share its window: scan each window once.
    seen: dict[tuple[int, int, int], set[str]] = {}
    for pk, article_id, start, end in claims:
        spans = sentences.get(article_id, [])
        # Sentences are ordered and never overlap (claims.nlp.segment), so the ones a claim
        # touches run from the last one starting before it to the first one past its end.
        covering = []
        for s, e in spans[max(0, bisect_left(spans, (start, -1)) - 1) :]:
            if s >= end:
                break
            if e > start:
                covering.append((s, e))
        lo = min([start, *(s for s, _ in covering)])
        hi = max([end, *(e for _, e in covering)])
        key = (article_id, lo, hi)
        if key not in seen:
            seen[key] = wire_origins(texts.get(article_id, "")[lo:hi])
        origins[pk] |= seen[key]
    attributions = Attribution.objects.filter(
        in_ids("claim_id", list(origins)), deleted_at__isnull=True, source__isnull=False
    ).values_list("claim_id", "source_id", "source__name", "source__merged_into_id")
    for claim_id, source_id, name, merged in attributions:
        origins[claim_id].add(f"source:{merged or source_id}:{name}")
        origins[claim_id] |= _named(name)
    return origins
