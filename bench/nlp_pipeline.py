"""Throughput of claims.nlp.pipeline.analyze_article over the PolNeAR training texts.

Usage: uv run python bench/nlp_pipeline.py [--quick] [--json PATH] [--corpus DIR]
Prints a table (per stage and whole pipeline, KB/s on one core) and optionally writes JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.nlp import boilerplate, fingerprint, normalize, runtogether, segment  # noqa: E402
from claims.nlp.pipeline import analyze_article  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "polnear" / "train" / "text"
TARGET_KBPS = 600.0


def _time(fn: Callable[[str], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 articles, one repeat")
    parser.add_argument("--json", type=Path, help="write results to this JSON file")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()

    files = sorted(args.corpus.glob("*.txt"))
    if not files:
        print(f"no *.txt files in {args.corpus}", file=sys.stderr)
        return 2
    if args.quick:
        files = files[:100]
    texts = [f.read_text(encoding="utf-8") for f in files]
    size_kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    repeat = 1 if args.quick else 3
    # Warm the lazy tables (confusables, word counts) so they are not billed to the first run.
    analyze_article(texts[0])

    stages: dict[str, Callable[[str], object]] = {
        "fold": normalize.fold,
        "lookalike_words": normalize.find_lookalike_words,
        "segment_sentences": segment.segment_sentences,
        "paragraphs": segment.paragraphs,
        "boilerplate": boilerplate.find_boilerplate,
        "run_together": runtogether.find_run_together,
        "minhash": lambda t: fingerprint.minhash_signature(
            fingerprint.shingles(normalize.fold(t).text)
        ),
        "analyze_article": analyze_article,
    }
    rows: list[dict[str, float | str]] = []
    for name, fn in stages.items():
        seconds = _time(fn, texts, repeat)
        rows.append({"stage": name, "seconds": round(seconds, 4), "kb_per_s": size_kb / seconds})

    print(f"{len(texts)} articles, {size_kb:.0f} KB, best of {repeat}")
    print(f"{'stage':<20} {'seconds':>9} {'KB/s':>10}")
    for row in rows:
        print(f"{row['stage']:<20} {float(row['seconds']):>9.3f} {float(row['kb_per_s']):>10.0f}")
    total = float(rows[-1]["kb_per_s"])
    verdict = "OK" if total >= TARGET_KBPS else "BELOW TARGET"
    print(f"analyze_article: {total:.0f} KB/s (target {TARGET_KBPS:.0f} KB/s) {verdict}")
    if args.json:
        result = {
            "articles": len(texts),
            "kilobytes": round(size_kb, 1),
            "repeat": repeat,
            "stages": rows,
            "target_kb_per_s": TARGET_KBPS,
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
