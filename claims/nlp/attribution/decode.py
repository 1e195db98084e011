"""From BIO labels to attributions: chunking, linking roles to cues, repairing spans."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from .tokens import Token

# How many sentences away (within the paragraph) a source or content may sit from its cue.
NEARBY_SENTENCES = 10
SHARING_WORDS = frozenset({"and", "but", "also", ","})


@dataclass(slots=True)
class Chunk:
    role: str  # "S", "C" or "T"
    start: int  # first token index
    end: int  # last token index (inclusive)
    confidence: float


@dataclass(slots=True)
class Linked:
    cue: Chunk
    source: Chunk | None = None
    contents: list[Chunk] = field(default_factory=list)


def chunks_from_labels(
    tokens: Sequence[Token], labels: Sequence[str], confidence: Sequence[float]
) -> list[Chunk]:
    """Contiguous role runs; an I- without its B- starts a chunk (constrained decoding)."""
    found: list[Chunk] = []
    current: Chunk | None = None
    total = 0.0
    for i, label in enumerate(labels):
        role = label[2:] if label != "O" else ""
        continues = (
            current is not None
            and label.startswith("I-")
            and role == current.role
            and tokens[i].paragraph == tokens[current.end].paragraph
        )
        if continues and current is not None:
            current.end = i
            total += confidence[i]
            continue
        if current is not None:
            current.confidence = total / (current.end - current.start + 1)
            found.append(current)
            current = None
        if role:
            current, total = Chunk(role, i, i, 0.0), confidence[i]
    if current is not None:
        current.confidence = total / (current.end - current.start + 1)
        found.append(current)
    # Punctuation-only chunks carry nothing, except the cue ":" of "Spokesman: “…”" lines;
    # other chunks are trimmed to their first and last word.
    kept = []
    for c in found:
        if not any(tokens[k].is_word for k in range(c.start, c.end + 1)):
            if c.role == "C":
                kept.append(c)
            continue
        while not tokens[c.start].is_word:
            c.start += 1
        while not tokens[c.end].is_word:
            c.end -= 1
        kept.append(c)
    return kept


def _gap(a: Chunk, b: Chunk) -> int:
    if a.end < b.start:
        return b.start - a.end - 1
    if b.end < a.start:
        return a.start - b.end - 1
    return 0


def link(tokens: Sequence[Token], chunks: Sequence[Chunk]) -> list[Linked]:
    """Attach every source and content chunk to a cue; each cue makes one attribution.

    Sources go to the nearest cue of their sentence, else of a nearby sentence of their
    paragraph (one source per cue, closest pairs first). Content goes to the nearest cue of
    its sentence, else of a nearby sentence of its paragraph; a quotation continuing in a
    paragraph without a cue joins the last cue before it ("…,” he said. ⏎ “…”).
    """
    cues = [c for c in chunks if c.role == "C"]
    linked = [Linked(c) for c in cues]
    if not cues:
        return []
    by_sentence: dict[int, list[int]] = {}
    for k, c in enumerate(cues):
        by_sentence.setdefault(tokens[c.start].sentence, []).append(k)

    def nearby(chunk: Chunk) -> list[int]:
        """Cues of the paragraph within a few sentences (keeps one-line articles linear)."""
        sentence, paragraph = tokens[chunk.start].sentence, tokens[chunk.start].paragraph
        return [
            k
            for other in range(sentence - NEARBY_SENTENCES, sentence + NEARBY_SENTENCES + 1)
            for k in by_sentence.get(other, ())
            if tokens[cues[k].start].paragraph == paragraph
        ]

    # Sources: closest (source, cue) pairs first, same sentence before same paragraph.
    pairs = []
    for s in (c for c in chunks if c.role == "S"):
        s_sentence = tokens[s.start].sentence
        for k in nearby(s):
            other = tokens[cues[k].start].sentence != s_sentence
            pairs.append((other, _gap(s, cues[k]), s.start, k, s))
    pairs.sort(key=lambda p: p[:3])
    taken: set[int] = set()
    for _other, _gap_size, s_start, k, s in pairs:
        if s_start in taken or linked[k].source is not None:
            continue
        linked[k].source = s
        taken.add(s_start)

    # "Trump said …, adding …" / "… and said": a second cue of the sentence without a source
    # of its own shares the source of the cue before it (PolNeAR shares such sources).
    for k in range(1, len(cues)):
        cue, previous = linked[k], linked[k - 1]
        if cue.source is not None or previous.source is None:
            continue
        if tokens[cue.cue.start].sentence != tokens[previous.cue.start].sentence:
            continue
        word = tokens[cue.cue.start].text.lower()
        preceding = tokens[cue.cue.start - 1].text.lower() if cue.cue.start else ""
        if word.endswith("ing") or preceding in SHARING_WORDS:
            cue.source = previous.source

    cue_ends = [c.end for c in cues]
    for t in (c for c in chunks if c.role == "T"):
        candidates = by_sentence.get(tokens[t.start].sentence) or nearby(t)
        if candidates:
            k = min(candidates, key=lambda k: (_gap(t, cues[k]), cues[k].start))
            linked[k].contents.append(t)
            continue
        if tokens[t.start].in_quote or (t.start > 0 and tokens[t.start - 1].text in '“"'):
            before = bisect.bisect_left(cue_ends, t.start) - 1
            paragraph = tokens[t.start].paragraph
            if before >= 0 and paragraph - tokens[cues[before].start].paragraph <= 4:
                linked[before].contents.append(t)
    return linked
