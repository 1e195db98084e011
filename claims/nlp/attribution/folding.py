"""The text the tagger reads: look-alike letters, odd spaces, dashes and quotes unified, and
run-together words split, with a map back to the stored text.

``claims.nlp.normalize.fold`` folds for *matching* (case folded, all quotes straight); the
tagger needs case and the direction of curly quotes, so it reads a gentler fold:

* Cyrillic / Greek letters that look Latin (the TR39 table ``normalize`` uses) become the
  Latin letter, case kept: "Dоnаld" (with Cyrillic о, а) reads "Donald";
* non-breaking and other odd spaces become " "; zero-width characters and soft hyphens
  vanish;
* hyphen-like dashes (U+2010, U+2011, U+2212, …) become "-"; the figure dash "–"; em dash,
  en dash and horizontal bar stay (they mean something to the rules);
* quote look-alikes become the marks PolNeAR uses: „ ‟ ″ → “ / " , ‚ ‛ ′ ʼ → ‘ / ’ / ';
  curly quotes keep their direction;
* other compatibility forms (full-width letters, ligatures) go through NFKC;
* a run-together word ("toReuters", ``claims.nlp.runtogether``) gets its spaces back.

Every folded character comes from exactly one stored character (``starts``); an inserted
space belongs to the character after it. Spans found in the folded text map back with
:meth:`TaggerText.to_source`, which never lands inside a stored character.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from claims.nlp.normalize import _confusables
from claims.nlp.runtogether import find_run_together

Span = tuple[int, int]

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000"
_ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SPECIAL: dict[str, str] = {
    **dict.fromkeys(_SPACES, " "),
    **dict.fromkeys(_ZERO_WIDTH, ""),
    **dict.fromkeys("\u2010\u2011\u2043\u2212\ufe58\ufe63\uff0d", "-"),
    "\u2012": "\u2013",
    "\u201e": "\u201c",
    "\u201f": "\u201c",
    "\u2033": '"',
    "\u2036": '"',
    "\uff02": '"',
    "\u201a": "\u2018",
    "\u201b": "\u2018",
    "\u2032": "'",
    "\u2035": "'",
    "\uff07": "'",
    "\u02bc": "\u2019",
}


@functools.cache
def fold_tagger_char(char: str) -> str:
    special = _SPECIAL.get(char)
    if special is not None:
        return special
    if char.isascii():
        return char
    latin = _confusables().get(char)
    if latin is not None:
        return latin
    if char in "“”‘’«»—–―…":
        return char  # PolNeAR's own marks: the tagger learnt them as they are
    return unicodedata.normalize("NFKC", char) or char


@dataclass(frozen=True, slots=True)
class TaggerText:
    """Folded ``text``; folded char ``i`` comes from stored char ``starts[i]``."""

    text: str
    source_length: int
    starts: tuple[int, ...] | None  # None: the fold changed nothing (identity map)

    @property
    def identity(self) -> bool:
        return self.starts is None

    def to_source(self, start: int, end: int) -> Span:
        """A half-open folded range as the half-open stored range it came from."""
        if self.starts is None:
            return start, end
        if start >= end:
            pos = self.starts[start] if start < len(self.text) else self.source_length
            return pos, pos
        return self.starts[start], self.starts[end - 1] + 1

    def from_source(self, start: int, end: int) -> Span:
        """A half-open stored range as the folded range of the characters it produced."""
        if self.starts is None:
            return start, end
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)


def tagger_text(text: str, *, split_run_together: bool = True) -> TaggerText:
    """Fold ``text`` for the tagger; see the module docstring."""
    table = {c: fold_tagger_char(c) for c in set(text)}
    changed = {c: f for c, f in table.items() if f != c}
    if changed:
        pieces = [table[c] for c in text]
        folded = "".join(pieces)
        starts: list[int] | None = [i for i, p in enumerate(pieces) for _ in p]
    else:
        folded, starts = text, None
    joins = [
        j
        for j in (find_run_together(folded) if split_run_together else [])
        if j.proposed.replace(" ", "") == j.token
    ]
    if joins:
        if starts is None:
            starts = list(range(len(text)))
        out: list[str] = []
        new_starts: list[int] = []
        pos = 0
        for join in joins:
            out.append(folded[pos : join.start])
            new_starts.extend(starts[pos : join.start])
            k = join.start
            for ch in join.proposed:
                if ch == " ":
                    out.append(" ")
                    new_starts.append(starts[k])  # an inserted space: the next char's
                else:
                    out.append(ch)
                    new_starts.append(starts[k])
                    k += 1
            pos = join.end
        out.append(folded[pos:])
        new_starts.extend(starts[pos:])
        folded, starts = "".join(out), new_starts
    return TaggerText(folded, len(text), tuple(starts) if starts is not None else None)


def map_spans(folded: TaggerText, spans: Sequence[Span]) -> list[Span]:
    return [folded.from_source(s, e) for s, e in spans]
