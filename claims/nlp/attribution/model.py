"""The linear-chain CRF tagger: BIO labels over the three roles, training and tagging."""

from __future__ import annotations

import bisect
import hashlib
import json
import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycrfsuite

from claims.interop.brat import BratAttribution

from .calibration import Calibration
from .clusters import build_clusters
from .features import Featurizer, document_features
from .tokens import Span, Token, tokenize

# S = source, C = cue, T = content (text). O = outside.
ROLES = ("S", "C", "T")
LABELS = ("O", *(f"{p}-{r}" for r in ROLES for p in "BI"))
MAX_SEQUENCE = 400
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
# The CRF alone (``--model fast``), and the CRF that also reads the fine-tuned encoder's label
# probabilities (``encoder.py``; the default wherever onnxruntime and tokenizers are installed).
FAST_MODEL = MODELS_DIR / "attribution.crfsuite"
ENCODER_MODEL = MODELS_DIR / "attribution-encoder" / "crf.crfsuite"
# Chosen on dev: strong L1 (sparse, small model) generalises best; more iterations overfit.
DEFAULT_PARAMS = {"c1": 4.0, "c2": 0.01, "max_iterations": 150}


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
    # Cue wins over source wins over content when annotations overlap.
    for role, attr_parts in (("T", "content"), ("S", "source"), ("C", "cue")):
        for index, attribution in enumerate(attributions):
            for s, e in getattr(attribution, attr_parts):
                i = max(0, bisect.bisect_right(starts, s) - 1)
                while i < len(tokens) and tokens[i].start < e:
                    if tokens[i].end > s:
                        owner[i] = (role, index)
                    i += 1
    # A run = consecutive tokens of one role of one attribution within one paragraph.
    labels = ["O"] * len(tokens)
    i = 0
    n = len(tokens)
    while i < n:
        if owner[i] is None:
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and owner[j + 1] == owner[i]
            and tokens[j + 1].paragraph == tokens[i].paragraph
        ):
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
    """A loaded tagger, its word clusters and the metadata written beside it."""

    tagger: pycrfsuite.Tagger
    featurizer: Featurizer
    path: Path
    meta: dict[str, object]
    load_seconds: float
    # Raw mean marginal -> P(right) (``calibration.py``); None: confidences stay raw.
    calibration: Calibration | None = None
    # The fine-tuned encoder whose label probabilities are features (None: the fast CRF).
    encoder: Any = None
    # A crfsuite tagger holds the sequence being tagged: one document at a time.
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def name(self) -> str:
        return "encoder" if self.encoder is not None else "fast"

    def tag(self, tokens: Sequence[Token]) -> tuple[list[str], list[float]]:
        """Labels and the marginal probability of each chosen label."""
        feats = features_with_encoder(tokens, self.featurizer, self.encoder)
        with self.lock:
            return tag_with(self.tagger, tokens, feats)


def tag_with(
    tagger: pycrfsuite.Tagger, tokens: Sequence[Token], feats: Sequence[list[str]]
) -> tuple[list[str], list[float]]:
    labels: list[str] = []
    confidence: list[float] = []
    for start, end in sequence_bounds(tokens):
        tagger.set(feats[start:end])
        seq = tagger.tag()
        marginal = tagger.marginal
        labels.extend(seq)
        confidence.extend(marginal(label, k) for k, label in enumerate(seq))
    return labels, confidence


def clusters_path(path: Path) -> Path:
    return path.with_name(path.stem + ".clusters.json")


def calibration_path(path: Path) -> Path:
    return path.with_name(path.stem + ".calibration.json")


def features_with_encoder(
    tokens: Sequence[Token], featurizer: Featurizer | None, encoder: Any
) -> list[list[str]]:
    """The CRF's features, plus the encoder's when there is one."""
    feats = document_features(tokens, featurizer)
    if encoder is None:
        return feats
    from .encoder import encoder_features

    probabilities = encoder.probabilities(tokens, sequence_bounds(tokens))
    paragraphs = [t.paragraph for t in tokens]
    for f, extra in zip(feats, encoder_features(probabilities, LABELS, paragraphs), strict=True):
        f.extend(extra)
    return feats


def default_model_path() -> Path:
    """The encoder model where its run time is installed, else the fast CRF."""
    from .encoder import available

    return ENCODER_MODEL if ENCODER_MODEL.exists() and available() else FAST_MODEL


