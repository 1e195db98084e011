"""Ranking and independence for corroboration across articles (pure Python, no Django).

* ``terms``: folded text -> index terms (stop words dropped, a light English stemmer, words
  run together by bad extraction split apart), the same on both sides of every comparison.
* ``bm25``: Okapi BM25 of candidate texts for a query, with document frequencies supplied by
  the caller (the database counts them) so scores mean the same at 10 or 10 million rows.
* ``wire_origins``: the wire or outlet a passage rests on ("told Reuters", "according to the
  Associated Press") as stable keys.
* ``independence_groups``: supporting items grouped so that near-duplicate articles and items
  resting on the same wire, outlet or named source count once.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "STOP_WORDS",
    "Support",
    "SupportGroup",
    "bm25",
    "independence_groups",
    "query_terms",
    "stem",
    "terms",
    "wire_origins",
]

# The Snowball English stop list (what PostgreSQL's "english" configuration drops), so a
# query means the same on PostgreSQL and on SQLite FTS5, which keeps every word.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
    """.split()  # noqa: SIM905 - a word list reads best as text
)

_WORD = re.compile(r"[^\W_]+")
# Irregular forms that matter for news claims ("met" is "meet", "told" is "tell").
_IRREGULAR = {
    "met": "meet",
    "told": "tell",
    "said": "say",
    "says": "say",
    "saw": "see",
    "seen": "see",
    "went": "go",
    "gone": "go",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "held": "hold",
    "knew": "know",
    "known": "know",
    "thought": "think",
    "brought": "bring",
    "spoke": "speak",
    "spoken": "speak",
    "wrote": "write",
    "written": "write",
    "twice": "two",
    "men": "man",
    "women": "woman",
    "children": "child",
    "people": "person",
}
_VOWEL = re.compile("[aeiouy]")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer: irregular forms, plurals, -ing, -ed, -ly and a final -e.
    Crude on purpose: it only has to map a word and its inflections to one key."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    w = word
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed", "ly"):
        if w.endswith(suffix) and _VOWEL.search(w[: -len(suffix)]) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # "stopped" -> "stopp" -> "stop"
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


@functools.lru_cache(maxsize=65536)
def _split(token: str) -> tuple[str, ...]:
    """A token of words run together ("kislyakhad") as its words, else the token itself."""
    if len(token) < 8 or not token.isalpha():
        return (token,)
    from claims.nlp.runtogether import _known, propose_split

    spaced = propose_split(token)
    if spaced:
        return tuple(spaced.lower().split())
    # A name glued to a short verb ("kislyakhad"): the segmenter does not know the name.
    for tail in _GLUED_TAILS:
        if token.endswith(tail) and len(token) - len(tail) >= 5 and not _known(token):
            return (token[: -len(tail)], tail)
    return (token,)


_GLUED_TAILS = ("had", "has", "was", "said", "says", "met", "and", "the", "who")


def query_terms(folded: str) -> list[str]:
    """Distinct words of folded text worth searching for, in order, unstemmed (the database
    stems them its own way): stop words, one-letter words and run-together joins removed."""
    seen: dict[str, None] = {}
    for token in _WORD.findall(folded):
        for word in _split(token):
            if len(word) > 1 and word not in STOP_WORDS:
                seen.setdefault(word, None)
    return list(seen)


def terms(folded: str) -> list[str]:
    """Index terms of folded text: stop words dropped, stemmed, run-together words split."""
    out = []
    for token in _WORD.findall(folded):
        for word in _split(token):
            if len(word) > 1 and word not in STOP_WORDS:
                out.append(stem(word))
    return out


