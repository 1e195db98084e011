"""Precision and recall of the run-together flags on the hand-labelled PolNeAR train sample.

    uv run python bench/runtogether_eval.py [--json PATH]

The sample (tests/nlp/fixtures/runtogether_labels.tsv) holds tokens and labels only; it is
read without the corpus. A token counts as flagged when `find_run_together(token)` flags it
whole. Prints the confusion counts, precision and recall, and the three seed-002 cases.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.nlp.runtogether import find_run_together  # noqa: E402

LABELS = ROOT / "tests" / "nlp" / "fixtures" / "runtogether_labels.tsv"
SEED_CASES = ("Kislyakhad", "Russia'sambassador", "afterthe")


def labelled() -> list[tuple[str, bool]]:
    rows = []
    for line in LABELS.read_text().splitlines():
        if line and not line.startswith("#"):
            token, label = line.split("\t")
            rows.append((token, label == "1"))
    return rows


def flagged(token: str) -> bool:
    return any(f.start == 0 and f.end == len(token) for f in find_run_together(token))


def evaluate() -> dict[str, float]:
    tp = fp = fn = tn = 0
    for token, joined in labelled():
        predicted = flagged(token)
        tp += predicted and joined
        fp += predicted and not joined
        fn += joined and not predicted
        tn += not predicted and not joined
    return {
        "tokens": tp + fp + fn + tn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "seed_002_cases_flagged": sum(flagged(t) for t in SEED_CASES),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--quick", action="store_true", help="same run (it takes seconds)")
    args = parser.parse_args()
    result = evaluate()
    print(f"{'tokens':>8} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4} {'precision':>10} {'recall':>7}")
    print(
        f"{result['tokens']:>8} {result['tp']:>4} {result['fp']:>4} {result['fn']:>4} "
        f"{result['tn']:>4} {result['precision']:>10.3f} {result['recall']:>7.3f}"
    )
    print(f"seed 002 cases flagged: {result['seed_002_cases_flagged']}/{len(SEED_CASES)}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
