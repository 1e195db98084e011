"""Link suggestions and search on PostgreSQL as the number of stored claims grows.

Usage: uv run python bench/suggest.py [--quick] [--reuse] [--json PATH] [--database-url URL]

Generates synthetic claims inside PostgreSQL (INSERT … SELECT over ``generate_series``, seeded):
12-19 words each drawn from a 5,000-word English vocabulary with a Zipf-like skew, 50 claims
and one sentence per article. At each size it times, over 40 claims / 40 queries after a
warm-up, ``span_suggestions`` (what the link dialog, the API and ``manage.py suggest_links``
call) and ``search`` (the search page and ``/api/v1/search/``), and reports p50/p95 in ms.
Each size has its own database, ``<name>_10k``, ``<name>_1m`` (``--database-url`` names the
stem); generation drops the secondary indexes, inserts, rebuilds them and runs ``VACUUM
ANALYZE`` (a bulk load), at lower CPU priority. ``--reuse`` keeps a size's database that
already holds that many claims (migrating it), so the measurement can be repeated without
generating again.
Full run: 10,000 and 1,000,000 claims; ``--quick``: 10,000 and 100,000. The load average
(1 minute) before and after each measurement is reported: the machine is shared.

Targets: suggestion p95 at the largest size <= 3 x its p95 at 10k; search p95 at the largest
size < 100 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/claims_i10_bench"
PER_ARTICLE = 50
VOCABULARY = 5000
SAMPLES = 40
RATIO_TARGET = 3.0
SEARCH_TARGET_MS = 100.0


def _database(url: str, size: int) -> str:
    """One database per size (``<name>_10k``, ``<name>_1m``), so ``--reuse`` can keep each."""
    label = f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k"
    return f"{url}_{label}"


def _claims_in(url: str) -> int | None:
    """Claims stored in an existing bench database, or None when there is none to reuse."""
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            return None
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM claims_claim").fetchone()
    except psycopg.Error:
        return None
    return int(row[0]) if row else None


def _connect(url: str, *, create: bool) -> None:
    """Point Django at ``url`` (a fresh, migrated database when ``create``)."""
    import psycopg

    if create:
        base, _, name = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnop")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    os.environ["TASKS_BACKEND"] = "dummy"
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    if not settings.configured:
        django.setup()
    # The next size is another database: reconnect (settings were read at startup).
    connections["default"].close()
    connections["default"].settings_dict.update(_url_settings(url))
    # A reused database may predate a migration merged since: bring it up to date.
    call_command("migrate", verbosity=0)


def _url_settings(url: str) -> dict[str, Any]:
    import dj_database_url

    parsed = dj_database_url.parse(url)
    return {k: parsed[k] for k in ("NAME", "USER", "PASSWORD", "HOST", "PORT") if k in parsed}


def _vocabulary() -> list[str]:
    """Frequent English words (wordsegment's unigram counts), stop words left out."""
    from claims.nlp.corroboration import STOP_WORDS
    from claims.nlp.runtogether import _unigrams

    counts = _unigrams()
    words = [w for w in sorted(counts, key=lambda w: -counts[w]) if w.isalpha() and len(w) > 2]
    return [w for w in words if w not in STOP_WORDS][:VOCABULARY]


def _grow(set_id: int, start: int, stop: int, vocab: list[str]) -> None:
    """Claims ``start``..``stop``-1 (and their articles and sentences), generated in SQL.

    The secondary indexes of the two tables are dropped first and built once at the end (as a
    bulk load would), and this connection's server process runs at lower CPU priority; the
    connection is closed afterwards, so the measurement runs on a fresh one at normal priority.
    """
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        _renice(cur.fetchone()[0])
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
            " AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
            [["claims_claim", "claims_sentence"]],
        )
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    _insert(set_id, start, stop, vocab)
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cur.execute(definition)
        # What autovacuum does soon after a bulk load: visibility map and statistics.
        cur.execute("VACUUM ANALYZE claims_claim")
        cur.execute("VACUUM ANALYZE claims_sentence")
        cur.execute("VACUUM ANALYZE claims_article")
    connection.close()


def _renice(pid: int) -> None:
    """Lower the CPU priority of our own server process while generating (a local server)."""
    # A remote server or another user's process: generate at normal priority.
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, 10)


