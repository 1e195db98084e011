"""Flag (never delete) page furniture that scrapers leave in article text.

Reasons: "navigation", "signup" (sign-up/login forms), "donation" (appeals for money, usually a
run of paragraphs at the end), "photo_credit" and "caption". Matching runs on folded text so a
"Phоtо Crеdіt" spelt with Cyrillic letters is still recognised; offsets are into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.nlp.normalize import FoldedText, fold
from claims.nlp.segment import paragraphs as find_paragraphs

__all__ = ["REASONS", "BoilerplateRange", "find_boilerplate"]

REASONS = ("navigation", "signup", "donation", "photo_credit", "caption")


@dataclass(frozen=True, slots=True)
class BoilerplateRange:
    start: int
    end: int
    reason: str


# All patterns run on folded (lower-case, straight-quoted) text.
_SIGNUP = re.compile(
    r"^(?:sign ?up|log ?in|log ?out|sign ?in|register|subscribe|my account)[.!]?$"
    r"|create an account|already have an account|login here|forgot (?:your )?password"
    r"|(?:sign|log) (?:up|in) (?:here|now|for (?:our|the) newsletter)"
    r"|(?:^|\|\s*)register or login"
)
_NAV_SEGMENT = re.compile(r"^[\w&'’.,-]+(?: [\w&'’.,-]+){0,4}$")
_PHOTO_CREDIT = re.compile(
    r"^(?:(?:photo|image|picture|video|graphic)s? ?(?:credit|courtesy|by|source)s?|credits?)\s*:"
)
# "(Evan Vucci/The Associated Press)", "(AP Photo/Susan Walsh)" closing a caption paragraph.
_CAPTION_CREDIT = re.compile(r"\((?:[A-Z][\w.'’-]*\.? ?){1,4}/ ?(?:[A-Z][\w.'’&-]* ?){1,5}\)$")
# Phrases only an appeal uses ...
_DONATION = re.compile(
    r"^donate|\bdonate(?:donate| now| today| by| here| to us| to (?:our|this))|please donate"
    r"|click (?:here )?to donate|become a (?:subscriber|member|patron|supporter)"
    r"|support (?:our |honest |independent |quality |local |this )*(?:journalism|newsroom)"
    r"|we need your (?:help|support)|click here to (?:subscribe|donate|support|give)|go ad-free"
)
# ... and phrases campaign-finance reporting shares, which count only when the reader is addressed.
_DONATION_SOFT = re.compile(
    r"make a (?:one-time |monthly |recurring )?contribution|reader contribution|chip in"
    r"|support (?:our|this) work"
)
_APPEAL_CUE = re.compile(
    r"\b(?:news|journalism|journalists?|newsroom|readers?|support|independent|subscri\w*"
    r"|membership|access|invest|thank you|contribut\w*|funding|paywall)\b"
)
_PRONOUN = re.compile(r"\b(?:we|we've|we're|our|us|you|your)\b")
# Every match of _DONATION (_DONATION_SOFT) contains one of these: a substring test first
# spares the regex scan of every paragraph that has none.
_DONATION_LITERALS = (
    "donate",
    "become a ",
    "support ",
    "we need your ",
    "click here to ",
    "go ad-free",
)
_DONATION_SOFT_LITERALS = ("contribution", "chip in", "support ")
# `len(re.findall(r"\w+", p)) <= n` without reading (or listing) every word of a long paragraph.
_MORE_WORDS = {n: re.compile(rf"(?:\W*+\w++){{{n + 1}}}") for n in (8, 12, 15, 20, 30)}


def _at_most_words(para: str, n: int) -> bool:
    return _MORE_WORDS[n].match(para) is None


def _has_any(para: str, literals: tuple[str, ...]) -> bool:
    return any(literal in para for literal in literals)


def find_boilerplate(
    text: str,
    paragraphs: list[tuple[int, int]] | None = None,
    *,
    folded: FoldedText | None = None,
) -> list[BoilerplateRange]:
    """Boilerplate ranges in text order; consecutive paragraphs with one reason are merged."""
    spans = find_paragraphs(text) if paragraphs is None else paragraphs
    if not spans:
        return []
    ft = fold(text) if folded is None else folded
    folded_paras = ft.slices_of(spans)
    reasons: list[str | None] = [
        _classify(p, text[s:e]) for p, (s, e) in zip(folded_paras, spans, strict=True)
    ]
    _mark_donation_run(folded_paras, reasons)
    out: list[BoilerplateRange] = []
    for i, ((start, end), reason) in enumerate(zip(spans, reasons, strict=True)):
        if reason is None:
            continue
        if out and reasons[i - 1] == reason:
            out[-1] = BoilerplateRange(out[-1].start, end, reason)
        else:
            out.append(BoilerplateRange(start, end, reason))
    return out


def _classify(para: str, original: str) -> str | None:
    """Reason for one paragraph on its own merits (donation runs are decided later)."""
    if _PHOTO_CREDIT.match(para) and _at_most_words(para, 20):
        return "photo_credit"
    # A navigation line has "|" separators (an empty paragraph has no lines at all).
    nav = not para or "|" in para
    if nav and _at_most_words(para, 30) and all(map(_is_nav_line, para.splitlines())):
        return "navigation"
    if _at_most_words(para, 15) and _SIGNUP.search(para):
        return "signup"
    if _CAPTION_CREDIT.search(original.rstrip()):
        return "caption"
    return None


def _is_nav_line(line: str) -> bool:
    parts = [p.strip() for p in line.split("|")]
    parts = [p for p in parts if p]
    return len(parts) >= 3 and all(_NAV_SEGMENT.match(p) for p in parts)


def _mark_donation_run(paras: list[str], reasons: list[str | None]) -> None:
    """Mark the appeal that closes an article: strong trigger, then grow over appeal-ish text.

    Only the second half of the article is searched so a story *about* donations keeps its
    body; a quotation never counts as appeal text.
    """
    n = len(paras)
    first = next(
        (i for i in range(n // 2, n) if reasons[i] is None and _is_strong_appeal(paras[i])),
        None,
    )
    if first is None:
        return
    lo = first
    while lo - 1 >= n // 2 and reasons[lo - 1] is None and _is_appeal_ish(paras[lo - 1]):
        lo -= 1
    hi = first
    while (
        hi + 1 < n
        and reasons[hi + 1] is None
        and (_is_strong_appeal(paras[hi + 1]) or _is_appeal_ish(paras[hi + 1]))
    ):
        hi += 1
    for i in range(lo, hi + 1):
        reasons[i] = "donation"


def _is_strong_appeal(para: str) -> bool:
    if '"' in para:
        return False
    if _has_any(para, _DONATION_LITERALS) and _DONATION.search(para):
        return True
    if not _has_any(para, _DONATION_SOFT_LITERALS):
        return False
    addressed = bool(_PRONOUN.search(para)) or _at_most_words(para, 12)
    return addressed and bool(_DONATION_SOFT.search(para))


def _is_appeal_ish(para: str) -> bool:
    if '"' in para:
        return False
    cue = bool(_APPEAL_CUE.search(para))
    pronoun = bool(_PRONOUN.search(para))
    short = _at_most_words(para, 8)
    return (cue and pronoun) or (short and (cue or pronoun))
