"""The linear-chain CRF tagger: BIO labels over the three roles, training and tagging."""

from __future__ import annotations

import bisect
import hashlib
import json
import multiprocessing
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from claims.interop.brat import BratAttribution

from .clusters import build_clusters
from .features import Featurizer, document_features, stacked_features
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
    """A loaded tagger (first pass and, when present, the stacked second pass) + metadata."""

    tagger: pycrfsuite.Tagger
    stacked: pycrfsuite.Tagger | None
    featurizer: Featurizer
    path: Path
    meta: dict[str, object]
    load_seconds: float

    def tag(self, tokens: Sequence[Token]) -> tuple[list[str], list[float]]:
        """Labels and the marginal probability of each chosen label."""
        feats = document_features(tokens, self.featurizer)
        labels, confidence = tag_with(self.tagger, tokens, feats)
        if self.stacked is not None:
            extra = stacked_features(tokens, labels)
            stacked = [a + b for a, b in zip(feats, extra, strict=True)]
            labels, confidence = tag_with(self.stacked, tokens, stacked)
        return labels, confidence


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


def stack_path(path: Path) -> Path:
    return path.with_name(path.stem + ".stack.crfsuite")


def clusters_path(path: Path) -> Path:
    return path.with_name(path.stem + ".clusters.json")


def _open_tagger(path: Path) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


_CACHE: dict[Path, AttributionModel] = {}


def open_model(path: str | Path | None = None) -> AttributionModel:
    """Open a model file (default: the model shipped in the repo), uncached."""
    resolved = Path(path or DEFAULT_MODEL).resolve()
    if not resolved.exists():
        raise FileNotFoundError(f"no attribution model at {resolved}")
    started = time.perf_counter()
    tagger = _open_tagger(resolved)
    second = stack_path(resolved)
    stacked = _open_tagger(second) if second.exists() else None
    meta_path = resolved.with_suffix(".json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    cluster_file = clusters_path(resolved)
    clusters = json.loads(cluster_file.read_text()) if cluster_file.exists() else {}
    featurizer = Featurizer(clusters)
    return AttributionModel(
        tagger, stacked, featurizer, resolved, meta, time.perf_counter() - started
    )


def load_model(path: str | Path | None = None) -> AttributionModel:
    """Like :func:`open_model`, cached per path."""
    resolved = Path(path or DEFAULT_MODEL).resolve()
    if resolved not in _CACHE:
        _CACHE[resolved] = open_model(resolved)
    return _CACHE[resolved]


@dataclass
class Prepared:
    """One training document, featurised."""

    group: int  # article index: annotators of one article stay in one fold
    tokens: list[Token]
    feats: list[list[str]]
    labels: list[str]


def prepare(
    documents: Sequence[tuple[int, str, Sequence[Span], Sequence[BratAttribution]]],
    featurizer: Featurizer | None = None,
) -> list[Prepared]:
    prepared = []
    for group, text, sentences, attributions in documents:
        tokens = tokenize(text, sentences)
        if tokens:
            feats = document_features(tokens, featurizer)
            prepared.append(Prepared(group, tokens, feats, gold_labels(tokens, attributions)))
    return prepared


def write_clusters(texts: Sequence[str], out_path: str | Path, seed: int) -> Featurizer:
    """Learn word clusters from ``texts`` and save them beside the model."""
    clusters = build_clusters(texts, seed=seed)
    target = clusters_path(Path(out_path))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(clusters, sort_keys=True, separators=(",", ":")))
    return Featurizer(clusters)


