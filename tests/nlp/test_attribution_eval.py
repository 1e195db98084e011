"""The attribution metric on tiny constructed gold/prediction pairs."""

import pytest

from claims.interop.brat import BratAttribution
from claims.nlp.attribution_eval import max_matching, score

TEXT = "Ann Lee said the plan works. Critics say it fails, officials said."
#       0123456789012345678901234567890123456789012345678901234567890123456
ANN, SAID, PLAN = (0, 7), (8, 12), (13, 27)
CRITICS, SAY, FAILS = (29, 36), (37, 40), (41, 49)
OFFICIALS, SAID2 = (51, 60), (61, 65)


def attr(cue, source=None, content=None, kind=None):
    return BratAttribution(
        cue=(cue,),
        source=(source,) if source else (),
        content=(content,) if content else (),
        kind=kind,
    )


GOLD = [
    attr(SAID, ANN, PLAN),
    attr(SAY, CRITICS, FAILS),
    attr(SAID2, OFFICIALS, FAILS),
]


def f1(result, role, mode="exact"):
    return result[role][mode]["f1"]


def test_text_offsets_are_what_the_constants_say():
    assert TEXT[slice(*ANN)] == "Ann Lee"
    assert TEXT[slice(*PLAN)] == "the plan works"
    assert TEXT[slice(*FAILS)] == "it fails"
    assert TEXT[slice(*SAID2)] == "said"


def test_perfect_prediction_scores_100():
    result = score([(TEXT, [GOLD], GOLD)])
    for role in ("source", "cue", "content", "linked"):
        assert f1(result, role) == 100.0
        assert f1(result, role, "lenient") == 100.0
    assert result["kind_accuracy"] == 100.0
    assert result["articles"] == 1


def test_punctuation_is_ignored_but_token_sets_must_match_exactly():
    pred = [
        attr(SAID, (0, 8), (13, 28)),  # "Ann Lee " and "the plan works." — same tokens
        attr(SAY, (29, 36), (41, 45)),  # content "it f" covers "it" and part of "fails"
    ]
    result = score([(TEXT, [GOLD[:2]], pred)])
    assert f1(result, "source") == 100.0
    assert f1(result, "content") == 100.0  # a partly covered token counts as covered
    pred = [attr(SAID, (4, 7), (13, 21))]  # "Lee", "the plan"
    result = score([(TEXT, [GOLD[:1]], pred)])
    assert f1(result, "source") == 0.0
    assert f1(result, "source", "lenient") == 100.0
    assert f1(result, "content") == 0.0
    assert f1(result, "content", "lenient") == 100.0


def test_precision_and_recall_are_micro_averaged():
    pred = [attr(SAID, ANN, PLAN), attr((22, 27), None, None)]  # a spurious cue "works"
    result = score([(TEXT, [GOLD], pred)])
    assert result["cue"]["exact"] == {"p": 50.0, "r": pytest.approx(33.33), "f1": 40.0}


def test_matching_is_one_to_one():
    # Two gold contents share the same tokens; one prediction may match only one of them.
    pred = [attr(SAY, CRITICS, FAILS)]
    result = score([(TEXT, [GOLD], pred)])
    assert result["content"]["exact"]["r"] == pytest.approx(33.33)
    assert result["content"]["exact"]["p"] == 100.0


def test_linked_needs_cue_and_source_of_the_same_attribution():
    swapped = [attr(SAY, OFFICIALS, FAILS), attr(SAID2, CRITICS, FAILS), attr(SAID, ANN, PLAN)]
    result = score([(TEXT, [GOLD], swapped)])
    assert f1(result, "cue") == 100.0
    assert f1(result, "source") == 100.0
    assert f1(result, "linked") == pytest.approx(33.33)


def test_linked_without_source_counts_both_absent_as_a_match():
    gold = [attr(SAY, None, FAILS)]
    assert f1(score([(TEXT, [gold], [attr(SAY, None, FAILS)])]), "linked") == 100.0
    assert f1(score([(TEXT, [gold], [attr(SAY, CRITICS, FAILS)])]), "linked") == 0.0
    assert f1(score([(TEXT, [[attr(SAY, CRITICS)]], [attr(SAY)])]), "linked") == 0.0


def test_several_annotators_are_averaged():
    other = [attr(SAID, ANN, PLAN)]
    result = score([(TEXT, [GOLD, other], other)])
    # Against GOLD: P 1/1, R 1/3; against `other`: P 1, R 1. Averaged counts: tp 1, fn 1.
    assert result["cue"]["exact"]["r"] == 50.0
    assert result["cue"]["exact"]["p"] == 100.0


def test_kind_accuracy_uses_gold_kinds_derived_by_the_same_rules():
    pred = [attr(SAID, ANN, PLAN, kind="anonymous"), attr(SAY, CRITICS, FAILS, kind="anonymous")]
    result = score([(TEXT, [GOLD[:2]], pred)])
    assert result["kind_accuracy"] == 50.0  # gold: Ann Lee → sourced; critics → anonymous


