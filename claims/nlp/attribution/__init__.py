"""Attribution suggestions: who said what, marked as source, cue and content spans.

Pure Python (no Django). The tagger is a linear-chain CRF over BIO role labels with
hand-written features (see ``features.py``); a second pass links roles to cues and repairs
spans; ``kinds.py`` derives quoted / sourced / anonymous. Offsets are ``str`` indices,
half-open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claims.nlp.segment import segment_sentences

from .corpus import read_corpus
from .decode import Chunk, chunks_from_labels, link
from .edges import polnear_edges
from .folding import TaggerText, map_spans, tagger_text
from .kinds import Kind, QuoteForm, SourceForm, describe
from .model import AttributionModel, load_model, prepare, train_crf, write_clusters
from .repair import DEFAULT_RULES, Rule, apply_rules
from .tokens import Span, Token, tokenize

__all__ = [
    "AttributionModel",
    "AttributionSuggestion",
    "Kind",
    "QuoteForm",
    "SourceForm",
    "default_sentences",
    "load_model",
    "suggest_attributions",
    "train",
]


@dataclass(frozen=True, slots=True)
class AttributionSuggestion:
    cue: Span
    content: tuple[Span, ...]  # empty when no content was found; several parts when split
    source: Span | None
    kind: Kind
    # The chance the suggestion is right (its cue a gold cue), 0..1: the mean CRF marginal
    # of its tokens through the model's calibration map (``calibration.py``).
    confidence: float
    quote_form: QuoteForm
    source_form: SourceForm
    source_name: Span | None  # the proper name inside the source ("Richard Armitage")
    antecedent: Span | None  # a pronoun source's named antecedent …
    antecedent_name: str | None  # … and its text


def default_sentences(text: str) -> list[Span]:
    """Sentence offsets from the shared segmenter (``claims.nlp.segment``)."""
    return list(segment_sentences(text))


def _parts(tokens: Sequence[Token], chunks: Sequence[Chunk], text: str) -> tuple[Span, ...]:
    """Character spans of chunks, merged across whitespace, split where text was skipped."""
    spans: list[Span] = []
    for c in chunks:
        start = tokens[c.start].start
        for k in range(c.start, c.end):
            # Untagged non-space text between two tokens of one chunk was skipped (boilerplate).
            if text[tokens[k].end : tokens[k + 1].start].strip():
                spans.append((start, tokens[k].end))
                start = tokens[k + 1].start
        spans.append((start, tokens[c.end].end))
    merged: list[Span] = []
    for s, e in sorted(spans):
        if merged and not text[merged[-1][1] : s].strip():
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return tuple(merged)


def _drawn(tokens: Sequence[Token], chunks: Sequence[Chunk]) -> list[Chunk]:
    """Chunks with the punctuation PolNeAR draws into them (``edges.py``)."""
    out = []
    for c in chunks:
        start, end = polnear_edges(tokens, c.role, c.start, c.end)
        out.append(Chunk(c.role, start, end, c.confidence))
    return out


def _longest(parts: tuple[Span, ...]) -> Span:
    return max(parts, key=lambda p: p[1] - p[0])


def suggest_attributions(
    text: str,
    sentences: Sequence[Span] | None = None,
    *,
    skip: Sequence[Span] = (),
    model: AttributionModel | None = None,
    rules: Sequence[Rule] = DEFAULT_RULES,
) -> list[AttributionSuggestion]:
    """Suggested attributions in ``text``, in cue order.

    ``sentences`` are half-open sentence offsets (computed when omitted); ``skip`` holds
    boilerplate ranges whose tokens are never tagged; ``rules`` are the span repairs applied
    between tagging and linking (``repair.py``).

    The tagger reads the folded text (``folding.py``: look-alike letters, odd spaces, dashes
    and quotes unified, run-together words split); every span is mapped back to ``text``.
    """
    folded = tagger_text(text)
    if folded.identity:
        return _suggest(text, sentences, skip, model, rules)
    if sentences is None:
        sentences = default_sentences(folded.text)
    else:
        sentences = map_spans(folded, sentences)
    found = _suggest(folded.text, sentences, map_spans(folded, skip), model, rules)
    return [_to_source(folded, text, s) for s in found]


def _to_source(folded: TaggerText, text: str, s: AttributionSuggestion) -> AttributionSuggestion:
    def back(span: Span | None) -> Span | None:
        return None if span is None else folded.to_source(*span)

    antecedent = back(s.antecedent)
    return replace(
        s,
        cue=folded.to_source(*s.cue),
        content=tuple(folded.to_source(*p) for p in s.content),
        source=back(s.source),
        source_name=back(s.source_name),
        antecedent=antecedent,
        antecedent_name=text[antecedent[0] : antecedent[1]] if antecedent else None,
    )


def _suggest(
    text: str,
    sentences: Sequence[Span] | None,
    skip: Sequence[Span],
    model: AttributionModel | None,
    rules: Sequence[Rule],
) -> list[AttributionSuggestion]:
    if sentences is None:
        sentences = default_sentences(text)
    tokens = tokenize(text, sentences, skip)
    if not tokens:
        return []
    model = model or load_model()
    labels, confidence = model.tag(tokens)
    chunks = apply_rules(tokens, chunks_from_labels(tokens, labels, confidence), rules)
    linked = link(tokens, chunks)
    items = []
    for attribution in linked:
        source = (
            _parts(tokens, _drawn(tokens, [attribution.source]), text) if attribution.source else ()
        )
        content = _parts(tokens, _drawn(tokens, attribution.contents), text)
        items.append((attribution, source, content))
    facts = describe(text, tokens, [(source, content) for _a, source, content in items])
    suggestions = []
    for (attribution, source, content), fact in zip(items, facts, strict=True):
        chunks = [attribution.cue, *attribution.contents]
        if attribution.source:
            chunks.append(attribution.source)
        weight = sum(c.end - c.start + 1 for c in chunks)
        confidence_value = sum(c.confidence * (c.end - c.start + 1) for c in chunks) / weight
        if model.calibration is not None:
            confidence_value = model.calibration(confidence_value)
        cue = _longest(_parts(tokens, _drawn(tokens, [attribution.cue]), text))
        suggestions.append(
            AttributionSuggestion(
                cue=cue,
                content=content,
                source=_longest(source) if source else None,
                kind=fact.kind,
                confidence=round(confidence_value, 4),
                quote_form=fact.quote_form,
                source_form=fact.source_form,
                source_name=fact.source_name,
                antecedent=fact.antecedent,
                antecedent_name=fact.antecedent_name,
            )
        )
    return suggestions


def train(
    brat_dir: str | Path,
    out_path: str | Path,
    seed: int = 0,
    params: dict[str, float] | None = None,
    encoder_file: str | None = None,
) -> dict[str, object]:
    """Train the tagger on every annotation in ``brat_dir`` (PolNeAR layout) and save it.

    Writes ``out_path`` (the CRF), ``*.clusters.json`` (word clusters learned from the same
    texts) and ``*.json`` (metadata, also returned). Every annotator's file of an article is a
    training document of its own. ``params`` override the CRF settings (``c1``, ``c2``,
    ``max_iterations``). ``encoder_file`` (an ONNX file in ``out_path``'s folder, from
    ``scripts/train_attribution_encoder.py``) adds the encoder's label probabilities to the
    features.
    """
    articles = read_corpus(brat_dir)
    featurizer = write_clusters([a.text for a in articles], out_path, seed)
    encoder = None
    if encoder_file:
        from .encoder import EncoderTagger

        encoder = EncoderTagger(Path(out_path).parent / encoder_file)
    documents = []
    for article in articles:
        sentences = default_sentences(article.text)
        for annotation in article.annotations:
            documents.append((article.text, sentences, annotation.attributions))
    return train_crf(
        prepare(documents, featurizer, encoder),
        out_path,
        seed=seed,
        params=params,
        encoder_file=encoder_file,
    )