def _fit(
    docs: Sequence[Prepared],
    feats: Sequence[Sequence[list[str]]],
    out: Path,
    seed: int,
    params: dict[str, float],
    verbose: bool = False,
) -> None:
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for index in order:
        doc = docs[index]
        for start, end in sequence_bounds(doc.tokens):
            trainer.append(feats[index][start:end], doc.labels[start:end])
    trainer.set_params(
        {
            "c1": params["c1"],
            "c2": params["c2"],
            "max_iterations": int(params["max_iterations"]),
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


# Worker state for the jackknife: set before the pool forks so the features are shared, not
# pickled.
_JOB: dict[str, object] = {}


def _fold_job(fold: int) -> tuple[int, list[list[str]]]:
    docs: list[Prepared] = _JOB["docs"]  # type: ignore[assignment]
    folds: int = _JOB["folds"]  # type: ignore[assignment]
    params: dict[str, float] = _JOB["params"]  # type: ignore[assignment]
    seed: int = _JOB["seed"]  # type: ignore[assignment]
    workdir = Path(str(_JOB["workdir"]))
    out = workdir / f"fold{fold}.crfsuite"
    if fold == folds:  # the full first-pass model
        _fit(docs, [d.feats for d in docs], Path(str(_JOB["first"])), seed, params)
        return fold, []
    train_docs = [d for d in docs if d.group % folds != fold]
    _fit(train_docs, [d.feats for d in train_docs], out, seed, params)
    tagger = _open_tagger(out)
    return fold, [tag_with(tagger, d.tokens, d.feats)[0] for d in docs if d.group % folds == fold]


def _fit_second(
    prepared: Sequence[Prepared],
    fold_labels: dict[int, list[list[str]]],
    folds: int,
    out: Path,
    seed: int,
    params: dict[str, float],
) -> None:
    """Fit the second pass on features plus jackknifed first-pass labels."""
    position = dict.fromkeys(range(folds), 0)
    stacked_feats = []
    for doc in prepared:
        fold = doc.group % folds
        labels = fold_labels[fold][position[fold]]
        position[fold] += 1
        extra = stacked_features(doc.tokens, labels)
        stacked_feats.append([a + b for a, b in zip(doc.feats, extra, strict=True)])
    _fit(prepared, stacked_feats, out, seed, params)


def train_models(
    prepared: list[Prepared],
    out_path: str | Path,
    *,
    seed: int = 0,
    params: dict[str, float] | None = None,
    folds: int = 4,
    workers: int = 2,
    stacked: bool = True,
) -> dict[str, object]:
    """Fit the first-pass CRF and (``stacked``) the second pass on jackknifed first-pass labels.

    Writes ``out_path``, ``*.stack.crfsuite`` and a ``.json`` metadata file. L-BFGS is
    deterministic; ``seed`` fixes the fold assignment and the order sequences are appended in.
    """
    settings = {**DEFAULT_PARAMS, **(params or {})}
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    groups = sorted({d.group for d in prepared})
    shuffled = groups[:]
    random.Random(seed).shuffle(shuffled)
    fold_of = {g: i for i, g in enumerate(shuffled)}
    for doc in prepared:
        doc.group = fold_of[doc.group]
    second = stack_path(out)
    with tempfile.TemporaryDirectory() as workdir:
        _JOB.update(
            docs=prepared, folds=folds, params=settings, seed=seed, workdir=workdir, first=out
        )
        if not stacked:
            _fold_job(folds)
        elif workers > 1:
            # Folds first (two at a time), then the full first pass alongside the second pass,
            # which needs only the folds' labels.
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                fold_labels = dict(pool.map(_fold_job, range(folds), chunksize=1))
                full = pool.apply_async(_fold_job, (folds,))
                _fit_second(prepared, fold_labels, folds, second, seed, settings)
                full.get()
        else:
            fold_labels = dict(_fold_job(fold) for fold in range(folds))
            _fold_job(folds)
            _fit_second(prepared, fold_labels, folds, second, seed, settings)
        _JOB.clear()
    if not stacked and second.exists():
        second.unlink()
    files = [out, second] if stacked else [out]
    if clusters_path(out).exists():
        files.append(clusters_path(out))
    meta: dict[str, object] = {
        "format": "claims.attribution.crf/2",
        "seed": seed,
        "params": settings,
        "stacked": stacked,
        "folds": folds,
        "documents": len(prepared),
        "tokens": sum(len(d.tokens) for d in prepared),
        "train_seconds": round(time.perf_counter() - started, 1),
        "sha256": {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files},
    }
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    _CACHE.pop(out.resolve(), None)
    return meta
