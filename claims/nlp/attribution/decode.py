"""From BIO labels to attributions: chunking, linking roles to cues, repairing spans."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from .lexicon import ANONYMOUS_NOUNS, NOT_NAMES, REPORTING_VERBS
from .tokens import Token

# How many sentences away (within the paragraph) a source or content may sit from its cue.
NEARBY_SENTENCES = 10
SHARING_WORDS = frozenset({"and", "but", "also", ","})
# Subject pronouns that can be a source on their own ("he said", "who added").
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "who"})
# Words that may stand between a subject and its cue ("Doe has also said", "Doe on Friday said").
_BETWEEN = frozenset(
    {"also", "has", "have", "had", "was", "were", "is", "are", "will", "would", "later", "’s", "'s"}
)
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "this", "these"})
# "Doe on Tuesday said": a day between subject and cue.
_DAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today"}
)


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
    paragraph without a cue joins the last cue before it ("…,” he said. ⏎ “…”). A cue left
    without a source takes the subject its syntax implies (a name or pronoun next to it, the
    subject opening its sentence, the agent of a passive; see docs/attribution.md), and a
    passive cue drops a subject source ("X was accused of").
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

    # A cue still without a source takes the subject next to it: "…, said Jane Doe." /
    # "Jane Doe (D-Mo.) said" / "he said"; PolNeAR rarely leaves such cues sourceless.
    owner = [-1] * len(tokens)
    for k, c in enumerate(chunks):
        for i in range(c.start, c.end + 1):
            owner[i] = k
    for item in linked:
        if _passive(tokens, item.cue):
            # The subject of "X was accused of" is the target, not the source; the agent
            # after "by" is ("was first reported by The Post").
            if item.source is not None and item.source.end < item.cue.start:
                item.source = None
            if item.source is None:
                item.source = _agent(tokens, item.cue, owner, chunks)
            continue
        if item.source is None:
            item.source = _opening_participle(tokens, item.cue, owner, chunks)
        if item.source is None:
            found = _adjacent_subject(tokens, item.cue, owner, chunks)
            if found is None:
                found = _clause_subject(tokens, item.cue, owner, chunks)
            if found is not None:
                item.source = found

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


_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "’s", "'s"})


def _passive(tokens: Sequence[Token], cue: Chunk) -> bool:
    """ "was accused of", "has been criticized": the subject of a passive cue is no source."""
    words = [tokens[k].text.lower() for k in range(cue.start, cue.end + 1)]
    return any(
        a in _BE and (b.endswith(("ed", "en", "wn", "ght")) or b in {"said", "told"})
        for a, b in itertools.pairwise(words)
    )


def _capital(tokens: Sequence[Token], i: int) -> bool:
    word = tokens[i].text
    return word[:1].isupper() and word.lower() not in SUBJECT_PRONOUNS


def _named(tokens: Sequence[Token], a: int, b: int) -> bool:
    """A capitalised run that holds more than function words ("The", "And", "After")."""
    return any(
        tokens[k].text.lower() not in NOT_NAMES and tokens[k].text.lower() not in _DAYS
        for k in range(a, b + 1)
    )


def _subject_chunk(
    tokens: Sequence[Token], a: int, b: int, owner: Sequence[int], chunks: Sequence[Chunk]
) -> Chunk | None:
    """The source chunk covering tokens ``a..b``: an untagged run, or a tagged source."""
    roles = {chunks[owner[i]].role for i in range(a, b + 1) if owner[i] >= 0}
    if roles - {"S"}:
        return None
    if roles:
        return chunks[owner[a]] if owner[a] >= 0 else chunks[owner[b]]
    return Chunk("S", a, b, 0.5)


def _adjacent_subject(
    tokens: Sequence[Token], cue: Chunk, owner: Sequence[int], chunks: Sequence[Chunk]
) -> Chunk | None:
    """A name, pronoun or anonymous noun right before a cue, or a name right after it."""
    n = len(tokens)
    sentence = tokens[cue.start].sentence
    # Inverted: "…,” said Jane Doe." — a reporting verb followed by a capitalised run.
    if tokens[cue.end].text.lower() in REPORTING_VERBS:
        j = cue.end + 1
        while j < n and tokens[j].sentence == sentence and _capital(tokens, j):
            j += 1
        if j > cue.end + 1 and _named(tokens, cue.end + 1, j - 1):
            return _subject_chunk(tokens, cue.end + 1, j - 1, owner, chunks)
    # Preceding: "Jane Doe (D-Mo.) has also said", "he said", "officials said".
    i = cue.start - 1
    while i >= 0 and tokens[i].sentence == sentence:
        if tokens[i].text == ")":
            while i >= 0 and tokens[i].text != "(" and tokens[i].sentence == sentence:
                i -= 1
            i -= 1
            continue
        if tokens[i].text.lower() in _BETWEEN:
            i -= 1
            continue
        if tokens[i].text.lower() in _DAYS and i > 0 and tokens[i - 1].text.lower() == "on":
            i -= 2
            continue
        break
    if i < 0 or tokens[i].sentence != sentence or not tokens[i].is_word:
        return None
    word = tokens[i].text.lower()
    if word in SUBJECT_PRONOUNS or word in ANONYMOUS_NOUNS:
        return _subject_chunk(tokens, i, i, owner, chunks)
    if word not in NOT_NAMES and not _capital(tokens, i):
        # "the governor said", "his attorney has said": a short noun phrase after a determiner.
        for a in range(i - 1, max(i - 5, -1), -1):
            if tokens[a].sentence != sentence or not tokens[a].is_word:
                break
            if tokens[a].text.lower() in _DETERMINERS:
                return _subject_chunk(tokens, a, i, owner, chunks)
            if tokens[a].text.lower() in NOT_NAMES or tokens[a].text.lower() in _BETWEEN:
                break
        return None
    if _capital(tokens, i):
        a = i
        while a > 0 and tokens[a - 1].sentence == sentence and _capital(tokens, a - 1):
            a -= 1
        if _named(tokens, a, i):
            return _subject_chunk(tokens, a, i, owner, chunks)
    return None


_PREPOSITIONS = frozenset(
    {"on", "in", "at", "during", "after", "before", "for", "following", "since", "with", "as"}
)


def _clause_subject(
    tokens: Sequence[Token], cue: Chunk, owner: Sequence[int], chunks: Sequence[Chunk]
) -> Chunk | None:
    """ "Doe spoke to donors, promising …" — a participle after a comma (or a verb after
    "and") shares the subject that opens the sentence: a name or a pronoun."""
    i = cue.start
    word = tokens[i].text.lower()
    j = i - 1
    while j > 0 and (tokens[j].text.lower().endswith("ly") or tokens[j].text.lower() == "perhaps"):
        j -= 1  # "…, perhaps recognizing"
    preceding = tokens[j].text.lower() if j >= 0 else ""
    participle = word.endswith("ing") and preceding in {",", "by"}
    if not participle and preceding not in {"and", ","}:
        return None
    sentence = tokens[i].sentence
    a = i
    while a > 0 and tokens[a - 1].sentence == sentence:
        a -= 1
    while a < i and not tokens[a].is_word:
        a += 1
    if tokens[a].text.lower() in _PREPOSITIONS:
        comma = next((k for k in range(a, i) if tokens[k].text == ","), None)
        if comma is None:
            return None
        a = comma + 1
        while a < i and (not tokens[a].is_word or tokens[a].text.lower() in {"however"}):
            a += 1
    if a >= i:
        return None
    if tokens[a].text.lower() in SUBJECT_PRONOUNS - {"who", "it"}:
        return _subject_chunk(tokens, a, a, owner, chunks)
    if not _capital(tokens, a):
        return None
    b = a
    while b + 1 < i and _capital(tokens, b + 1):
        b += 1
    if not _named(tokens, a, b):
        return None
    if b + 1 < i and (tokens[b + 1].text[:1].islower() or tokens[b + 1].text == ","):
        return _subject_chunk(tokens, a, b, owner, chunks)
    return None


_NP_END = frozenset({"in", "on", "at", "for", "that", "to", "which", "who", "when", "after"})


def _agent(
    tokens: Sequence[Token], cue: Chunk, owner: Sequence[int], chunks: Sequence[Chunk]
) -> Chunk | None:
    """The noun phrase after the "by" that closes or follows a passive cue."""
    n = len(tokens)
    sentence = tokens[cue.start].sentence
    b = cue.end + 1
    if tokens[cue.end].text.lower() != "by":
        if b >= n or tokens[b].text.lower() != "by":
            return None
        b += 1
    e = b
    while (
        e < n
        and e - b < 6
        and tokens[e].sentence == sentence
        and tokens[e].is_word
        and tokens[e].text.lower() not in _NP_END
    ):
        e += 1
    return _subject_chunk(tokens, b, e - 1, owner, chunks) if e > b else None


def _opening_participle(
    tokens: Sequence[Token], cue: Chunk, owner: Sequence[int], chunks: Sequence[Chunk]
) -> Chunk | None:
    """ "Citing a threat, the court ruled …" / "After saying …, she …": a participle that
    opens the sentence has the subject of the clause after its comma as source."""
    sentence = tokens[cue.start].sentence
    first = cue.start
    while first > 0 and tokens[first - 1].sentence == sentence:
        first -= 1
    while first < cue.start and not tokens[first].is_word:
        first += 1
    lead = cue.start - first
    if not tokens[cue.start].text.lower().endswith("ing") or lead > 1:
        return None
    if lead == 1 and tokens[first].text.lower() not in {"after", "before", "while", "when"}:
        return None
    n = len(tokens)
    comma = cue.end + 1
    while comma < n and tokens[comma].sentence == sentence and tokens[comma].text != ",":
        comma += 1
    a = comma + 1
    if a >= n or tokens[a].sentence != sentence:
        return None
    if tokens[a].text.lower() in SUBJECT_PRONOUNS - {"who", "it"}:
        return _subject_chunk(tokens, a, a, owner, chunks)
    b = a
    while b + 1 < n and tokens[b + 1].sentence == sentence and _capital(tokens, b + 1):
        b += 1
    if _capital(tokens, a) and _named(tokens, a, b):
        return _subject_chunk(tokens, a, b, owner, chunks)
    return None
