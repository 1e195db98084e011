"""Import cost per 1,000-article batch as a set grows: the generated feed (bench/newsgen.py,
seeded) imported through `articles_import` (the path of the UI upload, the API and
`manage.py import_articles`) in batches of 1,000 JSONL lines into one set, each batch timed
with the SQL statements it ran.

    uv run python bench/ingest_scale.py [--quick] [--total N] [--json PATH]

Full: 100,000 articles (batches 1, 10 and 100 reported); --quick: 10,000. SQLite by default,
PostgreSQL with DATABASE_URL. The cost of a batch must not grow with the set: the last batch
should cost at most 1.3 x the first.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django
import newsgen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 articles")
    parser.add_argument("--total", type=int, help="articles in all (default 100,000)")
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    total = args.total or (10_000 if args.quick else 100_000)
    vendor = _django.setup()

    from django.db import connection

    from claims.models import AnnotationSet, Article, CommonBandKey
    from claims.nlp.pool import available_cores
    from claims.services.ingest import articles_import

    statements = 0

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    annotation_set = AnnotationSet.objects.create(slug=f"scale-{time.time_ns()}", name="scale")
    texts = newsgen.feed()
    batches: list[dict[str, float | int]] = []
    started_all = time.perf_counter()
    for n in range(total // args.batch):
        lines = []
        for _ in range(args.batch):
            item = next(texts)
            record = {"title": item.title, "outlet": item.outlet, "text": item.text}
            lines.append(json.dumps(record))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        statements = 0
        started = time.perf_counter()
        with connection.execute_wrapper(count):
            outcome = articles_import(
                annotation_set=annotation_set, files=[(f"batch{n:03}.jsonl", data)], fmt="jsonl"
            )
        seconds = time.perf_counter() - started
        assert not outcome.errors, outcome.errors[:3]
        batches.append(
            {
                "batch": n + 1,
                "set_size_after": (n + 1) * args.batch,
                "seconds": round(seconds, 3),
                "articles_per_s": round(args.batch / seconds, 1),
                "imported": outcome.imported,
                "statements": statements,
            }
        )
        print(
            f"batch {n + 1:>4}: {seconds:6.2f} s  {args.batch / seconds:6.0f} articles/s  "
            f"{statements} statements",
            file=sys.stderr,
        )
    elapsed = time.perf_counter() - started_all
    first = batches[0]["seconds"]
    last = batches[-1]["seconds"]
    head = statistics.median(float(b["seconds"]) for b in batches[:5])
    tail = statistics.median(float(b["seconds"]) for b in batches[-5:])
    shown = [b for b in batches if b["batch"] in (1, 10, 100) or b is batches[-1]]
    rows = [
        (
            f"batch {b['batch']} (set {b['set_size_after']:,})",
            f"{b['seconds']:.2f} s  {b['articles_per_s']:.0f} articles/s  {b['statements']} stmts",
        )
        for b in shown
    ]
    figures = {
        "database": vendor,
        "cores": available_cores(),
        "articles": total,
        "stored": Article.objects.filter(annotation_set=annotation_set).count(),
        "clusters": Article.objects.filter(annotation_set=annotation_set)
        .exclude(cluster=None)
        .values("cluster")
        .distinct()
        .count(),
        "common_band_keys": CommonBandKey.objects.filter(annotation_set=annotation_set).count(),
        "seconds": round(elapsed, 1),
        "articles_per_s": round(total / elapsed, 1),
        "last_over_first": round(float(last) / float(first), 2),
        "median_last5_over_first5": round(tail / head, 2),
        "batches": batches,
    }
    print(_django.table(rows + [(k, str(v)) for k, v in figures.items() if k != "batches"]))
    _django.write_json(args.json, figures)


if __name__ == "__main__":
    main()