def bm25(
    query: Sequence[str],
    documents: Sequence[Sequence[str]],
    *,
    doc_freq: Mapping[str, int] | None = None,
    total_docs: int | None = None,
    k1: float = 1.2,
    b: float = 0.75,
    average_length: float | None = None,
    coordination: bool = False,
) -> list[float]:
    """Okapi BM25 of each document (a list of terms) for the query terms.

    ``doc_freq``/``total_docs`` describe the whole collection; without them the documents
    given are the collection. Query terms count once each. With ``coordination`` a score is
    scaled by the share of query terms the document contains (Lucene's classic coord), which
    favours a passage saying the same things over one repeating a single rare word.
    """
    if not documents:
        return []
    n = total_docs if total_docs is not None else len(documents)
    if doc_freq is None:
        counted: Counter[str] = Counter()
        for doc in documents:
            counted.update(set(doc))
        doc_freq = counted
    avg = average_length or (sum(len(d) for d in documents) / len(documents)) or 1.0
    unique_query = list(dict.fromkeys(query))
    idf = {}
    for term in unique_query:
        df = min(doc_freq.get(term, 0), n)
        idf[term] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    scores = []
    for doc in documents:
        tf = Counter(doc)
        norm = k1 * (1 - b + b * len(doc) / avg)
        score = 0.0
        matched = 0
        for term in unique_query:
            f = tf.get(term, 0)
            if f:
                matched += 1
                score += idf[term] * f * (k1 + 1) / (f + norm)
        if coordination and unique_query:
            score *= matched / len(unique_query)
        scores.append(score)
    return scores


# Wires and agencies whose copy outlets republish; the key is what counts once.
_WIRES = {
    "reuters": "reuters",
    "associated press": "associated press",
    "the associated press": "associated press",
    "ap": "associated press",
    "afp": "agence france-presse",
    "agence france-presse": "agence france-presse",
    "agence france presse": "agence france-presse",
    "bloomberg": "bloomberg",
    "bloomberg news": "bloomberg",
    "tass": "tass",
    "interfax": "interfax",
    "xinhua": "xinhua",
    "ria novosti": "ria novosti",
    "upi": "united press international",
    "united press international": "united press international",
    "dpa": "dpa",
}
_CUE = (
    r"(?:told|according\s+to|reported\s+by|first\s+reported\s+by"
    r"|said\s+in\s+an?\s+(?:interview|statement)\s+(?:with|to)"
    r"|in\s+an?\s+interview\s+with|speaking\s+to|confirmed\s+to)"
)
_NAME = r"((?:the\s+)?[A-Z][\w&.'-]*(?:\s+(?:of\s+)?[A-Z][\w&.'-]*){0,4})"
_CUE_BEFORE = re.compile(rf"\b{_CUE}\s+{_NAME}")
_NAME_REPORTED = re.compile(
    rf"\b{_NAME}\s+(?:reported|reports|first\s+reported|has\s+reported|was\s+first\s+to\s+report)\b"
)
_PAREN_WIRE = re.compile(
    r"\((Reuters|AP|AFP|Bloomberg)\)|^\s*[A-Z][A-Za-z .,]+\((Reuters|AP|AFP)\)"
)
_OUTLET_WORDS = re.compile(
    r"\b(?:times|post|journal|news|press|herald|tribune|guardian|telegraph|gazette|daily|"
    r"reuters|bloomberg|cnn|nbc|cbs|abc|msnbc|fox|bbc|npr|politico|axios|magazine|wire|"
    r"agency|network|channel|television|radio|newspaper|tass|interfax|xinhua|afp|ap)\b",
    re.IGNORECASE,
)


def _origin_key(name: str) -> str | None:
    folded = " ".join(name.replace("’", "'").split()).strip(" .,'").lower()
    folded = re.sub(r"'s$", "", folded)
    if folded in _WIRES:
        return "wire:" + _WIRES[folded]
    if folded.startswith("the ") and folded[4:] in _WIRES:
        return "wire:" + _WIRES[folded[4:]]
    if _OUTLET_WORDS.search(folded):
        return "outlet:" + re.sub(r"^the\s+", "", folded)
    return None


