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


def is_name_word(tokens: Sequence[Token], i: int, mid_caps: frozenset[str] | None = None) -> bool:
    word = tokens[i].text
    if not word[:1].isupper():
        return False
    lower = word.lower()
    if lower in NOT_NAMES or lower in ANONYMOUS_NOUNS or lower in PRONOUNS:
        return False
    # A title alone ("President", "Spokesman") is not a name, but "President Obama" is.
    if lower in TITLES:
        return False
    if mid_caps is not None and _sentence_initial(tokens, i) and word not in mid_caps:
        # "Harbor council spokesman:" — a capital that only sentence position explains. A
        # name shows up capitalised mid-sentence somewhere in the article, or runs on.
        return i + 1 < len(tokens) and is_name_word(tokens, i + 1)
    return True


def _sentence_initial(tokens: Sequence[Token], i: int) -> bool:
    j = i - 1
    while j >= 0 and not tokens[j].is_word and tokens[j].sentence == tokens[i].sentence:
        j -= 1
    return j < 0 or tokens[j].sentence != tokens[i].sentence


def mid_sentence_capitals(tokens: Sequence[Token]) -> frozenset[str]:
    """Capitalised words seen somewhere not at the start of a sentence."""
    return frozenset(
        t.text
        for i, t in enumerate(tokens)
        if t.text[:1].isupper() and t.is_word and not _sentence_initial(tokens, i)
    )


def name_in(
    tokens: Sequence[Token], indices: Sequence[int], mid_caps: frozenset[str] | None = None
) -> Span | None:
    """The longest run of adjacent name words among ``indices`` (as a character span)."""
    best: tuple[int, int] | None = None
    run: list[int] = []
    for i in indices:
        if not is_name_word(tokens, i, mid_caps):
            run = []
            continue
        run = [*run, i] if run and i == run[-1] + 1 else [i]
        if best is None or run[-1] - run[0] > best[1] - best[0]:
            best = (run[0], run[-1])
    if best is None:
        return None
    return tokens[best[0]].start, tokens[best[1]].end


# People nouns: a source whose head is one of these is an unnamed person or group, however
# it is qualified ("four current U.S. officials", "a Russian foreign ministry official",
# "Trump advisers", "a person familiar with …").
PEOPLE_NOUNS = frozenset(
    (ANONYMOUS_NOUNS - {"report", "reports", "document", "documents", "some", "many"})
    | TITLES
    | {"delegate", "delegates", "staff", "officers", "representatives", "executives"}
    | {"executive", "employee", "employees", "residents", "resident", "voters", "voter"}
    | {"investigators", "prosecutors", "prosecutor", "agents", "agent", "authorities"}
)
# Words that end a source's core noun phrase: what follows modifies it ("officials familiar
# with …", "a spokesman for the embassy", "the people who described …", "Jane Doe on Monday").
_POST_MODIFIERS = frozenset(
    [
        "of",
        "for",
        "at",
        "in",
        "with",
        "from",
        "familiar",
        "who",
        "whom",
        "whose",
        "that",
        "which",
        "close",
        "involved",
        "on",
        "to",
        "by",
        "knowledgeable",
        "briefed",
        "speaking",
        "said",
        "says",
        "told",
        "according",
        "today",
        "yesterday",
        "tonight",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_SEPARATORS = frozenset({",", ";", "(", ")", "—", "–", "―", ":"})
_CONJUNCTIONS = frozenset({"and", "or", "&", "including", "plus", "nor"})


def source_heads(tokens: Sequence[Token], source: Sequence[int]) -> list[list[int]]:
    """The core noun phrases of a source (word indices), the head being each one's last word.

    The source is cut into appositions at commas and brackets and into conjuncts at "and",
    "or", "including"; each part keeps its words up to the first post-modifier ("of",
    "familiar", "who", "on Monday").
    """
    parts: list[list[int]] = [[]]
    for k, i in enumerate(source):
        if k and any(tokens[j].text in _SEPARATORS for j in range(source[k - 1] + 1, i)):
            parts.append([])
        if tokens[i].text.lower() in _CONJUNCTIONS:
            parts.append([])
            continue
        parts[-1].append(i)
    cores = []
    for part in parts:
        core: list[int] = []
        for i in part:
            if core and tokens[i].text.lower() in _POST_MODIFIERS:
                break
            core.append(i)
        while core and tokens[core[-1]].text.lower() in {"’s", "'s"}:
            core.pop()
        if core:
            cores.append(core)
    return cores


def source_form(
    tokens: Sequence[Token], source: Sequence[int], mid_caps: frozenset[str] | None = None
) -> SourceForm:
    """``named`` when the head of a core noun phrase is a name ("Sen. Jane Doe", "The White
    House", "Trump and his aides"); ``anonymous`` when no head is and one is a people noun
    ("four current U.S. officials", "a person familiar with …") or an anonymity phrase is
    used; ``named`` for a name that only qualifies another head ("the Obama
    administration"); else ``descriptive``."""
    if not source:
        return "none"
    words = [tokens[i].text.lower() for i in source]
    if len(words) == 1 and words[0] in PRONOUNS:
        return "pronoun"
    heads = [core[-1] for core in source_heads(tokens, source)]
    if any(is_name_word(tokens, h, mid_caps) for h in heads):
        return "named"
    phrase = " ".join(words)
    if any(tokens[h].text.lower() in PEOPLE_NOUNS for h in heads) or any(
        p in phrase for p in ANONYMITY_PHRASES
    ):
        return "anonymous"
    if name_in(tokens, source, mid_caps) is not None:
        return "named"
    if any(w in ANONYMOUS_NOUNS for w in words):
        return "anonymous"
    return "descriptive"


def source_name_in(
    tokens: Sequence[Token], source: Sequence[int], mid_caps: frozenset[str] | None = None
) -> Span | None:
    """The name a named source is matched by: the name run holding a core's head, else
    the longest name run of the source."""
    for core in source_heads(tokens, source):
        if is_name_word(tokens, core[-1], mid_caps):
            found = name_in(tokens, core, mid_caps)
            if found is not None:
                return found
    return name_in(tokens, source, mid_caps)


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
        (tokens_in(tokens, starts, src), tokens_in(tokens, starts, con))
        for src, con in attributions
    ]
    mid_caps = mid_sentence_capitals(tokens)
    named_sources: list[tuple[int, Span]] = []  # (position, name span) in document order
    forms: list[SourceForm] = []
    names: list[Span | None] = []
    for src, _con in infos:
        form = source_form(tokens, src, mid_caps)
        name = source_name_in(tokens, src, mid_caps) if form == "named" else None
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
            antecedent = _resolve(tokens, src[0], named_sources, mid_caps)
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
    tokens: Sequence[Token],
    index: int,
    named_sources: Sequence[tuple[int, Span]],
    mid_caps: frozenset[str],
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
            if not is_name_word(tokens, k, mid_caps):
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
            if is_name_word(tokens, j, mid_caps) and is_name_word(tokens, j - 1, mid_caps):
                k = j - 1
                while k > 0 and is_name_word(tokens, k - 1, mid_caps):
                    k -= 1
                return tokens[k].start, tokens[j].end
            j -= 1
    return None
