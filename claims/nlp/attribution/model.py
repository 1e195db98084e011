"""The linear-chain CRF tagger: BIO labels over the three roles, training and tagging."""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from claims.interop.brat import BratAttribution

from .features import document_features
from .tokens import Span, Token, tokenize

# S = source, C = cue, T = content (text). O = outside.
ROLES = ("S", "C", "T")
ROLE_NAMES = {"S": "source", "C": "cue", "T": "content"}
LABELS = ("O", *(f"{p}-{r}" for r in ROLES for p in "BI"))
MAX_SEQUENCE = 400
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_MODEL = MODELS_DIR / "attribution.crfsuite"
DEFAULT_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150}


def sequence_bounds(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Token ranges tagged as one CRF sequence: a paragraph, cut at sentences when long."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(tokens) + 1):
        boundary = i == len(tokens) or tokens[i].paragraph != tokens[i - 1].paragraph
        too_long = (
            not boundary
            and i - start >= MAX_SEQUENCE
            and tokens[i].sentence != tokens[i - 1].sentence
        )
        if boundary or too_long:
            bounds.append((start, i))
            start = i
    return bounds


def gold_labels(tokens: Sequence[Token], attributions: Sequence[BratAttribution]) -> list[str]:
    """BIO labels; runs are trimmed to word tokens so stray quote marks stay outside."""
    owner: list[tuple[str, int] | None] = [None] * len(tokens)
    starts = [t.start for t in tokens]
    import bisect

    # Cue wins over source wins over content when annotations overlap.
    for role, attr_parts in (("T", "content"), ("S", "source"), ("C", "cue")):
        for index, attribution in enumerate(attributions):
            for s, e in getattr(attribution, attr_parts):
                i = max(0, bisect.bisect_right(starts, s) - 1)
                while i < len(tokens) and tokens[i].start < e:
                    if tokens[i].end > s:
                        owner[i] = (role, index)
                    i += 1
    labels = ["O"] * len(tokens)
    i = 0
    # A run = consecutive tokens of one role of one attribution within one paragraph.
    n = len(tokens)
    while i < n:
        if owner[i] is None:
            i += 1
            continue
        j = i
        while j + 1 < n and owner[j + 1] == owner[i] and tokens[j + 1].paragraph == tokens[i].paragraph:
            j += 1
        a, b = i, j
        while a <= b and not tokens[a].is_word:
            a += 1
        while b >= a and not tokens[b].is_word:
            b -= 1
        if a > b:
            a, b = i, j  # a run of punctuation only, such as the cue ":" — keep it whole
        role = owner[i][0]  # type: ignore[index]
        labels[a] = f"B-{role}"
        for k in range(a + 1, b + 1):
            labels[k] = f"I-{role}"
        i = j + 1
    return labels


@dataclass
class AttributionModel:
    """A loaded tagger plus the metadata written beside it."""

    tagger: pycrfsuite.Tagger
    path: Path
    meta: dict[str, object]
    load_seconds: float

    def tag(self, tokens: Sequence[Token]) -> tuple[list[str], list[float]]:
        """Labels and the marginal probability of each chosen label."""
        labels: list[str] = []
        confidence: list[float] = []
        feats = document_features(tokens)
        o_weight = float(self.meta.get("o_weight", 1.0))  # type: ignore[arg-type]
        for start, end in sequence_bounds(tokens):
            self.tagger.set(feats[start:end])
            seq = self.tagger.tag()
            marginal = self.tagger.marginal
            if o_weight < 1.0:
                # Recall boost: where the Viterbi path says O but another label is nearly as
                # likely, take that label (a token-level re-weighting of O).
                for k, label in enumerate(seq):
                    if label != "O":
                        continue
                    p_o = marginal("O", k) * o_weight
                    best, p_best = max(((lab, marginal(lab, k)) for lab in LABELS[1:]), key=lambda x: x[1])
                    if p_best > p_o:
                        seq[k] = best
            labels.extend(seq)
            confidence.extend(marginal(label, k) for k, label in enumerate(seq))
        return labels, confidence


_CACHE: dict[Path, AttributionModel] = {}


def open_model(path: str | Path | None = None) -> AttributionModel:
    """Open a model file (default: the model shipped in the repo), uncached."""
    resolved = Path(path or DEFAULT_MODEL).resolve()
    if not resolved.exists():
        raise FileNotFoundError(f"no attribution model at {resolved}")
    started = time.perf_counter()
    tagger = pycrfsuite.Tagger()
    tagger.open(str(resolved))
    meta_path = resolved.with_suffix(".json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    return AttributionModel(tagger, resolved, meta, time.perf_counter() - started)


def load_model(path: str | Path | None = None) -> AttributionModel:
    """Like :func:`open_model`, cached per path."""
    resolved = Path(path or DEFAULT_MODEL).resolve()
    if resolved not in _CACHE:
        _CACHE[resolved] = open_model(resolved)
    return _CACHE[resolved]


def training_sequences(
    documents: Sequence[tuple[str, Sequence[Span], Sequence[BratAttribution]]],
) -> list[tuple[list[list[str]], list[str]]]:
    sequences = []
    for text, sentences, attributions in documents:
        tokens = tokenize(text, sentences)
        if not tokens:
            continue
        feats = document_features(tokens)
        labels = gold_labels(tokens, attributions)
        for start, end in sequence_bounds(tokens):
            sequences.append((feats[start:end], labels[start:end]))
    return sequences


def train_crf(
    sequences: Sequence[tuple[list[list[str]], list[str]]],
    out_path: str | Path,
    *,
    seed: int = 0,
    params: dict[str, float] | None = None,
    verbose: bool = False,
) -> dict[str, object]:
    """Fit the CRF and write ``out_path`` plus a ``.json`` metadata file beside it.

    L-BFGS is deterministic; ``seed`` fixes the order the sequences are appended in, which is
    all that could otherwise vary between runs.
    """
    order = list(range(len(sequences)))
    random.Random(seed).shuffle(order)
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for index in order:
        xseq, yseq = sequences[index]
        trainer.append(xseq, yseq)
    settings = {**DEFAULT_PARAMS, **(params or {})}
    trainer.set_params(
        {
            "c1": settings["c1"],
            "c2": settings["c2"],
            "max_iterations": int(settings["max_iterations"]),
            "feature.possible_transitions": True,
        }
    )
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    trainer.train(str(out))
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    meta: dict[str, object] = {
        "format": "claims.attribution.crf/1",
        "seed": seed,
        "params": settings,
        "sequences": len(sequences),
        "tokens": sum(len(y) for _, y in sequences),
        "train_seconds": round(time.perf_counter() - started, 1),
        "sha256": digest,
    }
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    _CACHE.pop(out.resolve(), None)
    return meta
