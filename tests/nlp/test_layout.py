"""The layout covers the text exactly once, whatever marks overlap or nest."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.nlp.layout import Mark, layout

TEXT = st.text(alphabet=st.sampled_from("ab é\u0301😀\n.“”"), min_size=1, max_size=60)


@st.composite
def text_sentences_marks(draw):
    text = draw(TEXT)
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)) | {0, len(text)})
    pairs = [(a, b) for a, b in itertools.pairwise(cuts) if a < b]
    sentences = [p for p in pairs if draw(st.booleans())]
    marks = []
    for _ in range(draw(st.integers(0, 6))):
        a = draw(st.integers(0, len(text) - 1))
        b = draw(st.integers(a + 1, len(text)))
        marks.append(Mark(a, b, draw(st.sampled_from(["claim", "boilerplate"]))))
    return text, sentences, marks


@settings(max_examples=300, deadline=None)
@given(text_sentences_marks())
def test_pieces_tile_the_text_and_runs_carry_covering_marks(case):
    text, sentences, marks = case
    pieces = layout(text, sentences, marks)
    assert "".join(run.text for piece in pieces for run in piece.runs) == text
    assert [(p.start, p.end) for p in pieces if p.is_sentence] == sentences
    for piece in pieces:
        assert text[piece.start : piece.end] == "".join(r.text for r in piece.runs)
        for run in piece.runs:
            assert text[run.start : run.end] == run.text
            if piece.is_sentence:
                expected = {m for m in marks if m.start <= run.start and run.end <= m.end}
                assert set(run.marks) == expected


def test_nested_marks_split_runs():
    text = "Officials said the plan works."
    outer = Mark(0, 29, "claim", "outer")
    inner = Mark(15, 23, "claim", "inner")
    (piece,) = layout(text, [(0, 30)], [outer, inner])
    assert [(r.text, len(r.marks)) for r in piece.runs] == [
        ("Officials said ", 1),
        ("the plan", 2),
        (" works", 1),
        (".", 0),
    ]
