from hypothesis import given, settings
from hypothesis import strategies as st

from claims.nlp.copymap import CopyMap
from claims.nlp.normalize import fold
from tests.nlp._seeds import seed_text

ORIGINAL = (
    "Investigators have turned up an email in which one of Donald Trump's campaign staff "
    "mentions an effort to arrange a meeting with Vladimir Putin, officials said on Monday. "
    "The aide declined to comment."
)
# The same text with Cyrillic look-alikes (е, о, а, Р) and curly quotes.
HOMOGLYPH = (
    "Invеstigаtоrs hаvе turnеd up аn еmаil in which оnе оf Dоnаld Trump’s cаmpаign stаff "
    "mеntiоns аn еffоrt tо аrrаngе а mееting with Vlаdimir Рutin, оfficiаls sаid оn Mоndаy. "
    "Thе аidе dеclinеd tо cоmmеnt."
)


def test_homoglyph_copy_maps_to_its_own_exact_text():
    span = "an effort to arrange a meeting with Vladimir Putin"
    start = ORIGINAL.index(span)
    mapped = CopyMap.between(ORIGINAL, HOMOGLYPH).span(start, start + len(span))
    assert mapped is not None
    copy_text = HOMOGLYPH[mapped[0] : mapped[1]]
    assert copy_text == "аn еffоrt tо аrrаngе а mееting with Vlаdimir Рutin"
    assert copy_text != span  # the copy's own letters, not the original's


def test_small_edit_inside_the_span_survives():
    edited = ORIGINAL.replace("arrange a meeting", "set up a meeting")
    span = (
        "one of Donald Trump's campaign staff mentions an effort to arrange a meeting with Vladimir"
    )
    start = ORIGINAL.index(span)
    mapped = CopyMap.between(ORIGINAL, edited).span(start, start + len(span))
    assert mapped is not None
    assert edited[mapped[0] : mapped[1]] == span.replace("arrange a meeting", "set up a meeting")


def test_unmatched_text_is_never_guessed():
    other = "A completely different article about the harbour budget and the council vote."
    start = ORIGINAL.index("The aide")
    assert CopyMap.between(ORIGINAL, other).span(start, len(ORIGINAL)) is None
    # An edit at the very end of a short span: no anchors to hold it.
    changed = ORIGINAL.replace("declined to comment", "refused to comment")
    start = ORIGINAL.index("The aide declined")
    assert CopyMap.between(ORIGINAL, changed).span(start, start + 17) is None
    assert CopyMap.between(ORIGINAL, HOMOGLYPH).span(5, 5) is None


def test_repeated_phrase_picks_the_occurrence_in_the_same_place():
    original = "He said no. Later, in March, he said no. Then he left."
    copy = "Hе sаid nо. Lаtеr, in Mаrch, hе sаid nо. Thеn hе lеft."
    second = original.index("he said no.", 12)
    mapped = CopyMap.between(original, copy).span(second, second + len("he said no."))
    assert mapped == (second, second + len("he said no."))


def test_seed_000_to_its_homoglyph_copy_001():
    original, copy = seed_text(0), seed_text(1)
    mapper = CopyMap.between(original, copy)
    sentence = "The aide, Rick Dearborn, who is now President Donald Trump's deputy chief of staff"
    start = original.index(sentence)
    mapped = mapper.span(start, start + len(sentence))
    assert mapped is not None
    copied = copy[mapped[0] : mapped[1]]
    assert copied != sentence and fold(copied).text == fold(sentence).text


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(ORIGINAL) - 2), st.integers(1, 60))
def test_mapped_spans_fold_to_the_same_text(start, length):
    end = min(len(ORIGINAL), start + length)
    mapper = CopyMap.between(ORIGINAL, HOMOGLYPH)
    mapped = mapper.span(start, end)
    if mapped is None:
        return
    assert 0 <= mapped[0] < mapped[1] <= len(HOMOGLYPH)
    assert fold(HOMOGLYPH[mapped[0] : mapped[1]]).text == fold(ORIGINAL[start:end]).text
