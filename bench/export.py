"""Set export (JSONL) on PostgreSQL against a raw ``COPY (SELECT …) TO STDOUT`` of the same rows.

Usage: uv run python bench/export.py [--quick] [--json PATH] [--database-url URL]

Generates synthetic sets in SQL (``generate_series``; one claim and one attribution per row,
100 per article, plus sentences and sources), then, each in a fresh subprocess so peak RSS is
its own: exports the small and the large set as JSONL through ``claims.selectors.export`` (what
the API and ``manage.py export_set`` stream), and reads the same rows with COPY: articles,
sentences, claims and attributions as the exporter reads them ("copy"), and, stricter, only
the attribution rows joined with their claims ("copy_join"). Rates are attributions per second.
Prints a table and optionally writes JSON. Full run: 100k and 1M attributions; ``--quick``:
10k and 100k.

Targets: export rate >= 0.5 x the COPY rate; peak RSS growth from the small to the large set
< 50 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/claims_api_dev"
PER_ARTICLE = 100
SENTENCES_PER_ARTICLE = 20
TEXT_SQL = "repeat('Officials said the plan would pass, aides told reporters. ', 60)"
RSS_TARGET_MB = 50.0
RATIO_TARGET = 0.5


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()


def _ensure_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _generate(slug: str, rows: int) -> None:
    """A set with ``rows`` attributions (and as many claims), built inside PostgreSQL."""
    from django.db import connection, transaction

    from claims.models import AnnotationSet

    articles = max(1, rows // PER_ARTICLE)
    AnnotationSet.objects.filter(slug=slug).delete()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "INSERT INTO auth_user (username, password, is_superuser, first_name, last_name,"
            " email, is_staff, is_active, date_joined) VALUES ('bench', '!', false, '', '', '',"
            " false, false, now()) ON CONFLICT (username) DO NOTHING"
        )
        cur.execute("SELECT id FROM auth_user WHERE username = 'bench'")
        user_id = cur.fetchone()[0]
        cur.execute(
            "INSERT INTO claims_annotationset (name, slug, description, guidelines, created_at,"
            " annotators_may_import) VALUES (%s, %s, '', '', now(), false) RETURNING id",
            [slug, slug],
        )
        set_id = cur.fetchone()[0]
        cur.execute(
            "INSERT INTO claims_source (annotation_set_id, name, folded_name, kind, description,"
            " created_at, updated_at, version) SELECT %s, 'Source ' || g, 'source ' || g,"
            " 'person', '', now(), now(), 1 FROM generate_series(1, 1000) g",
            [set_id],
        )
        cur.execute(
            "INSERT INTO claims_article (annotation_set_id, title, outlet, author, url, text,"
            " folded_sha256, minhash, quality_flags, source_name, imported_at)"
            f" SELECT %s, 'Article ' || g, 'Bench Times', '', '', {TEXT_SQL},"
            " md5(%s || g::text) || md5(g::text), '', '{}', 'bench-' || g, now()"
            " FROM generate_series(1, %s) g",
            [set_id, slug, articles],
        )
        cur.execute(
            'INSERT INTO claims_sentence (article_id, index, start, "end", folded_text)'
            " SELECT a.id, s, s * 150, s * 150 + 120, '' FROM claims_article a,"
            " generate_series(0, %s - 1) s WHERE a.annotation_set_id = %s",
            [SENTENCES_PER_ARTICLE, set_id],
        )
        # One claim per row: k-th claim of an article at (k * 29) % 3300, 58 characters long.
        cur.execute(
            'INSERT INTO claims_claim (article_id, start, "end", parts, quote, folded_quote,'
            " prefix, suffix, status, origin, note, suggestion_key, created_by_id, created_at,"
            " updated_at, version, imported_annotator, imported_reviewer)"
            " SELECT a.id, (k * 29) %% 3300, (k * 29) %% 3300 + 58, '[]',"
            " substr(a.text, (k * 29) %% 3300 + 1, 58), '', '', '',"
            " (ARRAY['draft','submitted','approved'])[1 + k %% 3], 'manual', '', '', %s, now(),"
            " now(), 1, '', ''"
            " FROM claims_article a, generate_series(0, %s - 1) k"
            " WHERE a.annotation_set_id = %s",
            [user_id, PER_ARTICLE, set_id],
        )
        cur.execute(
            "INSERT INTO claims_attribution (article_id, claim_id, kind, source_id, source_start,"
            " source_end, source_parts, cue_start, cue_end, cue_parts, confidence, origin,"
            " details, suggestion_key, created_by_id, created_at, updated_at, version,"
            " imported_annotator)"
            " SELECT c.article_id, c.id, (ARRAY['sourced','anonymous','quoted'])[1 + c.id %% 3],"
            " (SELECT min(id) FROM claims_source WHERE annotation_set_id = %s) + c.id %% 1000,"
            ' c."end" + 1, c."end" + 9, \'[]\', c."end" + 10, c."end" + 14, \'[]\', 0.75,'
            " 'manual', '{}', '', %s, now(), now(), 1, ''"
            " FROM claims_claim c JOIN claims_article a ON a.id = c.article_id"
            " WHERE a.annotation_set_id = %s",
            [set_id, user_id, set_id],
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


# The same rows the export reads, each table as the exporter orders it: articles (with their
# text), sentences, claims and attributions, with user names and source names joined in.
COPY_SAME = [
    """COPY (SELECT id, title, outlet, author, url, published_at, source_name, text
             FROM claims_article WHERE annotation_set_id = {set_id} AND deleted_at IS NULL
             ORDER BY id) TO STDOUT""",
    """COPY (SELECT s.article_id, s.start, s."end" FROM claims_sentence s
             JOIN claims_article ar ON ar.id = s.article_id
             WHERE ar.annotation_set_id = {set_id} ORDER BY s.article_id, s.index) TO STDOUT""",
    """COPY (SELECT c.article_id, c.id, c.start, c."end", c.parts, c.status, c.origin, c.note,
                    u.username, c.version, c.created_at, c.updated_at
             FROM claims_claim c JOIN claims_article ar ON ar.id = c.article_id
             LEFT JOIN auth_user u ON u.id = c.created_by_id
             WHERE ar.annotation_set_id = {set_id} AND c.deleted_at IS NULL
             ORDER BY c.article_id, c.start, c."end", c.id) TO STDOUT""",
    """COPY (SELECT a.article_id, a.id, a.claim_id, a.kind, a.source_id, s.name,
                    a.source_start, a.source_end, a.source_parts, a.cue_start, a.cue_end,
                    a.cue_parts, a.confidence, a.origin, a.details, u.username, a.version,
                    a.created_at, a.updated_at
             FROM claims_attribution a JOIN claims_article ar ON ar.id = a.article_id
             LEFT JOIN claims_source s ON s.id = a.source_id
             LEFT JOIN auth_user u ON u.id = a.created_by_id
             WHERE ar.annotation_set_id = {set_id} AND a.deleted_at IS NULL
             ORDER BY a.article_id, a.id) TO STDOUT""",
]

# A stricter baseline: only the attribution rows with their claim's columns, one join.
COPY_JOIN = [
    """COPY (SELECT ar.id, ar.title, a.id, a.claim_id, a.kind, a.source_id, a.source_start,
                    a.source_end, a.source_parts, a.cue_start, a.cue_end, a.cue_parts,
                    a.confidence, a.origin, a.details, u.username, a.version, a.created_at,
                    a.updated_at, c.id, c.start, c."end", c.parts, c.status, c.origin, c.note,
                    c.version, c.created_at, c.updated_at, s.name
             FROM claims_attribution a
             JOIN claims_article ar ON ar.id = a.article_id
             LEFT JOIN claims_claim c ON c.id = a.claim_id
             LEFT JOIN claims_source s ON s.id = a.source_id
             LEFT JOIN auth_user u ON u.id = a.created_by_id
             WHERE ar.annotation_set_id = {set_id} AND a.deleted_at IS NULL
             ORDER BY a.article_id, a.id) TO STDOUT""",
]
COPIES = {"copy": COPY_SAME, "copy_join": COPY_JOIN}


def _peak_rss_mb() -> float:
    """This process's own high-water RSS (VmHWM); ``ru_maxrss`` would also count the
    parent's, which Linux carries across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(slug: str, what: str) -> dict[str, Any]:
    """Run in a fresh process: one export (or COPY), its time, bytes and peak RSS."""
    from django.db import connection

    from claims.models import AnnotationSet, Attribution
    from claims.selectors.export import export_stream

    annotation_set = AnnotationSet.objects.get(slug=slug)
    rows = Attribution.objects.filter(article__annotation_set=annotation_set).count()
    rss_before = _peak_rss_mb()
    size = 0
    start = time.perf_counter()
    if what == "export":
        for chunk in export_stream(annotation_set=annotation_set, fmt="jsonl"):
            size += len(chunk)
    else:
        connection.ensure_connection()
        raw = connection.connection
        with raw.transaction(), raw.cursor() as cur:
            for statement in COPIES[what]:
                with cur.copy(statement.format(set_id=annotation_set.pk)) as copy:
                    for block in copy:
                        size += len(block)
    seconds = time.perf_counter() - start
    return {
        "what": what,
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_s": round(rows / seconds),
        "bytes": size,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "rss_before_mb": round(rss_before, 1),
    }


