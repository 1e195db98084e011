"""Rules that repair the tagger's spans before linking.

Each rule is small and measured on dev (see docs/attribution.md); the suggester applies the
ones in ``DEFAULT_RULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .decode import Chunk
from .kinds import is_name_word
from .tokens import CLOSING_QUOTES, OPENING_QUOTES, QUOTE_MARKS, Token

Rule = Callable[[Sequence[Token], list[Chunk]], list[Chunk]]
_TELL = frozenset({"told", "tells", "telling", "tell"})
_CLAUSE_END = frozenset({".", ",", ";", "!", "?", "”", '"'})


def _owner(n: int, chunks: Sequence[Chunk]) -> list[int]:
    owner = [-1] * n
    for k, c in enumerate(chunks):
        for i in range(c.start, c.end + 1):
            owner[i] = k
    return owner


def cue_with_recipient(tokens: Sequence[Token], chunks: list[Chunk]) -> list[Chunk]:
    """ "told Reuters." — a named recipient that closes the clause belongs to the cue."""
    owner = _owner(len(tokens), chunks)
    n = len(tokens)
    for c in chunks:
        if c.role != "C" or tokens[c.end].text.lower() not in _TELL:
            continue
        sentence = tokens[c.end].sentence
        j = c.end + 1
        while (
            j < n
            and j - c.end <= 4
            and owner[j] < 0
            and tokens[j].sentence == sentence
            and is_name_word(tokens, j)
        ):
            j += 1
        if j == c.end + 1:
            continue
        if j >= n or tokens[j].sentence != sentence or tokens[j].text in _CLAUSE_END:
            c.end = j - 1
    return chunks


def _quotation(tokens: Sequence[Token], i: int) -> tuple[int, int] | None:
    """First and last token inside the quotation around token ``i`` (same paragraph)."""
    if not tokens[i].in_quote:
        return None
    a = i
    while a > 0 and tokens[a - 1].in_quote and tokens[a - 1].paragraph == tokens[i].paragraph:
        a -= 1
    b = i
    while (
        b + 1 < len(tokens)
        and tokens[b + 1].in_quote
        and tokens[b + 1].paragraph == tokens[i].paragraph
    ):
        b += 1
    return a, b


def content_whole_quotation(tokens: Sequence[Token], chunks: list[Chunk]) -> list[Chunk]:
    """Content that covers most of a quotation covers all of it."""
    owner = _owner(len(tokens), chunks)
    for k, c in enumerate(chunks):
        if c.role != "T":
            continue
        quote = _quotation(tokens, c.start)
        if quote is None or not all(tokens[i].in_quote for i in range(c.start, c.end + 1)):
            continue
        a, b = quote
        if any(owner[i] not in (-1, k) for i in range(a, b + 1)):
            continue
        if (c.end - c.start + 1) * 2 >= b - a + 1:
            c.start, c.end = a, b
            for i in range(a, b + 1):
                owner[i] = k
    return chunks


def content_to_sentence_end(tokens: Sequence[Token], chunks: list[Chunk]) -> list[Chunk]:
    """Content stopping a word or two short of its sentence's end runs to the end."""
    owner = _owner(len(tokens), chunks)
    for c in chunks:
        if c.role != "T":
            continue
        j = c.end + 1
        last_word = c.end
        while j < len(tokens) and tokens[j].sentence == tokens[c.end].sentence and j - c.end <= 3:
            if owner[j] >= 0 or tokens[j].text in QUOTE_MARKS:
                break
            if tokens[j].is_word:
                last_word = j
            j += 1
        else:
            if j >= len(tokens) or tokens[j].sentence != tokens[c.end].sentence:
                c.end = last_word
    return chunks


