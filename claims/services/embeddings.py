"""The optional semantic re-ranker for link suggestions, and the embedding cache it fills.

BM25 (``claims.selectors.corroboration``) finds and orders candidates; when
``settings.CLAIMS_SEMANTIC_RERANK`` is on and the ``semantic`` extra is installed, the top
``RERANK_K`` are re-ordered by a blend of their BM25 score (scaled to the best one) and the
cosine between sentence embeddings (``claims.nlp.embed``) of the span and the candidate
(scaled min-max over the same candidates). The
re-ranker only re-orders: which candidates exist, per-article caps, and copies (labelled
``repeats``, never independent) are decided afterwards exactly as without it.

It lives in services because reading an embedding writes it to the cache on first use
(``TextEmbedding``, keyed by a hash of model and folded text, float32 bytes).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.conf import settings

from claims.models import TextEmbedding
from claims.nlp import embed
from claims.selectors.search import Hit

# Candidates re-ordered (the rest keep their BM25 order below them): twice the dialog's 10,
# since an empty cache costs one encoding (~10-20 ms on this machine) per candidate.
RERANK_K = 20
# Share of the embedding closeness in the blended score: 0.6 helped most on bench/rerank.py's
# paraphrases while keeping the seed acceptance case in the top 3 (docs/benchmarks.md).
DEFAULT_WEIGHT = 0.6


def semantic_rerank_enabled() -> bool:
    """The setting is on and onnxruntime/tokenizers are importable (settings read per call)."""
    return bool(getattr(settings, "CLAIMS_SEMANTIC_RERANK", False)) and embed.available()


def text_embeddings(texts: Sequence[str]) -> np.ndarray:
    """Unit embeddings of ``texts`` (rows in order), from the cache where stored; the missing
    ones are encoded in one batch and stored. Two queries at most plus the encoding."""
    keys = [embed.text_key(t) for t in texts]
    stored = dict(TextEmbedding.objects.filter(key__in=set(keys)).values_list("key", "vector"))
    missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in stored}
    if missing:
        vectors = embed.encoder().encode(list(missing.values()))
        fresh = {k: v.astype(np.float32).tobytes() for k, v in zip(missing, vectors, strict=True)}
        # Two requests may embed the same new text at once: the first row stored wins.
        TextEmbedding.objects.bulk_create(
            [TextEmbedding(key=k, model=embed.MODEL_ID, vector=v) for k, v in fresh.items()],
            ignore_conflicts=True,
        )
        stored.update(fresh)
    out = np.zeros((len(texts), embed.DIM), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = embed.from_bytes(bytes(stored[key]))
    return out


def rerank_hits(
    ranked: list[Hit], query: str, *, k: int = RERANK_K, weight: float | None = None
) -> list[Hit]:
    """Re-order the top ``k`` BM25 hits (score > 0) by
    ``(1 - weight) * bm25 / best_bm25 + weight * (cosine - min) / (max - min)``; ``query`` is
    the folded span. Scores stay positive, so the caller's "score > 0" cut keeps every
    candidate BM25 found."""
    weight = DEFAULT_WEIGHT if weight is None else weight
    top = [h for h in ranked[:k] if h.score > 0]
    if not top:
        return ranked
    rest = ranked[len(top) :]
    vectors = text_embeddings([query, *(h.folded for h in top)])
    cosines = vectors[1:] @ vectors[0]
    best = top[0].score
    floor = top[-1].score
    lo, hi = float(cosines.min()), float(cosines.max())
    for hit, cos in zip(top, cosines, strict=True):
        # Both parts spread over [0, 1] among these candidates, so the weight means what it says.
        closeness = (float(cos) - lo) / (hi - lo) if hi > lo else 1.0
        blended = (1 - weight) * hit.score / best + weight * closeness
        hit.score = max(round(blended, 4), 0.0001)
    top.sort(key=lambda h: (-h.score, h.kind != "claim", h.pk))
    # Below the re-ranked ones, in BM25 order, on the same scale.
    low = min(h.score for h in top)
    for hit in rest:
        if hit.score > 0:
            hit.score = max(round(low * min(hit.score / floor, 1.0) * 0.999, 4), 0.0001)
    return top + rest
