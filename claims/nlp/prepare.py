"""What ingest stores about one article, as plain rows: the analysis (claims.nlp.pipeline)
reduced to the values the database keeps, so it is small to send between processes.

Pure Python, no Django: it runs in the ingest worker pool (claims.nlp.pool).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from claims.nlp.pipeline import ArticleAnalysis, analyze_article

__all__ = ["FlagRow", "PreparedArticle", "SentenceRow", "prepare_analysis", "prepare_article"]

SentenceRow = tuple[int, int, int, str]  # index, start, end, folded text
FlagRow = tuple[str, int, int, dict[str, Any]]  # kind, start, end, detail


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    content_sha256: str
    minhash: bytes  # the MinHash signature as little-endian uint32s
    band_keys: tuple[int, ...]  # distinct LSH band keys, in band order
    sentences: list[SentenceRow]
    flags: list[FlagRow]  # kinds are claims.models.FlagKind values
    quality_flags: dict[str, int]

    def signature(self) -> np.ndarray:
        return np.frombuffer(self.minhash, dtype="<u4")


def prepare_article(text: str) -> PreparedArticle:
    """Analyse ``text`` and keep what is stored; every offset indexes ``text``."""
    return prepare_analysis(analyze_article(text))


def prepare_analysis(analysis: ArticleAnalysis) -> PreparedArticle:
    folded = analysis.folded
    sentences = [
        (i, s, e, piece)
        for i, ((s, e), piece) in enumerate(
            zip(analysis.sentences, folded.slices_of(analysis.sentences), strict=True)
        )
    ]
    flags: list[FlagRow] = [
        ("lookalike", w.start, w.end, {"count": w.count, "scripts": list(w.scripts)})
        for w in analysis.lookalike_words
    ]
    flags += [("boilerplate", b.start, b.end, {"reason": b.reason}) for b in analysis.boilerplate]
    flags += [
        ("run_together", r.start, r.end, {"proposed": r.proposed}) for r in analysis.run_together
    ]
    return PreparedArticle(
        content_sha256=analysis.content_sha256,
        minhash=np.asarray(analysis.minhash, dtype="<u4").tobytes(),
        band_keys=tuple(dict.fromkeys(int(k) for k in analysis.band_keys)),
        sentences=sentences,
        flags=flags,
        quality_flags=dict(analysis.quality_flags),
    )
