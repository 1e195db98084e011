"""The learned encoder: all-MiniLM-L6-v2 fine-tuned as a BIO role tagger (pure Python, no Django).

At run time an int8 ONNX graph (``models/attribution-encoder/model.onnx``) is run by
onnxruntime over paragraph windows of word pieces; each CRF token gets the softmax of its
first word piece over the CRF's seven labels. The CRF reads those probabilities as features
(``features.encoder_features``), so the encoder's context and the CRF's rules and
transitions combine. Training happens elsewhere (``encoder_train.py``, PyTorch); this module
also builds the training windows so both sides cut and tokenize text the same way.
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .tokens import Token

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
ENCODER_DIR = MODELS_DIR / "attribution-encoder"
TOKENIZER_PATH = MODELS_DIR / "minilm" / "tokenizer.json"
# Word pieces per window, [CLS] and [SEP] included; paragraphs longer than this are cut at
# token boundaries (news paragraphs rarely are).
WINDOW = 256
CLS, SEP = 101, 102
# The same bound as the CRF's per-word feature cache (features.Featurizer).
MAX_CACHED_WORDS = 200_000
# The graph's outputs: the CRF's labels (model.LABELS), in that order.
LABEL_COUNT = 7


@functools.cache
def available() -> bool:
    """True when onnxruntime and tokenizers are installed and the encoder file ships (asked
    on every model lookup, so answered once per process)."""
    installed = all(importlib.util.find_spec(m) for m in ("onnxruntime", "tokenizers"))
    return installed and (ENCODER_DIR / "model.onnx").exists()


@dataclass(frozen=True, slots=True)
class Window:
    """One encoder input: word-piece ids and, per CRF token, the index of its first piece."""

    ids: list[int]
    first_piece: list[int]
    token_indices: range


class PieceCache:
    """Word pieces of token texts; a token's pieces depend only on its text."""

    def __init__(self, tokenizer_path: Path = TOKENIZER_PATH) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.cache: dict[str, list[int]] = {}

    def pieces(self, words: Sequence[str]) -> list[list[int]]:
        missing = list({w for w in words if w not in self.cache})
        if len(self.cache) + len(missing) > MAX_CACHED_WORDS:
            self.cache.clear()  # a long-running worker meets new names and numbers forever
        if missing:
            encodings = self.tokenizer.encode_batch(missing, add_special_tokens=False)
            for word, encoding in zip(missing, encodings, strict=True):
                # A character the vocabulary lacks still gets one piece ([UNK]).
                self.cache[word] = list(encoding.ids) or [100]
        return [self.cache[w] for w in words]


def windows(
    tokens: Sequence[Token], bounds: Sequence[tuple[int, int]], cache: PieceCache
) -> Iterator[Window]:
    """Encoder windows over the token ranges ``bounds`` (the CRF's sequences)."""
    pieces = cache.pieces([t.text for t in tokens])
    for start, end in bounds:
        i = start
        while i < end:
            ids = [CLS]
            first: list[int] = []
            j = i
            while j < end and (not first or len(ids) + len(pieces[j]) < WINDOW):
                first.append(len(ids))
                ids.extend(pieces[j][: WINDOW - 2])
                j += 1
            ids.append(SEP)
            yield Window(ids, first, range(i, j))
            i = j


class EncoderTagger:
    """Runs the ONNX encoder; one instance per process, safe across threads."""

    def __init__(self, model_file: Path = ENCODER_DIR / "model.onnx") -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # One core per request, as the speed target is stated.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session: Any = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self.cache = PieceCache()
        self.lock = threading.Lock()

    def probabilities(
        self, tokens: Sequence[Token], bounds: Sequence[tuple[int, int]]
    ) -> np.ndarray:
        """``[len(tokens), labels]`` label probabilities (rows outside ``bounds`` stay 0)."""
        with self.lock:
            all_windows = list(windows(tokens, bounds, self.cache))
        out = np.zeros((len(tokens), LABEL_COUNT), dtype=np.float32)
        for w in all_windows:
            # One window per run: dynamic int8 quantization scales activations over the whole
            # input tensor, so batch-mates and padding would change a paragraph's result (a
            # homoglyph copy must get the same suggestions as its original). It is also faster
            # than padded batches here.
            ids = np.asarray([w.ids], dtype=np.int64)
            (logits,) = self.session.run(
                ["logits"],
                {
                    "input_ids": ids,
                    "attention_mask": np.ones_like(ids),
                    "token_type_ids": np.zeros_like(ids),
                },
            )
            picked = logits[0, w.first_piece]
            picked = np.exp(picked - picked.max(axis=1, keepdims=True))
            start, stop = w.token_indices.start, w.token_indices.stop
            out[start:stop] = picked / picked.sum(axis=1, keepdims=True)
        return out


def training_windows(
    tokens: Sequence[Token],
    labels: Sequence[int],
    bounds: Sequence[tuple[int, int]],
    cache: PieceCache,
) -> list[dict[str, list[int]]]:
    """Windows with per-piece label ids for training (-100: not scored, as PyTorch expects)."""
    out = []
    for w in windows(tokens, bounds, cache):
        piece_labels = [-100] * len(w.ids)
        for position, k in zip(w.first_piece, w.token_indices, strict=True):
            piece_labels[position] = labels[k]
        out.append({"ids": w.ids, "labels": piece_labels})
    return out


def _band(p: float) -> str:
    return "h" if p >= 0.9 else "m" if p >= 0.6 else "l"


def encoder_features(
    probabilities: np.ndarray, labels: Sequence[str], paragraphs: Sequence[int]
) -> list[list[str]]:
    """CRF features from the encoder: each likely label in a confidence band, the argmax
    label, and the neighbours' argmax labels within the paragraph."""
    n = len(paragraphs)
    if n == 0 or probabilities.shape[1] == 0:
        return [[] for _ in range(n)]
    best = probabilities.argmax(axis=1).tolist()
    rows = probabilities.tolist()
    out = []
    for i in range(n):
        f = [f"E={labels[best[i]]}"]
        for k, p in enumerate(rows[i]):
            if p >= 0.3:
                f.append(f"E:{labels[k]}:{_band(p)}")
        if i > 0 and paragraphs[i - 1] == paragraphs[i]:
            f.append(f"E-1={labels[best[i - 1]]}|{labels[best[i]]}")
        if i + 1 < n and paragraphs[i + 1] == paragraphs[i]:
            f.append(f"E+1={labels[best[i]]}|{labels[best[i + 1]]}")
        out.append(f)
    return out
