"""The agreement arithmetic against hand-worked examples and the ``krippendorff`` package."""

import random

import krippendorff
import numpy as np
import pytest

from claims.nlp.agreement import (
    Item,
    Work,
    agreement,
    exact_matches,
    match_attributions,
    overlap,
    overlap_matches,
)
from claims.nlp.agreement_coefficients import cohen_kappa, krippendorff_alpha


def test_overlap_counts_shared_characters_of_discontinuous_spans():
    assert overlap(((0, 10),), ((5, 20),)) == 5
    assert overlap(((0, 3), (6, 9)), ((2, 7),)) == 2
    assert overlap(((0, 3),), ((3, 5),)) == 0


def test_exact_and_overlap_matches_are_one_to_one():
    a = [((0, 10),), ((20, 30),)]
    b = [((0, 10),), ((25, 40),), ((2, 4),)]
    assert exact_matches(a, b) == 1
    # (0,10) takes (0,10) (the larger overlap), not (2,4); (20,30) takes (25,40).
    assert overlap_matches(a, b) == 2


def test_cohen_kappa_textbook_example():
    # 50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> po 0.7, pe 0.5, kappa 0.4.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("a", "a")] * 3) is None
    assert cohen_kappa([]) is None


@pytest.mark.parametrize("seed", range(8))
def test_alpha_matches_the_krippendorff_package(seed):
    rng = random.Random(seed)
    coders, units = rng.randint(2, 6), rng.randint(5, 40)
    matrix = [
        [rng.choice([0, 1, 2, None, 0]) if rng.random() > 0.2 else None for _ in range(units)]
        for _ in range(coders)
    ]
    by_unit = [[row[u] for row in matrix if row[u] is not None] for u in range(units)]
    data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    if sum(len(v) for v in by_unit if len(v) > 1) < 2 or len({x for v in by_unit for x in v}) < 2:
        pytest.skip("random draw without two pairable values")
    ours = krippendorff_alpha(by_unit)
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ours == pytest.approx(theirs)


def test_attributions_match_on_cue_and_content_overlap():
    a = [Item(cue=((10, 14),), content=((15, 40),)), Item(cue=((50, 55),))]
    b = [Item(cue=((50, 55),)), Item(cue=((9, 14),), content=((15, 38),)), Item(cue=((90, 95),))]
    assert match_attributions(a, b) == [(0, 1), (1, 0)]


def test_agreement_report_pairs_and_units():
    quoted = Item(cue=((0, 4),), content=((5, 20),), source=((30, 35),), kind="quoted")
    sourced = Item(cue=((0, 4),), content=((5, 20),), source=((30, 35),), kind="sourced")
    works = {
        1: {
            "ann": Work(attributions=[quoted]),
            "bob": Work(attributions=[sourced]),
            "cy": Work(attributions=[quoted]),
        },
        2: {"ann": Work(claims=[((0, 9),)])},  # one annotator: left out
    }
    report = agreement(works).as_dict()
    assert report["annotators"] == ["ann", "bob", "cy"]
    assert report["shared_articles"] == 1
    ann_cy = next(p for p in report["pairs"] if (p["a"], p["b"]) == ("ann", "cy"))
    assert ann_cy["content_f1_exact"] == 1.0
    assert ann_cy["matched_attributions"] == 1
    assert ann_cy["source_identity"] == 1.0  # neither has a source record: both None
    # One unit coded quoted, sourced, quoted.
    assert report["articles"][0]["units"] == 1
    assert report["alpha_kind"] == pytest.approx(
        krippendorff.alpha(reliability_data=[[0], [1], [0]], level_of_measurement="nominal"),
        abs=1e-4,
    )