def test_max_matching_finds_augmenting_paths():
    edges = {(0, 0), (0, 1), (1, 0)}
    assert sorted(max_matching(2, 2, lambda i, j: (i, j) in edges)) == [(0, 1), (1, 0)]


# The published metric (CofeNet, COLING 2022): BIO segments per paragraph, punctuation counts.
QTEXT = "“We will win,” Ann Lee said.\n“It is done.\n“Really done,” she added."


def at(fragment, start=0):
    i = QTEXT.index(fragment, start)
    return (i, i + len(fragment))


Q1, LEE, SAID_Q = at("“We will win,”"), at("Ann Lee"), at("said")
Q2_FIRST, Q2_SECOND = at("“It is done."), at("“Really done,”")
Q2 = (Q2_FIRST[0], Q2_SECOND[1])  # runs over a newline
SHE, ADDED = at("she"), at("added")


def pub(result, role):
    return result["published"][role]


def test_published_metric_counts_the_quote_marks_at_the_edge():
    gold = [attr(SAID_Q, LEE, Q1)]
    assert pub(score([(QTEXT, [gold], gold)]), "content") == {"p": 100.0, "r": 100.0, "f1": 100.0}
    inner = [attr(SAID_Q, LEE, (Q1[0] + 1, Q1[1] - 2))]  # "We will win" without ",”"
    assert QTEXT[slice(*inner[0].content[0])] == "We will win"
    result = score([(QTEXT, [gold], inner)])
    assert pub(result, "content")["f1"] == 0.0
    assert f1(result, "content") == 100.0  # the token-set metric ignores punctuation
    assert pub(result, "source")["f1"] == 100.0
    assert pub(result, "cue")["f1"] == 100.0
    # Whitespace around a span is no boundary difference: the same tokens are covered.
    padded = [attr((SAID_Q[0] - 1, SAID_Q[1]), (LEE[0] - 1, LEE[1] + 1), Q1)]
    assert pub(score([(QTEXT, [gold], padded)]), "source")["f1"] == 100.0
    assert pub(score([(QTEXT, [gold], padded)]), "cue")["f1"] == 100.0
    # The full stop after the cue is a token: taking it in is a miss.
    dotted = [attr((SAID_Q[0], SAID_Q[1] + 1), LEE, Q1)]
    assert pub(score([(QTEXT, [gold], dotted)]), "cue")["f1"] == 0.0


def test_published_metric_splits_a_span_at_each_paragraph():
    gold = [attr(ADDED, SHE, Q2)]
    assert pub(score([(QTEXT, [gold], gold)]), "content") == {"p": 100.0, "r": 100.0, "f1": 100.0}
    # The span crossing the newline is two segments: predicting them as two parts is the same …
    parts = [BratAttribution(cue=(ADDED,), source=(SHE,), content=(Q2_FIRST, Q2_SECOND))]
    assert pub(score([(QTEXT, [gold], parts)]), "content")["f1"] == 100.0
    # … and predicting only the first paragraph's part finds one of two segments.
    first = [attr(ADDED, SHE, Q2_FIRST)]
    result = score([(QTEXT, [gold], first)])
    assert pub(result, "content") == {"p": 100.0, "r": 50.0, "f1": pytest.approx(66.67)}
    # A predicted part that stops one token short of the paragraph's end is wrong.
    short = [attr(ADDED, SHE, (Q2_FIRST[0], Q2_FIRST[1] - 1))]
    assert pub(score([(QTEXT, [gold], short)]), "content")["f1"] == 0.0


def test_published_metric_counts_each_annotator_as_a_sample():
    one = [attr(SAID_Q, LEE, Q1)]
    two = [attr(SAID_Q, LEE, (Q1[0] + 1, Q1[1] - 2)), attr(ADDED, SHE, Q2_SECOND)]
    result = score([(QTEXT, [one, two], one)])
    # Cue: sample 1 tp 1 / pred 1 / gold 1, sample 2 tp 1 / pred 1 / gold 2 → P 2/2, R 2/3.
    assert pub(result, "cue") == {"p": 100.0, "r": pytest.approx(66.67), "f1": 80.0}
    # Content: right in sample 1, wrong in sample 2 → tp 1, pred 2, gold 3.
    assert pub(result, "content") == {"p": 50.0, "r": pytest.approx(33.33), "f1": 40.0}
    # The token-set metric ignores the marks and averages the annotators: tp 1, fp 0, fn 0.5.
    assert result["content"]["exact"] == {"p": 100.0, "r": pytest.approx(66.67), "f1": 80.0}


def test_published_metric_counts_a_shared_source_once():
    text = "Ann Lee said it works and added it is cheap."
    gold = [attr((8, 12), (0, 7), (13, 21)), attr((26, 31), (0, 7), (32, 43))]
    assert pub(score([(text, [gold], gold)]), "source") == {"p": 100.0, "r": 100.0, "f1": 100.0}
    alone = score([(text, [gold], [gold[0]])])
    assert pub(alone, "source")["r"] == 100.0  # one segment "Ann Lee", found
    assert pub(alone, "cue")["r"] == 50.0