def resolve_model_path(name: str | Path | None) -> Path:
    """A model file from a path or a name: ``fast``, ``encoder`` or None (the default)."""
    if name is None or name == "default":
        return default_model_path()
    if name == "fast":
        return FAST_MODEL
    if name == "encoder":
        return ENCODER_MODEL
    return Path(name)


_CACHE: dict[Path, AttributionModel] = {}


def open_model(path: str | Path | None = None) -> AttributionModel:
    """Open a model file or name (see :func:`resolve_model_path`), uncached."""
    resolved = resolve_model_path(path).resolve()
    if not resolved.exists():
        raise FileNotFoundError(f"no attribution model at {resolved}")
    started = time.perf_counter()
    tagger = pycrfsuite.Tagger()
    tagger.open(str(resolved))
    meta_path = resolved.with_suffix(".json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    cluster_file = clusters_path(resolved)
    clusters = json.loads(cluster_file.read_text()) if cluster_file.exists() else {}
    featurizer = Featurizer(clusters)
    calibration_file = calibration_path(resolved)
    calibration = (
        Calibration.from_json(json.loads(calibration_file.read_text()))
        if calibration_file.exists()
        else None
    )
    encoder = None
    if meta.get("encoder"):
        from .encoder import EncoderTagger

        encoder = EncoderTagger(resolved.parent / str(meta["encoder"]))
    return AttributionModel(
        tagger, featurizer, resolved, meta, time.perf_counter() - started, calibration, encoder
    )


def load_model(path: str | Path | None = None) -> AttributionModel:
    """Like :func:`open_model`, cached per path."""
    resolved = resolve_model_path(path).resolve()
    if resolved not in _CACHE:
        _CACHE[resolved] = open_model(resolved)
    return _CACHE[resolved]


@dataclass
class Prepared:
    """One training document, featurised."""

    tokens: list[Token]
    feats: list[list[str]]
    labels: list[str]


def prepare(
    documents: Sequence[tuple[str, Sequence[Span], Sequence[BratAttribution]]],
    featurizer: Featurizer | None = None,
    encoder: Any = None,
) -> list[Prepared]:
    prepared = []
    for text, sentences, attributions in documents:
        tokens = tokenize(text, sentences)
        if tokens:
            feats = features_with_encoder(tokens, featurizer, encoder)
            prepared.append(Prepared(tokens, feats, gold_labels(tokens, attributions)))
    return prepared


def write_clusters(texts: Sequence[str], out_path: str | Path, seed: int) -> Featurizer:
    """Learn word clusters from ``texts`` and save them beside the model."""
    clusters = build_clusters(texts, seed=seed)
    target = clusters_path(Path(out_path))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(clusters, sort_keys=True, separators=(",", ":")))
    return Featurizer(clusters)


def train_crf(
    prepared: Sequence[Prepared],
    out_path: str | Path,
    *,
    seed: int = 0,
    params: dict[str, float] | None = None,
    encoder_file: str | None = None,
) -> dict[str, object]:
    """Fit the CRF (L-BFGS with L1 + L2) and write ``out_path`` plus ``.json`` metadata.

    L-BFGS is deterministic; ``seed`` fixes the order the sequences are appended in, which is
    all that could otherwise vary between runs.
    """
    settings = {**DEFAULT_PARAMS, **(params or {})}
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    order = list(range(len(prepared)))
    random.Random(seed).shuffle(order)
    trainer = pycrfsuite.Trainer(verbose=False)
    for index in order:
        doc = prepared[index]
        for start, end in sequence_bounds(doc.tokens):
            trainer.append(doc.feats[start:end], doc.labels[start:end])
    trainer.set_params(
        {
            "c1": settings["c1"],
            "c2": settings["c2"],
            "max_iterations": int(settings["max_iterations"]),
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(out))
    files = [out] + ([clusters_path(out)] if clusters_path(out).exists() else [])
    meta: dict[str, object] = {
        "format": "claims.attribution.crf/1",
        "seed": seed,
        "params": settings,
        "documents": len(prepared),
        "tokens": sum(len(d.tokens) for d in prepared),
        "train_seconds": round(time.perf_counter() - started, 1),
        "sha256": {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files},
    }
    if encoder_file:
        # Relative to the model's folder: the model that reads this encoder's probabilities.
        meta["encoder"] = encoder_file
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    _CACHE.pop(out.resolve(), None)
    return meta
