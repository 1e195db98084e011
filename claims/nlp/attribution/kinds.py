"""Kind rules shared by the suggester and the evaluator (so gold and predicted kinds agree).

* quote_form: ``direct`` when every word of the content lies inside quotation marks,
  ``mixed`` when some do, ``indirect`` when none do.
* source_form: ``none`` (no source), ``pronoun``, ``named`` (holds a proper name),
  ``anonymous`` ("sources", "officials familiar with …", "a person with knowledge of …")
  or ``descriptive`` (an unnamed description such as "the judge", "the report").
* kind: ``quoted`` for a direct quotation; otherwise ``sourced`` for a named source or a pronoun
  whose antecedent is a named source; otherwise ``anonymous``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .lexicon import (
    ANONYMITY_PHRASES,
    ANONYMOUS_NOUNS,
    NOT_NAMES,
    PERSONAL_PRONOUNS,
    PRONOUNS,
    TITLES,
)
from .tokens import Span, Token

Kind = Literal["quoted", "sourced", "anonymous"]
QuoteForm = Literal["direct", "mixed", "indirect"]
SourceForm = Literal["named", "pronoun", "descriptive", "anonymous", "none"]
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


@dataclass(frozen=True, slots=True)
class KindFacts:
    kind: Kind
    quote_form: QuoteForm
    source_form: SourceForm
    source_name: Span | None  # the proper name inside the source span
    antecedent: Span | None  # for a pronoun: the named source it refers to
    antecedent_name: str | None


def tokens_in(tokens: Sequence[Token], starts: Sequence[int], parts: Sequence[Span]) -> list[int]:
    """Indices of word tokens overlapping any of ``parts`` (``starts`` = token start offsets)."""
    found: list[int] = []
    for s, e in parts:
        i = max(0, bisect.bisect_right(starts, s) - 1)
        while i < len(tokens) and tokens[i].start < e:
            if tokens[i].end > s and tokens[i].is_word:
                found.append(i)
            i += 1
    return sorted(set(found))


def quote_form(tokens: Sequence[Token], content: Sequence[int]) -> QuoteForm:
    inside = sum(1 for i in content if tokens[i].in_quote)
    if content and inside == len(content):
        return "direct"
    return "mixed" if inside else "indirect"


def _is_name_word(tokens: Sequence[Token], i: int) -> bool:
    word = tokens[i].text
    if not word[:1].isupper():
        return False
    lower = word.lower()
    if lower in NOT_NAMES or lower in ANONYMOUS_NOUNS or lower in PRONOUNS:
        return False
    # A title alone ("President", "Spokesman") is not a name, but "President Obama" is.
    return lower not in TITLES


def name_in(tokens: Sequence[Token], indices: Sequence[int]) -> Span | None:
    """The longest run of adjacent name words among ``indices`` (as a character span)."""
    best: tuple[int, int] | None = None
    run: list[int] = []
    for i in indices:
        if not _is_name_word(tokens, i):
            run = []
            continue
        run = [*run, i] if run and i == run[-1] + 1 else [i]
        if best is None or run[-1] - run[0] > best[1] - best[0]:
            best = (run[0], run[-1])
    if best is None:
        return None
    return tokens[best[0]].start, tokens[best[1]].end


def source_form(tokens: Sequence[Token], source: Sequence[int], text: str) -> SourceForm:
    if not source:
        return "none"
    words = [tokens[i].text.lower() for i in source]
    if len(words) == 1 and words[0] in PRONOUNS:
        return "pronoun"
    if name_in(tokens, source) is not None:
        return "named"
    phrase = " ".join(words)
    if any(p in phrase for p in ANONYMITY_PHRASES) or any(w in ANONYMOUS_NOUNS for w in words):
        return "anonymous"
    return "descriptive"


def describe(
    text: str,
    tokens: Sequence[Token],
    attributions: Sequence[tuple[Sequence[Span], Sequence[Span]]],
) -> list[KindFacts]:
    """Kind facts for ``(source parts, content parts)`` pairs of one document.

    Pronouns are resolved against the named sources that precede them in the document (for
    personal pronouns also against any earlier run of capitalised words); relative pronouns
    ("X, who said") against the name just before them.
    """
    starts = [t.start for t in tokens]
    infos: list[tuple[list[int], list[int]]] = [
        (tokens_in(tokens, starts, src), tokens_in(tokens, starts, con)) for src, con in attributions
    ]
    named_sources: list[tuple[int, Span]] = []  # (position, name span) in document order
    forms: list[SourceForm] = []
    names: list[Span | None] = []
    for src, _con in infos:
        form = source_form(tokens, src, text)
        name = name_in(tokens, src) if form == "named" else None
        forms.append(form)
        names.append(name)
        if name is not None:
            named_sources.append((name[0], name))
    named_sources.sort()
    facts: list[KindFacts] = []
    for (src, con), form, name in zip(infos, forms, names, strict=True):
        qf = quote_form(tokens, con)
        antecedent = None
        if form == "pronoun":
            antecedent = _resolve(text, tokens, src[0], named_sources)
        if qf == "direct":
            kind: Kind = "quoted"
        elif form == "named" or antecedent is not None:
            kind = "sourced"
        else:
            kind = "anonymous"
        facts.append(
            KindFacts(
                kind,
                qf,
                form,
                name,
                antecedent,
                text[antecedent[0] : antecedent[1]] if antecedent else None,
            )
        )
    return facts


def _resolve(
    text: str, tokens: Sequence[Token], index: int, named_sources: Sequence[tuple[int, Span]]
) -> Span | None:
    word = tokens[index].text.lower()
    position = tokens[index].start
    if word in RELATIVE_PRONOUNS:
        # "Trump, who said …": the name right before the comma.
        j = index - 1
        while j >= 0 and not tokens[j].is_word and tokens[index].start - tokens[j].end < 4:
            j -= 1
        run = [k for k in range(max(0, j - 4), j + 1) if tokens[k].is_word]
        tail: list[int] = []
        for k in reversed(run):
            if not _is_name_word(tokens, k):
                break
            tail.insert(0, k)
        return (tokens[tail[0]].start, tokens[tail[-1]].end) if tail else None
    earlier = [span for start, span in named_sources if start < position]
    if earlier:
        return earlier[-1]
    if word in PERSONAL_PRONOUNS:
        # No named source yet: the last run of two or more name words before the pronoun.
        j = index - 1
        while j > 0:
            if _is_name_word(tokens, j) and _is_name_word(tokens, j - 1):
                k = j - 1
                while k > 0 and _is_name_word(tokens, k - 1):
                    k -= 1
                return tokens[k].start, tokens[j].end
            j -= 1
    return None
