"""Calibrated confidence: the isotonic map, the reliability table, the shipped map."""

import pytest

from claims.nlp.attribution import load_model, suggest_attributions
from claims.nlp.attribution.calibration import (
    Calibration,
    expected_calibration_error,
    fit_isotonic,
    reliability_table,
)


def test_isotonic_fit_is_monotone_and_matches_the_rates():
    # Raw 0.2 is right 1 of 4 times, raw 0.6 2 of 4, raw 0.9 4 of 4; one violator pooled.
    pairs = [(0.2, r) for r in (True, False, False, False)]
    pairs += [(0.6, r) for r in (True, True, False, False)]
    pairs += [(0.9, True)] * 4 + [(0.1, True)]
    cal = fit_isotonic(pairs)
    assert list(cal.xs) == sorted(cal.xs)
    assert list(cal.ys) == sorted(cal.ys)
    assert cal(0.6) == pytest.approx(0.5)
    assert cal(0.95) == 1.0
    assert cal(0.0) == pytest.approx(cal.ys[0])
    # (0.1, right) and the four 0.2s pool into one block: 2 right of 5.
    assert cal(0.15) == pytest.approx(0.4)
    assert Calibration.from_json(cal.to_json())(0.6) == pytest.approx(0.5)


def test_reliability_table_and_error():
    pairs = [(0.95, True)] * 9 + [(0.95, False)] + [(0.55, True), (0.55, False)]
    table = reliability_table(pairs)
    assert table == [
        {"bin": "0.5-0.6", "n": 2, "confidence": 0.55, "right": 0.5},
        {"bin": "0.9-1.0", "n": 10, "confidence": 0.95, "right": 0.9},
    ]
    assert expected_calibration_error(pairs) == pytest.approx((2 * 0.05 + 10 * 0.05) / 12, abs=1e-4)


def test_the_shipped_model_is_calibrated():
    model = load_model()
    assert model.calibration is not None
    assert model.calibration(0.0) >= 0.0
    assert model.calibration(1.0) <= 1.0
    text = "Harbor town news\n\nMayor Jane Doe said the bridge would reopen next week."
    found = suggest_attributions(text)
    assert found
    low, high = min(model.calibration.ys), max(model.calibration.ys)
    assert all(low <= s.confidence <= high for s in found)
