"""CRF features: cached per-word features plus quotation, sentence and paragraph context.

Speed matters (the suggester must tag well over 100 KB of text a second on one core), so every
feature that depends only on the word form is computed once per distinct word and reused,
including the copies shifted to neighbouring positions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .clusters import cluster_features
from .lexicon import ANONYMOUS_NOUNS, CUE_WORDS, PRONOUNS, REPORTING_VERBS, TITLES
from .tokens import CLOSING_QUOTES, OPENING_QUOTES, QUOTE_MARKS, Token

_SHAPE_SUBS = ((re.compile(r"[A-Z]"), "X"), (re.compile(r"[a-z]"), "x"), (re.compile(r"\d"), "d"))
_SQUEEZE = re.compile(r"(.)\1+")


def _bucket_of(n: int) -> str:
    if n < 5:
        return str(n)
    if n < 8:
        return "5-7"
    if n < 16:
        return "8-15"
    return "16+"


# A table: buckets are asked for several times per token.
_BUCKETS = tuple(_bucket_of(n) for n in range(16))


def _bucket(n: int) -> str:
    return _BUCKETS[n] if 0 <= n < 16 else _bucket_of(n)


def shape(word: str) -> str:
    for pattern, repl in _SHAPE_SUBS:
        word = pattern.sub(repl, word)
    return word


def _word_features(word: str, clusters: dict[str, list[int]]) -> tuple[tuple[str, ...], ...]:
    """Feature strings for a word at offsets 0, ±1, ±2, ±3 (index = offset + 3)."""
    lower = word.lower()
    full_shape = shape(word)
    short = _SQUEEZE.sub(r"\1", full_shape)
    rv = REPORTING_VERBS.get(lower)
    cap = word[:1].isupper()
    core: list[str] = [f"w={lower}", f"sh={short}", f"s3={lower[-3:]}", f"s2={lower[-2:]}"]
    if len(full_shape) <= 6:
        core.append(f"fs={full_shape}")
    if rv:
        core.append(f"rv={rv}")
    if lower in ANONYMOUS_NOUNS:
        core.append("anon")
    if lower in PRONOUNS:
        core.append("pro")
    if lower in TITLES:
        core.append("title")
    if lower in CUE_WORDS:
        core.append("cw")
    if cap:
        core.append("cap")
    if word in QUOTE_MARKS:
        core.append("qm")
    cl = cluster_features(clusters, lower)
    core.extend(cl)
    near = [f"w={lower}", f"sh={short}", *cl[1:2]]
    if rv:
        near.append(f"rv={rv}")
    for flag in ("anon", "pro", "title", "cap", "qm", "cw"):
        if flag in core:
            near.append(flag)
    mid = [f"w={lower}", *cl[:1]] + (["rv"] if rv else []) + (["cap"] if cap else [])
    far = (["rv"] if rv else []) + (["qm"] if word in QUOTE_MARKS else [])
    out: list[tuple[str, ...]] = []
    for offset, base in (
        (-3, far),
        (-2, mid),
        (-1, near),
        (0, core),
        (1, near),
        (2, mid),
        (3, far),
    ):
        prefix = f"{offset:+d}:" if offset else ""
        out.append(tuple(prefix + f for f in base))
    return tuple(out)


class Featurizer:
    """Per-word features (cached) with the model's word clusters."""

    def __init__(self, clusters: dict[str, list[int]] | None = None) -> None:
        self.clusters = clusters or {}
        self._cache: dict[str, tuple[tuple[str, ...], ...]] = {}

    def word(self, word: str) -> tuple[tuple[str, ...], ...]:
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            found = self._cache[word] = _word_features(word, self.clusters)
        return found


_PLAIN = Featurizer()


_BETWEEN = {",": "comma", "that": "that", ":": "colon", "”": "q", '"': "q", "“": "q"}
_MARKS = ("comma", "that", "colon", "q")