def _insert(set_id: int, start: int, stop: int, vocab: list[str]) -> None:
    from django.db import connection, transaction

    first_article, last_article = start // PER_ARTICLE, (stop - 1) // PER_ARTICLE
    words = "(SELECT string_agg((%s::text[])[1 + floor(power(random(), 2.2) * %s)::int], ' ')"
    words += " FROM generate_series(1, 12 + (g %% 8) + 0 * g))"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT setseed(%s)", [(start % 1000) / 1000])
        cur.execute(
            "INSERT INTO claims_article (id, annotation_set_id, title, outlet, author, url, text,"
            " folded_sha256, minhash, quality_flags, source_name, imported_at)"
            " SELECT g + 1, %s, 'Article ' || g, 'Bench Times', '', '', repeat('x', 400),"
            " md5(g::text) || md5('a' || g::text), '', '{}', 'bench-' || g, now()"
            " FROM generate_series(%s, %s) g WHERE g >= %s",
            [set_id, first_article, last_article, (start + PER_ARTICLE - 1) // PER_ARTICLE],
        )
        cur.execute(
            'INSERT INTO claims_sentence (article_id, index, start, "end", folded_text)'
            f" SELECT g + 1, 0, 0, 200, {words} FROM generate_series(%s, %s) g WHERE g >= %s",
            [
                vocab,
                VOCABULARY,
                first_article,
                last_article,
                (start + PER_ARTICLE - 1) // PER_ARTICLE,
            ],
        )
        cur.execute(
            'INSERT INTO claims_claim (article_id, start, "end", parts, quote, folded_quote,'
            " prefix, suffix, status, origin, note, suggestion_key, created_at, updated_at,"
            " version, imported_annotator, imported_reviewer)"
            f" SELECT g / {PER_ARTICLE} + 1, (g %% {PER_ARTICLE}) * 4,"
            f" (g %% {PER_ARTICLE}) * 4 + 3, '[]', q, q, '', '', 'draft', 'manual', '', '',"
            f" now(), now(), 1, '', ''"
            f" FROM (SELECT g, {words} AS q FROM generate_series(%s, %s) g) s",
            [vocab, VOCABULARY, start, stop - 1],
        )
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('claims_article', 'id'),"
            " (SELECT max(id) FROM claims_article))"
        )


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _measure(set_id: int, size: int, vocab: list[str]) -> dict[str, Any]:
    from claims.models import Article, Claim
    from claims.selectors.corroboration import span_suggestions
    from claims.selectors.search import SearchFilters, search

    rng = random.Random(size)
    ids = [rng.randrange(1, size) for _ in range(SAMPLES + 5)]
    claims = list(Claim.objects.filter(pk__in=ids).select_related("article"))
    suggest_ms: list[float] = []
    for i, claim in enumerate(claims[: SAMPLES + 5]):
        # A claim quote stands in for the span: the dialog ranks exactly this text.
        article = Article(pk=claim.article_id, text=claim.quote, cluster_id=None)
        t = time.perf_counter()
        span_suggestions(article=article, start=0, end=len(claim.quote), set_ids=[set_id])
        if i >= 5:  # the first few warm caches
            suggest_ms.append((time.perf_counter() - t) * 1000)
    filters = SearchFilters(set_ids=[set_id])
    search_ms: list[float] = []
    for i in range(SAMPLES + 5):
        # Two words: one common-ish, one from the long tail.
        query = f"{vocab[rng.randrange(20, 300)]} {vocab[rng.randrange(300, VOCABULARY)]}"
        t = time.perf_counter()
        search(query=query, filters=filters)
        if i >= 5:
            search_ms.append((time.perf_counter() - t) * 1000)
    return {
        "claims": size,
        "suggest_p50_ms": round(_pct(suggest_ms, 50), 1),
        "suggest_p95_ms": round(_pct(suggest_ms, 95), 1),
        "search_p50_ms": round(_pct(search_ms, 50), 1),
        "search_p95_ms": round(_pct(search_ms, 95), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k claims")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep each size's database and reuse it when it holds that many claims",
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [10_000, 1_000_000]
    vocab: list[str] = []
    results = []
    for size in sizes:
        url = _database(args.database_url, size)
        reuse = args.reuse and _claims_in(url) == size
        _connect(url, create=not reuse)
        from claims.models import AnnotationSet

        vocab = vocab or _vocabulary()
        generated = 0.0
        if not reuse:
            t = time.perf_counter()
            set_id = AnnotationSet.objects.create(name="Bench", slug="bench-suggest").pk
            _grow(set_id, 0, size, vocab)
            generated = time.perf_counter() - t
        set_id = AnnotationSet.objects.get(slug="bench-suggest").pk
        load = os.getloadavg()[0]
        row = _measure(set_id, size, vocab)
        row["generate_s"] = round(generated, 1)
        row["reused"] = reuse
        row["load_before"] = round(load, 2)
        row["load_after"] = round(os.getloadavg()[0], 2)
        results.append(row)
    small, large = results[0], results[-1]
    summary = {
        "suggest_p95_ratio": round(large["suggest_p95_ms"] / small["suggest_p95_ms"], 2),
        "suggest_ratio_target": RATIO_TARGET,
        "search_p95_large_ms": large["search_p95_ms"],
        "search_target_ms": SEARCH_TARGET_MS,
    }
    summary["pass"] = (
        summary["suggest_p95_ratio"] <= RATIO_TARGET and large["search_p95_ms"] < SEARCH_TARGET_MS
    )
    header = f"{'claims':>10} {'suggest p50':>12} {'suggest p95':>12} {'search p50':>11}"
    print(header + f" {'search p95':>11} {'generate s':>11} {'load 1m':>9}")
    for r in results:
        print(
            f"{r['claims']:>10,} {r['suggest_p50_ms']:>10.1f}ms {r['suggest_p95_ms']:>10.1f}ms"
            f" {r['search_p50_ms']:>9.1f}ms {r['search_p95_ms']:>9.1f}ms {r['generate_s']:>11.1f}"
            f" {r['load_before']:>4.2f}/{r['load_after']:.2f}"
        )
    print(
        f"suggest p95 ratio {summary['suggest_p95_ratio']} (target <= {RATIO_TARGET}); "
        f"search p95 at {large['claims']:,}: {large['search_p95_ms']} ms "
        f"(target < {SEARCH_TARGET_MS:.0f}); {'PASS' if summary['pass'] else 'FAIL'}"
    )
    if args.json:
        args.json.write_text(json.dumps({"results": results, "summary": summary}, indent=2))


if __name__ == "__main__":
    main()
