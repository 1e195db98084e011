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
_WORD = re.compile(r"\w+")


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
    folded_paras = []
    for start, end in spans:
        fs, fe = ft.from_source(start, end)
        folded_paras.append(ft.text[fs:fe])
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
    words = len(_WORD.findall(para))
    if _PHOTO_CREDIT.match(para) and words <= 20:
        return "photo_credit"
    if words <= 30 and all(_is_nav_line(line) for line in para.splitlines()):
        return "navigation"
    if words <= 15 and _SIGNUP.search(para):
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
    if _DONATION.search(para):
        return True
    addressed = bool(_PRONOUN.search(para)) or len(_WORD.findall(para)) <= 12
    return addressed and bool(_DONATION_SOFT.search(para))


def _is_appeal_ish(para: str) -> bool:
    if '"' in para:
        return False
    cue = bool(_APPEAL_CUE.search(para))
    pronoun = bool(_PRONOUN.search(para))
    short = len(_WORD.findall(para)) <= 8
    return (cue and pronoun) or (short and (cue or pronoun))
