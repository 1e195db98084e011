"""Everything ingest computes about one article, in one call (what the ingest service stores)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claims.nlp.boilerplate import BoilerplateRange, find_boilerplate
from claims.nlp.fingerprint import (
    BANDS,
    NUM_PERM,
    content_sha256,
    lsh_band_keys,
    minhash_signature,
    shingles,
)
from claims.nlp.normalize import FoldedText, LookalikeWord, find_lookalike_words, fold
from claims.nlp.runtogether import RunTogether, find_run_together
from claims.nlp.segment import lines, paragraphs, segment_sentences

__all__ = ["ArticleAnalysis", "analyze_article"]


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    folded: FoldedText
    sentences: list[tuple[int, int]]
    paragraphs: list[tuple[int, int]]
    lookalike_words: list[LookalikeWord]
    boilerplate: list[BoilerplateRange]
    run_together: list[RunTogether]
    content_sha256: str
    minhash: npt.NDArray[np.uint32]
    band_keys: list[int]
    quality_flags: dict[str, int]


def analyze_article(text: str) -> ArticleAnalysis:
    """Analyse stored article text; every offset in the result indexes `text`."""
    folded = fold(text)
    line_spans = lines(text)  # paragraphs and sentences both start from the lines
    paras = paragraphs(text, line_spans)
    lookalikes = find_lookalike_words(text)
    boilerplate = find_boilerplate(text, paras, folded=folded)
    run_together = find_run_together(text)
    signature = minhash_signature(shingles(folded.text), num_perm=NUM_PERM)
    return ArticleAnalysis(
        folded=folded,
        sentences=segment_sentences(text, line_spans),
        paragraphs=paras,
        lookalike_words=lookalikes,
        boilerplate=boilerplate,
        run_together=run_together,
        content_sha256=content_sha256(folded.text),
        minhash=signature,
        band_keys=lsh_band_keys(signature, bands=BANDS),
        quality_flags={
            "homoglyphs": sum(w.count for w in lookalikes),
            "lookalike_words": len(lookalikes),
            "run_together": len(run_together),
            "boilerplate": len(boilerplate),
        },
    )
