"""Span edges as PolNeAR draws them (punctuation at the start and end of each role)."""

import pytest

from claims.nlp.attribution import default_sentences, suggest_attributions
from claims.nlp.attribution.edges import polnear_edges
from claims.nlp.attribution.tokens import tokenize


def drawn(text: str, role: str, words: str) -> str:
    """The text of ``role`` span ``words`` (word-trimmed) after PolNeAR's edges."""
    tokens = tokenize(text, default_sentences(text))
    start = text.index(words)
    idx = [k for k, t in enumerate(tokens) if t.start >= start and t.end <= start + len(words)]
    a, b = polnear_edges(tokens, role, idx[0], idx[-1])
    return text[tokens[a].start : tokens[b].end]


@pytest.mark.parametrize(
    ("text", "role", "words", "expected"),
    [
        # Content takes the enclosing quotation marks and the punctuation inside them.
        ("“We are ready,” Tom Reed said.", "T", "We are ready", "“We are ready,”"),
        (
            '"The port is closed." Tom Reed said so.',
            "T",
            "The port is closed",
            '"The port is closed."',
        ),
        ("Doe said: ‘It is over.’", "T", "It is over", "‘It is over.’"),
        ("“Why now?” she asked.", "T", "Why now", "“Why now?”"),
        # A full stop or comma without a closing mark stays out.
        ("Tom Reed said the port is closed.", "T", "the port is closed", "the port is closed"),
        ("The port is closed, Tom Reed said.", "T", "The port is closed", "The port is closed"),
        # A mark that does not touch the words is not theirs.
        ("He said “ the port is closed ” today.", "T", "the port is closed", "the port is closed"),
        # An abbreviation keeps its full stop.
        (
            "Doe said the deal helps the U.S. Reed agreed.",
            "T",
            "the deal helps the U.S",
            "the deal helps the U.S.",
        ),
        # Source: the comma closing an apposition, the ")" of a party tag.
        (
            "Jane Doe, a spokeswoman for the port, said it was closed.",
            "S",
            "Jane Doe, a spokeswoman for the port",
            "Jane Doe, a spokeswoman for the port,",
        ),
        ("Jane Doe, said it was closed.", "S", "Jane Doe", "Jane Doe"),
        (
            "Sen. Jane Doe (D-Ore.) said it was closed.",
            "S",
            "Sen. Jane Doe (D-Ore",
            "Sen. Jane Doe (D-Ore.)",
        ),
        # Cue: a colon right after it.
        ("Tom Reed said: the port is closed.", "C", "said", "said:"),
        ("Tom Reed said. The port is closed.", "C", "said", "said"),
    ],
)
def test_edges_follow_polnear(text, role, words, expected):
    assert drawn(text, role, words) == expected


def test_suggested_quotation_includes_its_marks():
    text = "Harbor town news\n\n“We are ready for the storm,” Tom Reed told reporters on Friday."
    found = suggest_attributions(text)
    contents = [text[s:e] for f in found for s, e in f.content]
    assert "“We are ready for the storm,”" in contents
