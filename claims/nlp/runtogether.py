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
# "Russia'sambassador": a possessive glued to the next word (letters only either side).
_POSSESSIVE = re.compile(r"([A-Za-z]{2,}+['’]s)([a-z]{4,}+)")
_POSSESSIVE_IN_TEXT = re.compile(
    r"(?<![\w\-./@#’'])[A-Za-z]{2,}+['’]s[a-z]{4,}+(?![\w\-/@’']|\.\w)"
)
_GLUED_S = re.compile(r"['’]s[a-z]{4}")
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
# Known-but-rare tokens ("afterthe") made of a common word and one of these are joins.
_RARE_WORD = 1_000_000.0
_COMMON_WORD = 50_000_000.0
_JOINING = _words("the of and for with that was had has his her their")
# Verbs that follow a name in news copy; a name glued to one is a join ("Kislyakhad").
_VERBS_AFTER_NAMES = ("said", "says", "told", "had", "has", "was", "who")
# Parts under four letters that a join can have (the rest are fragments of one word).
_SHORT_WORDS = _FUNCTION | _words(
    "the and for not but all any can had has was his her its our you who how why now new one "
    "two out may did get got say see use are off too yet via our him she they"
)
# Prefixes and suffixes that make closed compounds and inflections, not joins.
_PREFIXES = _words(
    "re un de non over under super counter cyber micro mega multi arch trans pro anti post "
    "pre sub semi self out mis mi euro hash water sky live robo fire high ghost fund inter "
    "intra hyper ultra mid con crowd back barn"
)
_SUFFIXES = _words(
    "ing ers ies able ible ness ment goers ism ist ists aires ier ting ship hood less ally "
    "ingly ities ely ization like les age ships woman women"
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
    if token.isupper():
        return None
    if _known(lower):
        return _rare_join(token, lower)
    pieces = _CAMEL.split(token)
    if len(pieces) > 1:
        return _split_camel(pieces)
    if token[0].isupper() and len(token) < _MIN_CAPITALISED_LENGTH:
        return _name_then_verb(token)
    parts = _segment(lower)
    if parts is None:
        return None
    return _respace(token, parts)


def _rare_join(token: str, lower: str) -> str | None:
    """A web typo the unigram list counts as a word ("afterthe": 13 864) that is a common word
    followed by a function word that never ends a real word: a join. "aback", "forgo",
    "inaction" split the other way round and stay words."""
    if _unigrams().get(lower, 0.0) >= _RARE_WORD or token[0].isupper():
        return None
    from wordsegment import segment

    parts: list[str] = segment(lower)
    if len(parts) != 2 or "".join(parts) != lower or parts[1] not in _JOINING:
        return None
    if len(parts[0]) < 3 or parts[0] in _PREFIXES:
        return None
    if not all(_unigrams().get(p, 0.0) >= _COMMON_WORD for p in parts):
        return None
    return _respace(token, parts)


def _name_then_verb(token: str) -> str | None:
    """A short capitalised token that is a name glued to the verb after it: "Kislyakhad"."""
    if not token[1:].islower():
        return None
    for verb in _VERBS_AFTER_NAMES:
        name = token[: -len(verb)]
        if token.endswith(verb) and len(name) >= 4 and not _known(token.lower()):
            if _known(name.lower()) and not _frequent(name.lower()):
                return None  # "Rashad": a rare word that happens to end in "had"
            return f"{name} {token[-len(verb) :]}"
    return None


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
            # An unknown capitalised piece is probably a name ("…ViktorMedvedchuk"), also
            # first in a run of three or more ("MaransFlagShareLikeReply").
            if piece[0].isupper() and (out or len(pieces) >= 3):
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
    # Short parts are where unknown words fall apart ("leak i est", "zip pier", "bad asses"):
    # below four letters only a function word is trusted, and a lone letter only first.
    if any(len(p) < 4 and p not in _SHORT_WORDS for p in parts):
        return None
    if any(len(p) == 1 for p in parts[1:]):
        return None
    return parts


def _respace(token: str, parts: list[str]) -> str:
    """Cut the original token (keeping its case) at the part boundaries."""
    out, pos = [], 0
    for part in parts:
        out.append(token[pos : pos + len(part)])
        pos += len(part)
    return " ".join(out)


def _possessive_split(token: str) -> str | None:
    """ "Russia'sambassador" -> "Russia's ambassador": the word after 's is a common word and
    's+word is not one ("Obama'spending" stays: it may be "Obama's pending")."""
    match = _POSSESSIVE.fullmatch(token)
    if match is None or len(token) > MAX_TOKEN_LENGTH:
        return None
    word = match.group(2)
    if _known("s" + word.lower()) or not _frequent(word.lower()):
        return None
    return f"{match.group(1)} {word}"


def find_run_together(text: str) -> list[RunTogether]:
    """Run-together tokens in text order; `text[start:end] == token` for each."""
    flagged = {}
    for token in set(_TOKEN.findall(text)):
        proposed = propose_split(token)
        if proposed is not None:
            flagged[token] = proposed
    # Most texts have no join: only then is the text scanned again for positions.
    found = (
        [
            RunTogether(m.start(), m.end(), m.group(), flagged[m.group()])
            for m in _TOKEN.finditer(text)
            if m.group() in flagged
        ]
        if flagged
        else []
    )
    if _GLUED_S.search(text):  # a cheap necessary condition for the possessive pattern
        for m in _POSSESSIVE_IN_TEXT.finditer(text):
            proposed = _possessive_split(m.group())
            if proposed is not None:
                found.append(RunTogether(m.start(), m.end(), m.group(), proposed))
    return sorted(found, key=lambda r: r.start) if found else []
