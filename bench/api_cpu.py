"""CPU per API request through the whole WSGI stack (the handler gunicorn calls: every
middleware, token authentication, DRF, the services), in process, so the figure is ours
alone and not the HTTP client's or the scheduler's on a shared machine.

    uv run python bench/api_cpu.py [--requests N] [--profile save|nested|read] [--json PATH]

Steps as in bench/peer.py: save one annotation (a claim with its attribution, one
``POST /api/v1/annotations/``), the nested save (5 claims + 5 attributions + 1 link) and the
article read with ``?expand=claims,attributions,links,sources``. Reports process-CPU
milliseconds per request (median of the requests) and the statements each runs;
``--profile`` prints that step's heaviest functions under cProfile (CPU time, cumulative
and own).
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django
import newsgen
import peer


def _count(queries, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
    queries.append(sql)
    return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", choices=["save", "nested", "read"])
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    os.environ.update(
        {"ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0"}
    )
    vendor = _django.setup()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from claims.models import AnnotationSet, Article, Membership, Role
    from claims.services.interchange import annotations_import
    from claims.services.tokens import api_token_create

    count = min(args.requests, 200)
    texts = newsgen.generate(count)
    annotated = AnnotationSet.objects.create(slug="cpu", name="cpu")
    annotations_import(
        annotation_set=annotated,
        files=[("a.jsonl", peer._annotated_jsonl(texts, 1))],
        fmt="jsonl",
        user=None,
    )
    user = get_user_model().objects.create_user(username="cpu", password="x")
    Membership.objects.create(user=user, annotation_set=annotated, role=Role.ANNOTATOR)
    _, key = api_token_create(user=user, name="cpu")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    articles = list(Article.objects.filter(annotation_set=annotated).order_by("id"))
    by_text = {t.text: t for t in texts}
    pairs = [(a, by_text[a.text]) for a in articles]
    url = "/api/v1/annotations/"
    steps = {
        "save": [("POST", url, peer._one_annotation(a, t, n)) for n, (a, t) in enumerate(pairs)],
        "nested": [("POST", url, peer._nested(a, t, 3)) for a, t in pairs],
        "read": [("GET", f"/api/v1/articles/{a.pk}/?expand={peer.EXPAND}", None) for a, _ in pairs],
    }
    client.get(steps["read"][0][1])  # the token's last-used touch, once a minute

    def call(method: str, path: str, body: dict | None) -> int:
        if method == "GET":
            return client.get(path).status_code
        payload = json.dumps(body)
        return client.post(path, payload, content_type="application/json").status_code

    rows, figures = [], {"database": vendor, "requests": args.requests}
    for name, batch in steps.items():
        batch = (batch * (1 + args.requests // len(batch)))[: args.requests]
        if name != "read":  # each save once: a repeated span would be a second claim anyway
            batch = batch[: len(pairs)]
        queries: list[str] = []
        with connection.execute_wrapper(partial(_count, queries)):
            assert call(*batch[0]) in (200, 201)
        cpu = []
        profiler = cProfile.Profile(time.process_time) if args.profile == name else None
        for request in batch[1:]:
            started = time.process_time()
            if profiler:
                profiler.enable()
            status = call(*request)
            if profiler:
                profiler.disable()
            cpu.append((time.process_time() - started) * 1000)
            assert status in (200, 201), status
        p50 = statistics.median(cpu)
        figures[f"{name}_cpu_ms"] = round(p50, 2)
        figures[f"{name}_statements"] = len(queries)
        rows.append((name, f"CPU p50 {p50:.2f} ms, {len(queries)} statements"))
        if profiler:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)
    print(_django.table(rows))
    _django.write_json(args.json, figures)


if __name__ == "__main__":
    main()
