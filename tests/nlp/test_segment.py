from __future__ import annotations

from hypothesis import given, settings

from claims.nlp.segment import lines, paragraphs, segment_sentences
from tests.nlp._seeds import seed_text
from tests.nlp.strategies import messy_text


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in segment_sentences(text)]


def test_abbreviations_do_not_end_sentences():
    text = (
        "Mr. Smith met Dr. Jones in the U.S. capital. "
        "He served as then-Sen. Jeff Sessions' aide after the Nov. 8 vote. "
        "Former Vice President Joseph R. Biden spoke."
    )
    assert _sentences(text) == [
        "Mr. Smith met Dr. Jones in the U.S. capital.",
        "He served as then-Sen. Jeff Sessions' aide after the Nov. 8 vote.",
        "Former Vice President Joseph R. Biden spoke.",
    ]


def test_initialism_at_sentence_end():
    assert _sentences("He lives in the U.S. The rest do not.") == [
        "He lives in the U.S.",
        "The rest do not.",
    ]


def test_quotations():
    text = "“Is it over?” she asked. “No.” He left. “We are done,” he said. Then quiet."
    assert _sentences(text) == [
        "“Is it over?” she asked.",
        "“No.”",
        "He left.",
        "“We are done,” he said.",
        "Then quiet.",
    ]


def test_question_then_capital_and_ellipsis():
    assert _sentences("Why? Because. Wait... What!") == ["Why?", "Because.", "Wait...", "What!"]


def test_newlines_and_bullets_start_sentences():
    text = (
        "Intro line\n\n  • April 2016: A met Bob. Carl agreed\r\n"
        "- second bullet\n1. Numbered point\n"
    )
    assert _sentences(text) == [
        "Intro line",
        "• April 2016: A met Bob.",
        "Carl agreed",
        "- second bullet",
        "1. Numbered point",
    ]


def test_mid_line_bullet_starts_a_sentence():
    assert _sentences("Timeline • June: met • July: called") == [
        "Timeline",
        "• June: met",
        "• July: called",
    ]


def test_paragraphs_split_on_blank_lines_only():
    text = "a b\nc d\n\n \t\ne f\r\n\r\ng"
    assert [text[s:e] for s, e in paragraphs(text)] == ["a b\nc d", "e f", "g"]
    assert [text[s:e] for s, e in lines(text)] == ["a b", "c d", "e f", "g"]


def test_empty_and_blank_text():
    assert segment_sentences("") == []
    assert segment_sentences(" \n\u00a0\r\n") == []
    assert paragraphs("\n\n") == []


def test_seed_004_sentences():
    text = seed_text(4)
    sentences = _sentences(text)
    assert (
        "Trump has long ignored the U.S. intelligence community consensus that Russia "
        "interfered in the 2016 election." in sentences
    )
    assert any(
        s.startswith("One article of impeachment") and s.endswith("election.”") is False
        for s in sentences
    )
    assert sentences[-1] == "Published with permission of The American Independent Foundation."


def test_seed_003_bullets_with_nbsp():
    sentences = _sentences(seed_text(3))
    bullets = [s for s in sentences if s.startswith("•")]
    assert len(bullets) >= 15
    assert "• June 15, 2016:\u00a0NBC\u00a0confirms\u00a0the DNC" in sentences[5]


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        assert start >= previous_end
        previous_end = end


@settings(max_examples=200, deadline=None)
@given(messy_text)
def test_sentence_properties(text):
    spans = segment_sentences(text)
    _check_spans(text, spans)
    covered = set()
    for start, end in spans:
        covered.update(range(start, end))
        assert "\n" not in text[start:end] and "\r" not in text[start:end]
    # Every non-space character belongs to some sentence.
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())


@settings(max_examples=150, deadline=None)
@given(messy_text)
def test_paragraph_properties(text):
    paras = paragraphs(text)
    _check_spans(text, paras)
    for start, end in segment_sentences(text):
        assert any(ps <= start and end <= pe for ps, pe in paras)
