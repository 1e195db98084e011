"""Training windows for the encoder, written as JSON lines for ``encoder_train.py``.

Built with the CRF's own tokenizer, gold labels and paragraph sequences, so the encoder learns
exactly the labels the CRF is trained on. Every annotator's file is a document of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

from claims.nlp.segment import segment_sentences

from .corpus import read_corpus
from .encoder import PieceCache, training_windows
from .model import LABELS, gold_labels, sequence_bounds
from .tokens import tokenize


def write_training_windows(brat_dir: str | Path, out_path: str | Path) -> dict[str, int]:
    """Write one JSON line per window (``ids``, ``labels``); returns counts."""
    cache = PieceCache()
    label_ids = {label: k for k, label in enumerate(LABELS)}
    windows = documents = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for article in read_corpus(brat_dir):
            tokens = tokenize(article.text, segment_sentences(article.text))
            if not tokens:
                continue
            bounds = sequence_bounds(tokens)
            for annotation in article.annotations:
                labels = [label_ids[x] for x in gold_labels(tokens, annotation.attributions)]
                for window in training_windows(tokens, labels, bounds, cache):
                    out.write(json.dumps(window, separators=(",", ":")) + "\n")
                    windows += 1
                documents += 1
    return {"documents": documents, "windows": windows}