def _verb_context(
    i: int, rvs: Sequence[int], marks: dict[str, list[int]], last_comma: list[int]
) -> list[str]:
    """Where the reporting verbs right and left of token ``i`` are, and what lies between.

    "…, sources said." puts a comma between the content and a verb close to the sentence
    end; "said that …" puts "that" between the verb and the content. ``marks`` holds prefix
    counts of each kind of mark over the document; ``last_comma`` the last comma at or
    before each token.
    """
    out = []
    k = bisect.bisect_right(rvs, i)
    right = rvs[k] if k < len(rvs) else None
    if right is not None:
        out.append(f"rvR={_bucket(right - i)}")
        for m in _MARKS:
            if marks[m][right] - marks[m][i + 1] > 0:
                out.append(f"rvR|{m}")
        comma = last_comma[right]
        if comma > i:
            out.append(f"rvR,gap={_bucket(right - comma - 1)}")
    k = bisect.bisect_left(rvs, i)
    left = rvs[k - 1] if k else None
    if left is not None:
        out.append(f"rvL={_bucket(i - left)}")
        out.extend(f"rvL|{m}" for m in _MARKS if marks[m][i] - marks[m][left + 1] > 0)
    return out


def _mark_patterns(
    pattern: list[str | None], lowers: Sequence[str], rvs: Sequence[int], first: int, last: int
) -> None:
    """Sentence-wide attribution shapes, marked on every token they cover.

    *tail*: "CONTENT, a source said." — a reporting verb within a few words of the sentence
    end, after the last comma; the words before that comma are marked ``tail``, the rest
    ``tailattr``. *head*: "A source said (that) CONTENT" — a reporting verb early in the
    sentence; the words after it are marked ``head``. Content words are arbitrary, so a CRF
    needs a feature that fires on all of them to learn where content runs.
    """
    if not rvs:
        return
    end = last
    while end > first and lowers[end] in {".", "!", "?", "”", '"', ")"}:
        end -= 1
    tail_verbs = [a for a in rvs if end - a <= 6]
    if tail_verbs:
        a = tail_verbs[0]
        commas = [k for k in range(first + 1, a) if lowers[k] == ","]
        if commas and a - commas[-1] <= 8 and commas[-1] - first >= 3:
            c = commas[-1]
            for k in range(first, c):
                pattern[k] = "tail"
            for k in range(c, last + 1):
                pattern[k] = "tailattr"
            return
    head_verbs = [a for a in rvs if a - first <= 12 and end - a >= 3]
    if head_verbs:
        a = head_verbs[0]
        for k in range(first, a):
            pattern[k] = "headattr"
        for k in range(a + 1, last + 1):
            pattern[k] = "head"