def quotation_for_bare_cue(tokens: Sequence[Token], chunks: list[Chunk]) -> list[Chunk]:
    """A cue with no content next to an untagged quotation ("X said: “…”") takes it."""
    owner = _owner(len(tokens), chunks)
    with_content = {tokens[c.start].sentence for c in chunks if c.role == "T"}
    added = []
    for c in chunks:
        if c.role != "C" or tokens[c.start].sentence in with_content:
            continue
        for j in range(c.end + 1, min(len(tokens), c.end + 4)):
            if tokens[j].text in OPENING_QUOTES or (
                tokens[j].text == '"' and j + 1 < len(tokens) and tokens[j + 1].in_quote
            ):
                quote = _quotation(tokens, j + 1) if j + 1 < len(tokens) else None
                if quote and all(owner[i] < 0 for i in range(quote[0], quote[1] + 1)):
                    added.append(Chunk("T", quote[0], quote[1], c.confidence))
                break
            if owner[j] >= 0 and chunks[owner[j]].role != "S":
                break
    return sorted([*chunks, *added], key=lambda c: c.start)


def content_for_bare_cue(tokens: Sequence[Token], chunks: list[Chunk]) -> list[Chunk]:
    """A cue whose sentence has no content gets the clause its position implies.

    "CONTENT, said Mayor Jane Doe." — the words before the comma that precedes the cue;
    "Maria Lopez told Reuters the factory would close." — the words after the cue (and after
    a named recipient). Only untagged words are taken, and at least three of them.
    """
    owner = _owner(len(tokens), chunks)
    with_content = {tokens[c.start].sentence for c in chunks if c.role == "T"}
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, tok in enumerate(tokens):
        first.setdefault(tok.sentence, i)
        last[tok.sentence] = i
    added = []
    for c in chunks:
        sentence = tokens[c.start].sentence
        if c.role != "C" or sentence in with_content:
            continue
        start, end = first[sentence], last[sentence]
        while end > c.end and not tokens[end].is_word:
            end -= 1
        comma = next((k for k in range(c.start - 1, start, -1) if tokens[k].text == ","), None)
        span: tuple[int, int] | None = None
        if end - c.end <= 6 and comma is not None:
            if all(owner[k] < 0 or chunks[owner[k]].role == "S" for k in range(comma, c.start)):
                span = (start, comma - 1)
        elif end - c.end >= 3:
            k = c.end + 1
            if tokens[c.end].text.lower() in _TELL:
                while k <= end and is_name_word(tokens, k) and owner[k] < 0:
                    k += 1
            span = (k, end)  # a leading "that" stays: PolNeAR keeps it in the content
        if span is None:
            continue
        a, b = span
        while a <= b and not tokens[a].is_word:
            a += 1
        while b >= a and not tokens[b].is_word:
            b -= 1
        words = [k for k in range(a, b + 1) if tokens[k].is_word]
        if len(words) >= 3 and all(owner[k] < 0 for k in range(a, b + 1)):
            added.append(Chunk("T", a, b, c.confidence))
            with_content.add(sentence)
            for k in range(a, b + 1):
                owner[k] = len(chunks)
    return sorted([*chunks, *added], key=lambda c: c.start)


_DASHES = frozenset("―—–")


def dash_signature(tokens: Sequence[Token], chunks: list[Chunk]) -> list[Chunk]:
    """ "“…” ― Jane Doe" at the end of a line: the dash is the cue, the name the source."""
    owner = _owner(len(tokens), chunks)
    n = len(tokens)
    added: list[Chunk] = []
    for i, tok in enumerate(tokens):
        if tok.text not in _DASHES or owner[i] >= 0 or i == 0:
            continue
        if tokens[i - 1].text not in CLOSING_QUOTES | {'"'}:
            continue
        j = i + 1
        while j < n and tokens[j].paragraph == tok.paragraph:
            initial = len(tokens[j].text) == 1 and tokens[j].text.isupper() and j > i + 1
            if is_name_word(tokens, j) or initial:
                j += 1
            elif tokens[j].text == "." and len(tokens[j - 1].text) == 1 and j > i + 1:
                j += 1  # an initial: "Julie A. Diaz"
            else:
                break
        end = j
        if j < n and tokens[j].text == "." and tokens[j].paragraph == tok.paragraph:
            j += 1  # "― Jane Doe."
        line_ends = j >= n or tokens[j].paragraph != tok.paragraph or tokens[end].text == ","
        if end == i + 1 or not line_ends or any(owner[k] >= 0 for k in range(i + 1, end)):
            continue
        quote = _quotation(tokens, i - 2) if i >= 2 else None
        added.append(Chunk("C", i, i, 0.5))
        added.append(Chunk("S", i + 1, end - 1, 0.5))
        if quote and all(owner[k] < 0 for k in range(quote[0], quote[1] + 1)):
            added.append(Chunk("T", quote[0], quote[1], 0.5))
    return sorted([*chunks, *added], key=lambda c: c.start)