def _child(url: str, slug: str, what: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--database-url", url, "--child", slug, what],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="10k and 100k rows instead of 100k and 1M"
    )
    parser.add_argument("--json", type=Path, help="write results to this JSON file")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--keep", action="store_true", help="reuse sets generated before")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        print("bench/export.py needs PostgreSQL (--database-url postgres://…)", file=sys.stderr)
        return 2
    if args.child:
        _setup_django(args.database_url)
        print(json.dumps(_measure(*args.child)))
        return 0

    _ensure_database(args.database_url)
    _setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from claims.models import AnnotationSet

    sizes = [10_000, 100_000] if args.quick else [100_000, 1_000_000]
    results: list[dict[str, Any]] = []
    for rows in sizes:
        slug = f"bench-export-{rows}"
        if not (args.keep and AnnotationSet.objects.filter(slug=slug).exists()):
            started = time.perf_counter()
            _generate(slug, rows)
            print(
                f"generated {rows:,} rows in {time.perf_counter() - started:.1f}s", file=sys.stderr
            )
        for what in ("copy", "copy_join", "export") * 2:
            results.append({"size": rows, **_child(args.database_url, slug, what)})

    def best(size: int, what: str) -> dict[str, Any]:
        runs = [r for r in results if r["size"] == size and r["what"] == what]
        return min(runs, key=lambda r: r["seconds"])

    print(
        f"{'rows':>10} {'what':>9} {'seconds':>8} {'rows/s':>10} {'MB out':>8} {'peak RSS MB':>12}"
    )
    for size in sizes:
        for what in ("copy", "copy_join", "export"):
            r = best(size, what)
            print(
                f"{size:>10,} {what:>9} {r['seconds']:>8.2f} {r['rows_per_s']:>10,}"
                f" {r['bytes'] / 1e6:>8.1f} {r['peak_rss_mb']:>12.1f}"
            )
    large, small = sizes[-1], sizes[0]
    ratio = best(large, "export")["rows_per_s"] / best(large, "copy")["rows_per_s"]
    ratio_join = best(large, "export")["rows_per_s"] / best(large, "copy_join")["rows_per_s"]
    growth = best(large, "export")["peak_rss_mb"] - best(small, "export")["peak_rss_mb"]
    print(f"export/COPY (same rows) at {large:,} rows: {ratio:.2f} (target >= {RATIO_TARGET})")
    print(f"export/COPY (one join, stricter) at {large:,} rows: {ratio_join:.2f}")
    print(
        f"peak RSS growth {small:,} -> {large:,} rows: {growth:.1f} MB (target < {RSS_TARGET_MB})"
    )
    summary = {
        "sizes": sizes,
        "runs": results,
        "ratio": round(ratio, 3),
        "ratio_one_join": round(ratio_join, 3),
        "rss_growth_mb": round(growth, 1),
        "targets_met": ratio >= RATIO_TARGET and growth < RSS_TARGET_MB,
    }
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 0 if summary["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
