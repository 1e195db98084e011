"""From BIO labels to attributions: chunking, linking roles to cues, repairing spans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .tokens import Token


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

    Sources go to the nearest cue of their sentence (one source per cue, closest pairs
    first). Content goes to the nearest cue of its sentence, else the nearest cue of its
    paragraph; a quotation continuing in a paragraph without a cue joins the last cue of the
    previous paragraphs ("…,” he said. ⏎ “…”).
    """
    cues = [c for c in chunks if c.role == "C"]
    linked = [Linked(c) for c in cues]
    if not cues:
        return []
    by_sentence: dict[int, list[int]] = {}
    by_paragraph: dict[int, list[int]] = {}
    for k, c in enumerate(cues):
        by_sentence.setdefault(tokens[c.start].sentence, []).append(k)
        by_paragraph.setdefault(tokens[c.start].paragraph, []).append(k)

    # Sources: closest (source, cue) pairs first, same sentence before same paragraph.
    pairs = []
    for s in (c for c in chunks if c.role == "S"):
        s_sentence = tokens[s.start].sentence
        for k in by_paragraph.get(tokens[s.start].paragraph, []):
            other = tokens[cues[k].start].sentence != s_sentence
            pairs.append((other, _gap(s, cues[k]), s.start, k, s))
    pairs.sort(key=lambda p: p[:3])
    taken: set[int] = set()
    for _other, _gap_size, s_start, k, s in pairs:
        if s_start in taken or linked[k].source is not None:
            continue
        linked[k].source = s
        taken.add(s_start)

    for t in (c for c in chunks if c.role == "T"):
        sentence, paragraph = tokens[t.start].sentence, tokens[t.start].paragraph
        candidates = by_sentence.get(sentence) or by_paragraph.get(paragraph)
        if candidates:
            k = min(candidates, key=lambda k: (_gap(t, cues[k]), cues[k].start))
            linked[k].contents.append(t)
            continue
        if tokens[t.start].in_quote or (t.start > 0 and tokens[t.start - 1].text in '“"'):
            earlier = [k for k, c in enumerate(cues) if c.end < t.start]
            if earlier and paragraph - tokens[cues[earlier[-1]].start].paragraph <= 4:
                linked[earlier[-1]].contents.append(t)
    return linked
