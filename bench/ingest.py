"""Ingest throughput: PolNeAR train (840 articles) through the real import service into the
database (SQLite by default, PostgreSQL with DATABASE_URL), beside the pure text analysis
alone, measured in the same run.

    uv run python bench/ingest.py [--quick] [--json PATH]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="first 100 articles only")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()

    corpus = _django.SHARED / "polnear" / "train" / "text"
    if not corpus.is_dir():
        sys.exit(f"bench/ingest.py: {corpus} not found (PolNeAR train is read from ../shared)")
    vendor = _django.setup()

    from claims.models import AnnotationSet
    from claims.nlp.pipeline import analyze_article
    from claims.services.ingest import articles_import

    paths = sorted(corpus.glob("*.txt"))[: 100 if args.quick else None]
    files = [(p.name, p.read_bytes()) for p in paths]
    kb = sum(len(data) for _, data in files) / 1024
    texts = [data.decode("utf-8") for _, data in files]

    analyze_article(texts[0])  # load lazy tables (confusables, word frequencies) first
    started = time.perf_counter()
    for text in texts:
        analyze_article(text)
    analysis_s = time.perf_counter() - started

    annotation_set = AnnotationSet.objects.create(slug=f"bench-{time.time_ns()}", name="bench")
    started = time.perf_counter()
    outcome = articles_import(annotation_set=annotation_set, files=files, fmt="text")
    ingest_s = time.perf_counter() - started
    assert outcome.imported + len(outcome.skipped_duplicates) == len(files), outcome.errors

    figures = {
        "database": vendor,
        "articles": len(files),
        "kilobytes": round(kb, 1),
        "imported": outcome.imported,
        "near_duplicate_clusters": len(outcome.clusters),
        "analysis_kb_per_s": round(kb / analysis_s, 1),
        "ingest_seconds": round(ingest_s, 2),
        "ingest_articles_per_s": round(len(files) / ingest_s, 1),
        "ingest_kb_per_s": round(kb / ingest_s, 1),
        "ingest_over_analysis": round((kb / ingest_s) / (kb / analysis_s), 2),
        "target_kb_per_s": 300,
    }
    print(_django.table([(k, str(v)) for k, v in figures.items()]))
    _django.write_json(args.json, figures)


if __name__ == "__main__":
    main()