def document_features(
    tokens: Sequence[Token], featurizer: Featurizer | None = None
) -> list[list[str]]:
    """One feature list per token; neighbours are taken within the same paragraph."""
    n = len(tokens)
    words = [t.text for t in tokens]
    lowers = [w.lower() for w in words]
    word_features = (featurizer or _PLAIN).word
    cached = [word_features(w) for w in words]
    # "according" anchors an attribution as a reporting verb does.
    is_rv = [lw in REPORTING_VERBS or lw == "according" for lw in lowers]
    is_cap = [w[:1].isupper() for w in words]

    # Sentence extents and per-sentence facts.
    sent_first: dict[int, int] = {}
    sent_last: dict[int, int] = {}
    for i, tok in enumerate(tokens):
        sent_first.setdefault(tok.sentence, i)
        sent_last[tok.sentence] = i
    sent_facts: dict[int, list[str]] = {}
    sent_rv: dict[int, list[int]] = {}
    pattern: list[str | None] = [None] * n
    for s, first in sent_first.items():
        last = sent_last[s]
        facts = []
        span_words = lowers[first : last + 1]
        rvs = [i for i in range(first, last + 1) if is_rv[i]]
        sent_rv[s] = rvs
        if rvs:
            facts.append("S:rv")
        if any(w in QUOTE_MARKS for w in span_words):
            facts.append("S:q")
        if ":" in span_words:
            facts.append("S:colon")
        if "according" in span_words:
            facts.append("S:acc")
        if words[first] in QUOTE_MARKS:
            facts.append("S:startq")
        if words[last] in QUOTE_MARKS or (last > first and words[last - 1] in QUOTE_MARKS):
            facts.append("S:endq")
        sent_facts[s] = facts
        _mark_patterns(pattern, lowers, rvs, first, last)

    # Sentence index within its paragraph.
    para_sentence: dict[int, int] = {}
    seen_para: dict[int, int] = {}
    for s, first in sorted(sent_first.items()):
        p = tokens[first].paragraph
        para_sentence[s] = seen_para.get(p, 0)
        seen_para[p] = para_sentence[s] + 1
    first_paragraph = tokens[0].paragraph if tokens else 0

    # Distance to the previous / next quotation mark within the paragraph.
    prev_q = [10_000] * n
    last_q = -1
    last_para = -1
    for i, tok in enumerate(tokens):
        if tok.paragraph != last_para:
            last_q, last_para = -1, tok.paragraph
        if last_q >= 0:
            prev_q[i] = i - last_q
        if tok.text in QUOTE_MARKS:
            last_q = i
    next_q = [10_000] * n
    last_q = -1
    last_para = -1
    for i in range(n - 1, -1, -1):
        tok = tokens[i]
        if tok.paragraph != last_para:
            last_q, last_para = -1, tok.paragraph
        if last_q >= 0:
            next_q[i] = last_q - i
        if tok.text in QUOTE_MARKS:
            last_q = i

    # Runs of capitalised words.
    cap_len = [0] * n
    i = 0
    while i < n:
        if is_cap[i] and tokens[i].is_word:
            j = i
            while j + 1 < n and is_cap[j + 1] and tokens[j + 1].is_word:
                j += 1
            for k in range(i, j + 1):
                cap_len[k] = j - i + 1
            i = j + 1
        else:
            i += 1

    # Prefix counts of the marks _verb_context looks for, and the last comma so far.
    marks = {m: [0] * (n + 1) for m in _MARKS}
    last_comma = [-1] * n
    for i, lw in enumerate(lowers):
        kind = _BETWEEN.get(lw)
        for m in _MARKS:
            marks[m][i + 1] = marks[m][i] + (kind == m)
        last_comma[i] = i if lw == "," else (last_comma[i - 1] if i else -1)

    # Capitalised words also seen capitalised mid-sentence in this article: likely names,
    # even at the start of a sentence ("Trump said" vs "Officials said").
    sentence_start = [i == sent_first[t.sentence] for i, t in enumerate(tokens)]
    mid_caps = {words[i] for i in range(n) if is_cap[i] and not sentence_start[i]}

    feats: list[list[str]] = []
    for i, tok in enumerate(tokens):
        s = tok.sentence
        first, last = sent_first[s], sent_last[s]
        f = ["bias", *cached[i][3], *sent_facts[s]]
        for offset in (-3, -2, -1, 1, 2, 3):
            j = i + offset
            if 0 <= j < n and tokens[j].paragraph == tok.paragraph:
                f.extend(cached[j][offset + 3])
            elif -1 <= offset <= 1:
                f.append(f"{offset:+d}:PARA")
        if i > 0 and tokens[i - 1].paragraph == tok.paragraph:
            f.append(f"bg-={lowers[i - 1]}|{lowers[i]}")
        if i + 1 < n and tokens[i + 1].paragraph == tok.paragraph:
            f.append(f"bg+={lowers[i]}|{lowers[i + 1]}")
        if pattern[i]:
            f.append(f"pat={pattern[i]}")
            if tok.in_quote:
                f.append(f"pat={pattern[i]}|inq")
        if tok.in_quote:
            f.append("inq")
        if tok.text in OPENING_QUOTES:
            f.append("qopen")
        elif tok.text in CLOSING_QUOTES:
            f.append("qclose")
        f.append(f"dq-={_bucket(prev_q[i])}")
        f.append(f"dq+={_bucket(next_q[i])}")
        f.append(f"ps={_bucket(i - first)}")
        f.append(f"pe={_bucket(last - i)}")
        f.append(f"psi={min(para_sentence[s], 3)}")
        if tok.paragraph == first_paragraph:
            f.append("firstpara")
        if cap_len[i]:
            f.append(f"caprun={min(cap_len[i], 4)}")
            if words[i] in mid_caps:
                f.append("namey")
                if sentence_start[i]:
                    f.append("namey@start")
        rvs = sent_rv[s]
        if rvs:
            # The nearest reporting verb; on a tie the one on the left.
            k = bisect.bisect_left(rvs, i)
            left_wins = k == len(rvs) or (k > 0 and i - rvs[k - 1] <= rvs[k] - i)
            nearest = rvs[k - 1] if left_wins else rvs[k]
            d = i - nearest
            f.append("rv@0" if d == 0 else f"rv{'<' if d > 0 else '>'}{_bucket(abs(d))}")
            f.extend(_verb_context(i, rvs, marks, last_comma))
        feats.append(f)
    return feats
