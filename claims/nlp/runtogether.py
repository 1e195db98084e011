"""Find words glued together by a bad line join ("otheradvisers", "toReuters").

Only flags; the stored text is never rewritten. A token is flagged when it is not a known word
itself and splits (at case changes, then by `wordsegment`) into parts that are all reasonably
frequent words. Names are the main risk ("Kislyak" -> "k isl yak", "Manafort" -> "mana fort"),
hence the frequency floor and the stricter rules for capitalised tokens.

Cost is linear in the text: the token pattern never backtracks (possessive), and a token longer
than `MAX_TOKEN_LENGTH` is never segmented (wordsegment's search grows faster than linearly with
its input: 20 000 glued letters took 70 s), so a worker's time per text is bounded whatever
the input's shape (one 10 MB token, a 3.6 MB single line, 100 000 short lines).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["MAX_TOKEN_LENGTH", "RunTogether", "find_run_together", "propose_split"]


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


@dataclass(frozen=True, slots=True)
class RunTogether:
    start: int
    end: int
    token: str
    proposed: str  # the token with spaces inserted, e.g. "other advisers"


# ASCII-letter tokens not touching digits, hyphens, dots, slashes or @: those are parts of
# numbers, hyphenated words, URLs, e-mail addresses or initialisms, and are left alone.
# Possessive `{5,}+`: a letter run followed by a digit fails at once instead of retrying every
# shorter prefix (all of which are followed by a letter and fail anyway).
_TOKEN = re.compile(r"(?<![\w\-./@#’'])[A-Za-z]{5,}+(?![\w\-/@]|\.\w)")
# A join of a few words; the longest real one on PolNeAR train is 35 letters
# ("UkrainianpoliticianViktorMedvedchuk"). Longer letter runs are data (base64, hashes, junk).
MAX_TOKEN_LENGTH = 64
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_MIN_PART_COUNT = 100_000.0  # unigram count (per ~1T words) a part must reach
_MIN_CAPITALISED_LENGTH = 12  # "Russianofficials" yes, "Manafort" no
# Name prefixes whose camel case is spelling, not a join: McCain, DeSantis, LaGuardia, iPhone.
_NAME_PREFIXES = _words("mc mac de la le di du da van von del des o i e")
# Newer names that the (2006) unigram list lacks but which are spelt in camel case.
_KNOWN = _words(
    "wikileaks youtube facebook instagram linkedin paypal gofundme github tiktok whatsapp "
    "bitcoin infowars breitbart politifact factcheck foxnews newsmax huffpost buzzfeed "
    "nevertrump theblaze siriusxm propublica crowdstrike crowdtangle surveymonkey dealbook "
    "dnainfo worldpost insideclimate nowthis tweet tweets tweeted tweeting retweet retweeted "
    "hashtag superdelegate superdelegates"
)
# Short parts are only trusted when they are function words: "hehad", "ahostile".
_FUNCTION = _words("a i to of in on at by an as he we it is be or no so us my me do up if am")
# Prefixes and suffixes that make closed compounds and inflections, not joins.
_PREFIXES = _words(
    "re un de non over under super counter cyber micro mega multi arch trans pro anti post "
    "pre sub semi self out mis mi euro hash water sky live robo fire high ghost fund inter "
    "intra hyper ultra mid con crowd back barn"
)
_SUFFIXES = _words(
    "ing ers ies able ible ness ment goers ism ist ists aires ier ting ship hood less ally "
    "ingly ities ely ization like les age ships"
)


@functools.cache
def _unigrams() -> dict[str, float]:
    """Loaded once, lazily: wordsegment parses its word-count files (~0.3-1 s)."""
    import wordsegment

    wordsegment.load()
    counts: dict[str, float] = wordsegment.UNIGRAMS
    return counts


def _known(word: str) -> bool:
    return word in _KNOWN or word in _unigrams()


def _frequent(part: str) -> bool:
    if len(part) < 3 and part not in _FUNCTION:
        return False
    return _unigrams().get(part, 0.0) >= _MIN_PART_COUNT


def propose_split(token: str) -> str | None:
    """The token with spaces where words were joined, or None when it looks fine."""
    if len(token) > MAX_TOKEN_LENGTH:
        return None  # checked before the cache, which would otherwise keep the whole token
    return _propose_split(token)


@functools.lru_cache(maxsize=65536)
def _propose_split(token: str) -> str | None:
    lower = token.lower()
    if _known(lower) or token.isupper():
        return None
    pieces = _CAMEL.split(token)
    if len(pieces) > 1:
        return _split_camel(pieces)
    if token[0].isupper() and len(token) < _MIN_CAPITALISED_LENGTH:
        return None
    parts = _segment(lower)
    if parts is None:
        return None
    return _respace(token, parts)


def _split_camel(pieces: list[str]) -> str | None:
    if pieces[0].lower() in _NAME_PREFIXES:
        return None
    if pieces[0][0].islower():
        if not _frequent(pieces[0].lower()):
            return None  # "rVotes", "eBay"
    elif (
        # Two capitalised words are as often a brand ("DealBook") as a join of names
        # ("GordonMichael"); only trust long ones.
        len(pieces) == 2
        and not any(p.isupper() for p in pieces)
        and (min(map(len, pieces)) < 5 or sum(map(len, pieces)) < 11)
    ):
        return None
    out = []
    for piece in pieces:
        if piece.isupper() and len(piece) >= 2:  # an acronym: "PageJD"
            out.append(piece)
            continue
        if len(piece) == 1 and piece not in "AI":
            return None  # "QThere": a Q&A marker, not a word
        if _known(piece.lower()):
            out.append(piece)
            continue
        parts = _segment(piece.lower())
        if parts is None:
            # An unknown capitalised piece is probably a name ("…ViktorMedvedchuk").
            if piece[0].isupper() and out:
                out.append(piece)
                continue
            return None
        out.append(_respace(piece, parts))
    return " ".join(out)


def _segment_words(lower: str) -> list[str]:
    """wordsegment's split; the only super-linear step, hence only ever given short input."""
    from wordsegment import segment

    _unigrams()
    parts: list[str] = segment(lower)
    return parts


def _segment(lower: str) -> list[str] | None:
    parts = _segment_words(lower)
    if len(parts) < 2 or "".join(parts) != lower or not all(map(_frequent, parts)):
        return None
    if parts[0] in _PREFIXES or parts[-1] in _SUFFIXES:
        return None
    return parts


def _respace(token: str, parts: list[str]) -> str:
    """Cut the original token (keeping its case) at the part boundaries."""
    out, pos = [], 0
    for part in parts:
        out.append(token[pos : pos + len(part)])
        pos += len(part)
    return " ".join(out)


def find_run_together(text: str) -> list[RunTogether]:
    """Run-together tokens in text order; `text[start:end] == token` for each."""
    tokens = set(_TOKEN.findall(text))
    flagged = {}
    for token in tokens:
        proposed = propose_split(token)
        if proposed is not None:
            flagged[token] = proposed
    if not flagged:
        return []
    return [
        RunTogether(m.start(), m.end(), m.group(), flagged[m.group()])
        for m in _TOKEN.finditer(text)
        if m.group() in flagged
    ]