def transcript_speaker(tokens: Sequence[Token], chunks: list[Chunk]) -> list[Chunk]:
    """ "DOE: We will win." — a line opening with a speaker in capitals and a colon (a
    transcript): the colon is the cue, the speaker the source, the rest of the line the
    content."""
    owner = _owner(len(tokens), chunks)
    n = len(tokens)
    added: list[Chunk] = []
    for i, tok in enumerate(tokens):
        if i > 0 and tokens[i - 1].paragraph == tok.paragraph:
            continue
        a = i
        while a < n and tokens[a].paragraph == tok.paragraph and tokens[a].text in QUOTE_MARKS:
            a += 1
        b = a
        while (
            b < n
            and b - a < 3
            and tokens[b].paragraph == tok.paragraph
            and tokens[b].is_word
            and len(tokens[b].text) > 1
            and tokens[b].text.isupper()
        ):
            b += 1
        if b == a or b >= n or tokens[b].text != ":" or tokens[b].paragraph != tok.paragraph:
            continue
        if any(owner[k] >= 0 and chunks[owner[k]].role != "S" for k in range(a, b + 1)):
            continue
        end = b + 1
        while end < n and tokens[end].paragraph == tok.paragraph:
            end += 1
        last = end - 1
        while last > b and not tokens[last].is_word:
            last -= 1
        added.append(Chunk("C", b, b, 0.5))
        if all(owner[k] < 0 for k in range(a, b)):
            added.append(Chunk("S", a, b - 1, 0.5))
        if last > b and all(owner[k] < 0 for k in range(b + 1, last + 1)):
            added.append(Chunk("T", b + 1, last, 0.5))
    return sorted([*chunks, *added], key=lambda c: c.start)


def source_after_quotation(tokens: Sequence[Token], chunks: list[Chunk]) -> list[Chunk]:
    """ "“…,” Jane Doe (D-Ore.) said." — content that runs past its closing quote mark up to
    a cue ends at the quote; the words between quote and cue are the source."""
    owner = _owner(len(tokens), chunks)
    added: list[Chunk] = []
    for c in chunks:
        if c.role != "T" or not tokens[c.start].in_quote:
            continue
        close = next(
            (
                k
                for k in range(c.start + 1, c.end)
                if tokens[k].text in CLOSING_QUOTES | {'"'} and not tokens[k].in_quote
            ),
            None,
        )
        if close is None or not any(tokens[k].is_word for k in range(close + 1, c.end + 1)):
            continue
        nxt = c.end + 1
        while nxt < len(tokens) and not tokens[nxt].is_word and nxt - c.end <= 3:
            nxt += 1
        if nxt >= len(tokens) or owner[nxt] < 0 or chunks[owner[nxt]].role != "C":
            continue
        if tokens[nxt].sentence != tokens[c.end].sentence:
            continue
        a, b = close + 1, c.end
        while not tokens[a].is_word:
            a += 1
        added.append(Chunk("S", a, b, c.confidence))
        c.end = close - 1
        while c.end > c.start and not tokens[c.end].is_word:
            c.end -= 1
    return sorted([*chunks, *added], key=lambda c: c.start)


DEFAULT_RULES: tuple[Rule, ...] = (
    transcript_speaker,
    dash_signature,
    source_after_quotation,
    cue_with_recipient,
    content_whole_quotation,
    content_to_sentence_end,
    quotation_for_bare_cue,
    content_for_bare_cue,
)


def apply_rules(
    tokens: Sequence[Token], chunks: list[Chunk], rules: Sequence[Rule] = DEFAULT_RULES
) -> list[Chunk]:
    for rule in rules:
        chunks = rule(tokens, chunks)
    return chunks
