"""Every NLP pass (but the run-together splitter, tested in test_runtogether.py) does work
linear in its input on adversarial shapes: one huge token, very many lines, very many
paragraphs, deeply nested HTML. Work is counted, not timed: the number of Python line and
call events (``sys.settrace``) while the pass runs, at size n and 4n. A linear pass costs
about 4x as much; a quadratic one 16x. The ratio bound (6x) leaves room for n log n.

The bound is deterministic: the same input always gives the same count on any machine."""

import sys
from collections.abc import Callable
from typing import Any

import pytest

from claims.nlp.boilerplate import find_boilerplate
from claims.nlp.fingerprint import minhash_signature, shingles
from claims.nlp.html import extract_article
from claims.nlp.layout import Mark, layout
from claims.nlp.normalize import find_lookalike_words, fold
from claims.nlp.segment import paragraphs, segment_sentences

GROWTH = 4
MAX_RATIO = 6.0


def operations(work: Callable[[], Any]) -> int:
    count = 0

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(previous)
    return count


def one_token(n: int) -> str:
    return "Officials said " + "a" * n + " today."


def many_lines(n: int) -> str:
    return "".join(f"Line {i} said the mayor.\n" for i in range(n))


def many_paragraphs(n: int) -> str:
    return "".join(f"Support our journalism {i}. Donate now.\n\n" for i in range(n))


def no_breaks(n: int) -> str:
    return "x. " * n


def nested_html(n: int) -> str:
    return "<html><body>" + "<div>" * n + "<p>Deep text said here.</p>" + "</div>" * n


def _layout(text: str) -> Any:
    sentences = segment_sentences(text)
    marks = [Mark(s, e, "claim", i) for i, (s, e) in enumerate(sentences)]
    return layout(text, sentences, marks)


PASSES: dict[str, tuple[Callable[[str], Any], Callable[[int], str], int]] = {
    # name: (pass, input shape, base size n)
    "fold-token": (fold, one_token, 5_000),
    "fold-lines": (fold, many_lines, 500),
    "lookalikes-token": (find_lookalike_words, one_token, 5_000),
    "lookalikes-lines": (find_lookalike_words, many_lines, 500),
    "segment-token": (segment_sentences, one_token, 5_000),
    "segment-lines": (segment_sentences, many_lines, 500),
    "segment-no-breaks": (segment_sentences, no_breaks, 1_000),
    "paragraphs-lines": (paragraphs, many_lines, 500),
    "boilerplate-paragraphs": (find_boilerplate, many_paragraphs, 300),
    "boilerplate-token": (find_boilerplate, one_token, 5_000),
    "shingles-token": (lambda t: minhash_signature(shingles(fold(t).text)), one_token, 5_000),
    "html-nesting": (extract_article, nested_html, 300),
    "html-token": (extract_article, lambda n: f"<p>{one_token(n)}</p>", 5_000),
    "layout-lines": (_layout, many_lines, 300),
}


@pytest.mark.parametrize("name", sorted(PASSES))
def test_pass_is_linear_on_adversarial_input(name):
    run, shape, n = PASSES[name]
    small = operations(lambda: run(shape(n)))
    large = operations(lambda: run(shape(n * GROWTH)))
    ratio = large / max(small, 1)
    assert ratio <= MAX_RATIO, f"{name}: {small} -> {large} operations (x{ratio:.1f}) for x4 input"