def wire_origins(text: str) -> set[str]:
    """Origin keys of the wires/outlets a passage credits: "told Reuters" and "(Reuters)" ->
    {"wire:reuters"}; "according to The Washington Post" -> {"outlet:washington post"}.
    Only named news organisations count; "according to officials" credits no outlet."""
    found: set[str] = set()
    for match in _CUE_BEFORE.finditer(text):
        name = match.group(1)
        # Longest prefix of the captured name that is a known origin ("Reuters on Friday").
        words = name.split()
        for size in range(len(words), 0, -1):
            key = _origin_key(" ".join(words[:size]))
            if key:
                found.add(key)
                break
    for match in _NAME_REPORTED.finditer(text):
        words = match.group(1).split()
        for size in range(len(words), 0, -1):
            key = _origin_key(" ".join(words[-size:]))
            if key:
                found.add(key)
                break
    for match in _PAREN_WIRE.finditer(text):
        key = _origin_key(match.group(1) or match.group(2))
        if key:
            found.add(key)
    # Words run together by bad extraction ("toReuters") still name the wire.
    for wire in ("reuters", "associated press"):
        if re.search(rf"(?:told|to|according\s*to)\s*{wire}", text, re.IGNORECASE):
            found.add("wire:" + _WIRES[wire])
    return found


@dataclass(frozen=True, slots=True)
class Support:
    """One supporting item: a linked claim in another article."""

    key: int  # the caller's id (the link or the claim)
    article: int
    cluster: int | None = None  # near-duplicate cluster of the article
    origins: frozenset[str] = frozenset()  # wire/outlet keys and "source:<id>" keys


@dataclass(slots=True)
class SupportGroup:
    """Items that count once, with why they were put together."""

    items: list[Support] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[int]:
        return sorted({s.article for s in self.items})


def independence_groups(
    supports: Iterable[Support], *, own_article: int, own_cluster: int | None = None
) -> tuple[list[SupportGroup], list[Support]]:
    """Group supports so each group is one independent origin.

    Two supports join when their articles are the same or near-duplicates (same cluster), or
    when they share an origin (same wire, outlet or named source). Supports from the claim's
    own article or its near-duplicates are copies, not corroboration: returned separately.
    """
    copies: list[Support] = []
    items: list[Support] = []
    for s in supports:
        same_cluster = own_cluster is not None and s.cluster == own_cluster
        (copies if s.article == own_article or same_cluster else items).append(s)
    parent = list(range(len(items)))
    reasons: dict[int, list[str]] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int, reason: str) -> None:
        ri, rj = find(i), find(j)
        if ri == rj:
            return
        parent[max(ri, rj)] = min(ri, rj)
        merged = reasons.pop(max(ri, rj), []) + reasons.get(min(ri, rj), [])
        reasons[min(ri, rj)] = [*merged, reason]

    by_key: dict[str, int] = {}
    for i, s in enumerate(items):
        keys = [f"article:{s.article}"]
        if s.cluster is not None:
            keys.append(f"cluster:{s.cluster}")
        keys.extend(sorted(s.origins))
        for key in keys:
            if key in by_key:
                union(by_key[key], i, _reason(key))
            else:
                by_key[key] = i
    groups: dict[int, SupportGroup] = {}
    for i, s in enumerate(items):
        groups.setdefault(find(i), SupportGroup()).items.append(s)
    for root, group in groups.items():
        group.reasons = sorted(set(reasons.get(root, [])))
    return [groups[r] for r in sorted(groups)], copies


def _reason(key: str) -> str:
    kind, _, value = key.partition(":")
    return {
        "article": "same article",
        "cluster": "near-duplicate articles (one republished the other)",
        "wire": f"both rest on {value.title() if value != 'afp' else 'AFP'} (wire copy)",
        "outlet": f"both credit {value.title()}",
        "source": f"both rest on the same named source ({value.partition(':')[2] or value})",
    }.get(kind, key)
