"""Alias suggestions for sources (pure Python): transliteration variants (Sergei/Sergey),
title + surname ("Ambassador Kislyak"), surname-only mentions within an article.

Names are compared by a *variant key*: folded, titles dropped, and the spellings that
transliteration from Russian, Ukrainian or Arabic routinely varies reduced to one form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["TITLES", "AliasSuggestion", "alias_pairs", "name_key", "surname_mentions"]

TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir lord lady president vice senator sen rep representative
    congressman congresswoman governor gov ambassador amb minister secretary general gen
    colonel col lieutenant lt captain capt judge justice chairman chairwoman chair
    director attorney mayor prince king queen pope rev father sheikh premier chancellor
    speaker leader deputy former then foreign prime
    """.split()  # noqa: SIM905 - a word list reads best as text
)

# Transliteration endings/clusters that vary between sources (ordered: longest first).
_TRANSLIT = [
    ("iy", "i"),
    ("yi", "i"),
    ("ey", "ei"),
    ("ii", "i"),
    ("kh", "h"),
    ("ks", "x"),
    ("yu", "iu"),
    ("ya", "ia"),
    ("yo", "io"),
    ("ye", "ie"),
    ("ph", "f"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("dzh", "j"),
    ("zh", "j"),
    ("w", "v"),
    ("y", "i"),
]
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _translit(word: str) -> str:
    for old, new in _TRANSLIT:
        word = word.replace(old, new)
    # Doubled letters vary too ("Assad"/"Asad").
    return re.sub(r"(.)\1+", r"\1", word)


def _words(folded_name: str) -> list[str]:
    return [w for w in _WORD.findall(folded_name.lower()) if w.strip(".") not in TITLES]


def name_key(folded_name: str) -> str:
    """One key for spellings of a name: "Sergei Kislyak", "Sergey Kislyak" and
    "Ambassador Sergey Kislyak" share it."""
    return " ".join(_translit(w) for w in _words(folded_name))


@dataclass(frozen=True, slots=True)
class AliasSuggestion:
    """Two names (by the caller's ids) that look like one source, and why."""

    a: int
    b: int
    reason: str


def alias_pairs(names: Sequence[tuple[int, str]]) -> list[AliasSuggestion]:
    """Pairs of (id, folded name) that look like one source: the same variant key
    (transliteration or a title), or a surname-only / title + surname name matching the
    last word of a fuller name (suggested only when that surname is unambiguous)."""
    out: list[AliasSuggestion] = []
    by_key: dict[str, list[tuple[int, str]]] = {}
    for pk, name in names:
        key = name_key(name)
        if key:
            by_key.setdefault(key, []).append((pk, name))
    for group in by_key.values():
        first_pk, first = group[0]
        for pk, name in group[1:]:
            reason = (
                "same name with a title"
                if _words(first) == _words(name)
                else "transliteration variant"
            )
            out.append(AliasSuggestion(first_pk, pk, reason))
    # Surname-only names ("Kislyak", "Ambassador Kislyak") against full names.
    full: dict[str, set[str]] = {}
    for key in by_key:
        parts = key.split()
        if len(parts) > 1:
            full.setdefault(parts[-1], set()).add(key)
    for key, group in by_key.items():
        if len(key.split()) != 1 or key not in full or len(full[key]) != 1:
            continue
        (target,) = full[key]
        target_pk = by_key[target][0][0]
        for pk, name in group:
            has_title = len(_WORD.findall(name)) > 1
            out.append(
                AliasSuggestion(target_pk, pk, "title and surname" if has_title else "surname only")
            )
    return out


def surname_mentions(text: str, full_names: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Within one article: later mentions of a full name's surname alone ("Kislyak" after
    "Sergey Kislyak"), as [start, end) ranges per full name."""
    found: dict[str, list[tuple[int, int]]] = {}
    for full_name in full_names:
        parts = full_name.split()
        if len(parts) < 2:
            continue
        first = text.find(full_name)
        if first < 0:
            continue
        surname = re.compile(rf"\b{re.escape(parts[-1])}\b")
        spans = [(m.start(), m.end()) for m in surname.finditer(text, first + len(full_name))]
        if spans:
            found[full_name] = spans
    return found
