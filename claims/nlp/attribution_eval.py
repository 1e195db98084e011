"""Scoring attribution suggestions against brat gold (PolNeAR layout).

Metric (all F1/P/R in percent, 0–100, micro-averaged over the corpus):

* Per role (source, cue, content) every span is reduced to its set of non-punctuation tokens
  (a span made only of punctuation, such as the cue ``:``, keeps its punctuation tokens).
  *exact*: equal token sets; *lenient*: at least one shared token. Gold and predicted spans
  are matched one-to-one (maximum bipartite matching per document).
* *linked*: an attribution matches when its cue and its source both match (exact, or
  lenient for the lenient row). An attribution without a source matches only one without a
  source: both absent counts as a source match, one absent as a mismatch.
* *kind_accuracy*: over attributions matched one-to-one by lenient cue, the share whose
  predicted kind equals the gold kind; the gold kind is derived from the gold spans with the
  suggester's own rules (``claims.nlp.attribution.kinds``).
* With several annotators of one article (``NAME_ANNOTATOR.ann``) the prediction is scored
  against each and the counts are averaged, so every article weighs the same.

``published``: the metric of the published PolNeAR results (Wang et al., COLING 2022,
"CofeNet", Table 6), computed beside the above. Every token counts, punctuation included
(``tokens.word_spans``: a quotation mark is a token of its own). Each role's spans become
contiguous BIO segments per paragraph (a paragraph is the text between two newlines): a span
that crosses a newline or skips a token becomes several segments, and the same segment
marked twice (a source shared by two cues) counts once. A predicted segment is right only when
its role, first token and last token equal a gold segment's. Each annotator's file is a sample
of its own (an article with two annotators counts twice) and P/R/F1 are micro-averaged over
all segments of all samples.

``score`` is pure; ``evaluate_dir`` reads a directory, runs the suggester and times it.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from claims.interop.brat import BratAttribution
from claims.nlp.attribution.calibration import (
    Calibration,
    expected_calibration_error,
    fit_isotonic,
    reliability_table,
)
from claims.nlp.attribution.corpus import Article
from claims.nlp.attribution.kinds import describe
from claims.nlp.attribution.model import AttributionModel
from claims.nlp.attribution.tokens import Span, Token, tokenize, word_spans

# The published metric's tokens, frozen here so that a change to the tagger's tokenizer
# never moves the yardstick: word-internal apostrophes, hyphens and dots stay inside a word,
# clitics ("’s") are split off, every other non-space character is a token of its own.
_CLITIC = r"[’'](?:[sS]|ll|re|ve|d|m|LL|RE|VE|D|M)(?![^\W_])"
_METRIC_TOKEN = re.compile(rf"{_CLITIC}|[^\W_]+(?:(?!{_CLITIC})[’'.\-&][^\W_]+)*|\S")

ROLES = ("source", "cue", "content")
TokenSet = frozenset[int]


@dataclass(slots=True)
class Counts:
    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0

    def add(self, tp: int, n_pred: int, n_gold: int, weight: float) -> None:
        self.tp += tp * weight
        self.fp += (n_pred - tp) * weight
        self.fn += (n_gold - tp) * weight

    def prf(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(100 * f, 2)}


@dataclass(slots=True)
class Tally:
    exact: dict[str, Counts] = field(
        default_factory=lambda: {r: Counts() for r in (*ROLES, "linked")}
    )
    lenient: dict[str, Counts] = field(
        default_factory=lambda: {r: Counts() for r in (*ROLES, "linked")}
    )
    kind_right: float = 0.0
    kind_total: float = 0.0
    published: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})


def max_matching(
    n_left: int, n_right: int, edge: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """Maximum one-to-one matching (Kuhn's augmenting paths; documents are small)."""
    adjacency = [[j for j in range(n_right) if edge(i, j)] for i in range(n_left)]
    owner: list[int] = [-1] * n_right

    def augment(i: int, seen: list[bool]) -> bool:
        for j in adjacency[i]:
            if not seen[j]:
                seen[j] = True
                if owner[j] < 0 or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(n_left):
        if adjacency[i]:
            augment(i, [False] * n_right)
    return [(owner[j], j) for j in range(n_right) if owner[j] >= 0]


def _overlapping(spans: Sequence[Span], starts: Sequence[int], parts: Sequence[Span]) -> set[int]:
    """Indices of the token ``spans`` (in text order) that any of ``parts`` overlaps;
    ``starts`` is ``spans``' start offsets, for bisecting."""
    hit: set[int] = set()
    for s, e in parts:
        i = max(0, bisect.bisect_right(starts, s) - 1)
        while i < len(spans) and spans[i][0] < e:
            if spans[i][1] > s:
                hit.add(i)
            i += 1
    return hit


class _Tokens:
    """Token index sets for span parts of one text."""

    def __init__(self, text: str) -> None:
        self.spans = word_spans(text)
        self.starts = [s for s, _ in self.spans]
        self.word = [any(ch.isalnum() for ch in text[s:e]) for s, e in self.spans]

    def of(self, parts: Sequence[Span]) -> TokenSet:
        hit = _overlapping(self.spans, self.starts, parts)
        words = frozenset(i for i in hit if self.word[i])
        return words or frozenset(hit)


Segment = tuple[int, int]  # first and last token index, inclusive


class _Segments:
    """Contiguous per-paragraph token segments of spans, for the published metric."""

    def __init__(self, text: str) -> None:
        self.spans = [m.span() for m in _METRIC_TOKEN.finditer(text)]
        self.starts = [s for s, _ in self.spans]
        newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self.paragraph = [bisect.bisect_left(newlines, s) for s, _ in self.spans]

    def of(self, parts: Sequence[Span]) -> set[Segment]:
        hit = _overlapping(self.spans, self.starts, parts)
        segments: set[Segment] = set()
        run: list[int] = []
        for i in sorted(hit):
            if run and (i != run[-1] + 1 or self.paragraph[i] != self.paragraph[run[0]]):
                segments.add((run[0], run[-1]))
                run = []
            run.append(i)
        if run:
            segments.add((run[0], run[-1]))
        return segments


def published_counts(
    text: str, gold: Sequence[BratAttribution], pred: Sequence[BratAttribution]
) -> dict[str, tuple[int, int, int]]:
    """(true positives, predicted, gold) segments per role for one annotator's file."""
    segs = _Segments(text)
    out = {}
    for role in ROLES:
        g: set[Segment] = set()
        p: set[Segment] = set()
        for a in gold:
            g |= segs.of(getattr(a, role))
        for a in pred:
            p |= segs.of(getattr(a, role))
        out[role] = (len(g & p), len(p), len(g))
    return out


def _kinds(
    text: str, attributions: Sequence[BratAttribution], sentences: Sequence[Span]
) -> list[str]:
    tokens: list[Token] = tokenize(text, sentences)
    facts = describe(text, tokens, [(a.source, a.content) for a in attributions])
    return [a.kind or f.kind for a, f in zip(attributions, facts, strict=True)]


def _same(x: TokenSet, y: TokenSet, strict: bool) -> bool:
    return x == y if strict else bool(x & y)


def _span_edge(g: list[TokenSet], p: list[TokenSet], strict: bool, i: int, j: int) -> bool:
    return _same(g[i], p[j], strict)


def _linked_edge(
    g: list[dict[str, TokenSet]], p: list[dict[str, TokenSet]], strict: bool, i: int, j: int
) -> bool:
    """Cue and source both match; an absent source matches only an absent source."""
    a, b = g[i], p[j]
    if not _same(a["cue"], b["cue"], strict):
        return False
    if not a["source"] or not b["source"]:
        return not a["source"] and not b["source"]
    return _same(a["source"], b["source"], strict)


def score_document(
    tally: Tally,
    text: str,
    gold: Sequence[BratAttribution],
    pred: Sequence[BratAttribution],
    weight: float = 1.0,
) -> None:
    """Add one (gold, prediction) pair to ``tally``; ``weight`` averages annotators."""
    toks = _Tokens(text)
    g_sets = [{r: toks.of(getattr(a, r)) for r in ROLES} for a in gold]
    p_sets = [{r: toks.of(getattr(a, r)) for r in ROLES} for a in pred]
    for role in ROLES:
        g = [s[role] for s in g_sets if s[role]]
        p = [s[role] for s in p_sets if s[role]]
        for strict, table in ((True, tally.exact), (False, tally.lenient)):
            matched = max_matching(len(g), len(p), partial(_span_edge, g, p, strict))
            table[role].add(len(matched), len(p), len(g), weight)
    for strict, table in ((True, tally.exact), (False, tally.lenient)):
        matched = max_matching(len(gold), len(pred), partial(_linked_edge, g_sets, p_sets, strict))
        table["linked"].add(len(matched), len(pred), len(gold), weight)

    for role, (tp, n_pred, n_gold) in published_counts(text, gold, pred).items():
        tally.published[role].add(tp, n_pred, n_gold, 1.0)

    by_cue = max_matching(
        len(gold), len(pred), lambda i, j: bool(g_sets[i]["cue"] & p_sets[j]["cue"])
    )
    if by_cue:
        from claims.nlp.attribution import default_sentences

        sentences = default_sentences(text)
        gold_kinds = _kinds(text, gold, sentences)
        pred_kinds = _kinds(text, pred, sentences)
        for i, j in by_cue:
            tally.kind_total += weight
            tally.kind_right += weight * (gold_kinds[i] == pred_kinds[j])


def summarize(tally: Tally) -> dict[str, object]:
    result: dict[str, object] = {
        role: {"exact": tally.exact[role].prf(), "lenient": tally.lenient[role].prf()}
        for role in (*ROLES, "linked")
    }
    result["published"] = {role: tally.published[role].prf() for role in ROLES}
    result["kind_accuracy"] = (
        round(100 * tally.kind_right / tally.kind_total, 2) if tally.kind_total else 0.0
    )
    return result


def score(
    documents: Iterable[tuple[str, Sequence[Sequence[BratAttribution]], Sequence[BratAttribution]]],
) -> dict[str, object]:
    """Score ``(text, [gold per annotator], prediction)`` triples; F1 etc. in percent."""
    tally = Tally()
    articles = 0
    for text, golds, pred in documents:
        articles += 1
        for gold in golds:
            score_document(tally, text, gold, pred, 1.0 / len(golds))
    result = summarize(tally)
    result["articles"] = articles
    return result


def evaluate_dir(
    gold_dir: str | Path, *, model_path: str | Path | None = None
) -> dict[str, object]:
    """Run the suggester over ``gold_dir`` (``text/`` + ``attributions/``) and score it.

    Besides the scores, reports ``kb_per_s`` (KiB of UTF-8 article text suggested per second
    on one core, sentence splitting included), ``kb_per_cpu_s`` (the same per second of CPU
    time, which a busy machine does not distort) and ``model_load_s`` (opening the model).
    """
    from claims.nlp.attribution import default_sentences, suggest_attributions
    from claims.nlp.attribution.corpus import read_corpus
    from claims.nlp.attribution.model import open_model
    from claims.nlp.runtogether import propose_split

    articles = read_corpus(gold_dir)
    started = time.perf_counter()
    model = open_model(model_path)
    load_seconds = time.perf_counter() - started
    propose_split("warmup")  # loads the word list the tagger's fold uses (once per process)
    documents = []
    elapsed = 0.0
    cpu = 0.0
    size = 0
    for article in articles:
        started = time.perf_counter()
        cpu_started = time.process_time()
        sentences = default_sentences(article.text)
        suggestions = suggest_attributions(article.text, sentences, model=model)
        elapsed += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        size += len(article.text.encode("utf-8"))
        pred = [
            BratAttribution(
                cue=(s.cue,), source=(s.source,) if s.source else (), content=s.content, kind=s.kind
            )
            for s in suggestions
        ]
        documents.append((article.text, [list(a.attributions) for a in article.annotations], pred))
    result = score(documents)
    result["kb_per_s"] = round(size / 1024 / elapsed, 1) if elapsed else 0.0
    # Per second of this process's CPU time: what one free core does, whatever the load.
    result["kb_per_cpu_s"] = round(size / 1024 / cpu, 1) if cpu else 0.0
    result["model_load_s"] = round(load_seconds, 4)
    result["model"] = model.name
    return result


def calibration_pairs(
    articles: Sequence[Article], model: AttributionModel
) -> list[list[tuple[float, bool]]]:
    """Per article, ``(raw confidence, right)`` for every suggestion of ``model`` (its
    calibration switched off); right = its cue is a gold cue of some annotator under the
    published metric."""
    from claims.nlp.attribution import default_sentences, suggest_attributions

    raw_model = replace(model, calibration=None)
    out = []
    for article in articles:
        segs = _Segments(article.text)
        gold: set[Segment] = set()
        for annotation in article.annotations:
            for a in annotation.attributions:
                gold |= segs.of(a.cue)
        found = suggest_attributions(article.text, default_sentences(article.text), model=raw_model)
        out.append([(s.confidence, bool(segs.of((s.cue,)) & gold)) for s in found])
    return out


def calibrate_dir(
    gold_dir: str | Path, *, model_path: str | Path | None = None, folds: int = 2
) -> tuple[Calibration, dict[str, object]]:
    """Fit the confidence calibration on ``gold_dir`` (PolNeAR dev) and report reliability.

    The reported table is cross-fitted (articles split into ``folds`` by position; each
    fold's confidences come from a map fitted on the others), so it is not scored on the
    data it was fitted on; the returned map is fitted on everything.
    """
    from claims.nlp.attribution.corpus import read_corpus
    from claims.nlp.attribution.model import open_model

    articles = read_corpus(gold_dir)
    per_article = calibration_pairs(articles, open_model(model_path))
    every = [p for pairs in per_article for p in pairs]
    crossed: list[tuple[float, bool]] = []
    for fold in range(folds):
        fitted = fit_isotonic(
            [p for k, pairs in enumerate(per_article) if k % folds != fold for p in pairs]
        )
        crossed += [
            (fitted(raw), right)
            for k, pairs in enumerate(per_article)
            if k % folds == fold
            for raw, right in pairs
        ]
    report: dict[str, object] = {
        "suggestions": len(every),
        "right": round(sum(r for _, r in every) / len(every), 4) if every else 0.0,
        "raw": {
            "ece": expected_calibration_error(every),
            "table": reliability_table(every),
        },
        "calibrated": {
            "ece": expected_calibration_error(crossed),
            "table": reliability_table(crossed),
        },
    }
    return fit_isotonic(every), report
