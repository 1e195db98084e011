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
