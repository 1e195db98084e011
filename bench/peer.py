"""Our side of the Label Studio comparison (issue 14), on the seeded generated feed
(bench/newsgen.py): the same steps, measured the same way.

    uv run python bench/peer.py [--quick] [--json PATH]

1. import N plain texts (JSONL, through `articles_import`: the UI upload's, the API's and
   `import_articles`' path);
2. import N texts with annotations (our JSONL bundles: 5 claims + 1 link each, through the
   annotation importer);
3. save one annotation (a claim with its attribution: one `POST /api/v1/annotations/`), p50,
   sequential over HTTP against gunicorn (2 workers) — PostgreSQL only;
4. nested save: 5 claims + 5 attributions + 1 link in one POST, p50, same server;
5. read one article with its annotations (`GET /api/v1/articles/<id>/?expand=…`), p50;
6. export the N annotated texts as JSONL (`claims.selectors.export`), seconds and peak RSS.

Statement counts come from the same requests run in-process (Django test client; BEGIN and
COMMIT are counted). Full: N =
10,000 and 200 requests per HTTP step; --quick: N = 1,000 and 50 requests. PostgreSQL with
DATABASE_URL (the HTTP steps are skipped on SQLite).
"""

import argparse
import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django
import newsgen

EXPAND = "claims,attributions,links,sources"


def _reset_peak_rss() -> None:
    """Linux: writing 5 to clear_refs resets VmHWM to the current RSS."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _rss_mb(field: str = "VmHWM") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _plain_jsonl(texts: list[newsgen.NewsText]) -> bytes:
    lines = [json.dumps({"title": t.title, "outlet": t.outlet, "text": t.text}) for t in texts]
    return ("\n".join(lines) + "\n").encode()


# Files of at most this many texts each (about 7.5 MB): one upload may not pass the
# per-upload size limit, so 10,000 texts go as several files of one import.
TEXTS_PER_FILE = 2_000


def _files(
    name: str, texts: list[newsgen.NewsText], make: Callable[[list[newsgen.NewsText], int], bytes]
) -> list[tuple[str, bytes]]:
    return [
        (
            f"{name}-{start // TEXTS_PER_FILE}.jsonl",
            make(texts[start : start + TEXTS_PER_FILE], start),
        )
        for start in range(0, len(texts), TEXTS_PER_FILE)
    ]


def _annotated_jsonl(texts: list[newsgen.NewsText], first_id: int) -> bytes:
    lines = []
    for n, t in enumerate(texts):
        base = (first_id + n) * 10
        claims = [
            {"id": base + k, "start": q[0], "end": q[1], "status": "draft"}
            for k, q in enumerate(t.quotes[:5])
        ]
        links = [{"id": base, "from_claim": base, "to_claim": base + 1, "relation": "repeats"}]
        bundle = {
            "format": "claim-annotator/1",
            "article": {"title": t.title, "outlet": t.outlet, "text": t.text},
            "claims": claims,
            "attributions": [],
            "sources": [],
            "links": links,
            "marks": [],
        }
        lines.append(json.dumps(bundle))
    return ("\n".join(lines) + "\n").encode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn, 2 workers, on the bench database."""

    def __init__(self, database_url: str) -> None:
        self.port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "TASKS_BACKEND": "dummy",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "annotator.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=_django.ROOT,
            env=env,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _timed_requests(
    port: int, key: str, requests: list[tuple[str, str, dict | None]]
) -> tuple[list[float], list[int]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {key}", "Content-Type": "application/json"}
    times, statuses = [], []
    for method, url, body in requests:
        payload = json.dumps(body) if body is not None else None
        started = time.perf_counter()
        connection.request(method, url, body=payload, headers=headers)
        response = connection.getresponse()
        response.read()
        times.append((time.perf_counter() - started) * 1000)
        statuses.append(response.status)
    connection.close()
    return times, statuses


def _statements(client, method: str, url: str, body: dict | None) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url) if method == "GET" else client.post(url, body, format="json")
    assert response.status_code in (200, 201), response.content[:300]
    return len(queries)


def _one_annotation(article, text: newsgen.NewsText, n: int) -> dict:  # type: ignore[no-untyped-def]
    q = text.quotes[n % 5]
    return {
        "claims": [
            {
                "article": article.pk,
                "start": q[0],
                "end": q[1] - (n // 5) % 3,
                "attributions": [
                    {
                        "kind": "sourced",
                        "source_name": text.text[q[2] : q[3]],
                        "source_start": q[2],
                        "source_end": q[3],
                        "cue_start": q[4],
                        "cue_end": q[5],
                    }
                ],
            }
        ]
    }


def _nested(article, text: newsgen.NewsText, n: int) -> dict:  # type: ignore[no-untyped-def]
    claims = []
    for k, q in enumerate(text.quotes[:5]):
        claims.append(
            {
                "article": article.pk,
                "ref": f"c{k}",
                "start": q[0],
                "end": q[1] - n % 7,
                "attributions": [
                    {
                        "kind": "sourced",
                        "source_name": text.text[q[2] : q[3]],
                        "source_start": q[2],
                        "source_end": q[3],
                        "cue_start": q[4],
                        "cue_end": q[5],
                    }
                ],
                "links": [{"to_ref": "c0", "relation": "repeats"}] if k == 1 else [],
            }
        )
    return {"claims": claims}


def _post(body: dict) -> tuple[str, str, dict | None]:
    return ("POST", "/api/v1/annotations/", body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 texts, 50 requests a step")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    size = 1_000 if args.quick else 10_000
    repeats = 50 if args.quick else 200
    # In-process requests (for statement counts) and gunicorn's both come over plain HTTP.
    os.environ.update(
        {"ALLOWED_HOSTS": "127.0.0.1,testserver", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0"}
    )
    vendor = _django.setup()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from rest_framework.test import APIClient

    from claims.models import AnnotationSet, Article, Membership, Role
    from claims.nlp.pool import available_cores
    from claims.selectors.export import export_stream
    from claims.services.ingest import articles_import
    from claims.services.interchange import annotations_import
    from claims.services.tokens import api_token_create

    feed = newsgen.feed()
    plain_texts = [next(feed) for _ in range(size)]
    annotated_texts = [next(feed) for _ in range(size)]
    rows: list[tuple[str, str]] = []
    figures: dict = {"database": vendor, "cores": available_cores(), "texts": size}

    plain = AnnotationSet.objects.create(slug="peer-plain", name="peer plain")
    started = time.perf_counter()
    outcome = articles_import(
        annotation_set=plain,
        files=_files("feed", plain_texts, lambda texts, _start: _plain_jsonl(texts)),
        fmt="jsonl",
    )
    seconds = time.perf_counter() - started
    assert not outcome.errors, outcome.errors[:3]
    figures["import_seconds"] = round(seconds, 2)
    figures["import_articles_per_s"] = round(size / seconds, 1)
    rows.append((f"import {size:,} texts", f"{seconds:.1f} s ({size / seconds:.0f}/s)"))
    print(rows[-1], file=sys.stderr)

    annotated = AnnotationSet.objects.create(slug="peer-annotated", name="peer annotated")
    started = time.perf_counter()
    result = annotations_import(
        annotation_set=annotated,
        files=_files(
            "annotated", annotated_texts, lambda texts, start: _annotated_jsonl(texts, start + 1)
        ),
        fmt="jsonl",
        user=None,
    )
    seconds = time.perf_counter() - started
    assert result["claims"] == 5 * size and result["links"] == size, result
    figures["import_annotated_seconds"] = round(seconds, 2)
    figures["import_annotated_articles_per_s"] = round(size / seconds, 1)
    rows.append(
        (f"import {size:,} texts + 5 spans + 1 link", f"{seconds:.1f} s ({size / seconds:.0f}/s)")
    )
    print(rows[-1], file=sys.stderr)

    user = get_user_model().objects.create_user(username="peer", password="x")
    Membership.objects.create(user=user, annotation_set=annotated, role=Role.ANNOTATOR)
    _, key = api_token_create(user=user, name="peer")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    articles = list(Article.objects.filter(annotation_set=annotated).order_by("id")[:repeats])
    by_title = {(t.title, t.text): t for t in annotated_texts}
    texts = [by_title[(a.title, a.text)] for a in articles]

    one = [_post(_one_annotation(articles[0], texts[0], 1))]
    nested = [_post(_nested(articles[0], texts[0], 1))]
    reads = [("GET", f"/api/v1/articles/{a.pk}/?expand={EXPAND}", None) for a in articles]
    client.get(reads[0][1])  # the token's last-used touch, once a minute
    statements = {
        "save_one": _statements(client, *one[0]),
        "nested_save": _statements(client, *nested[0]),
        "read_one": _statements(client, *reads[0]),
    }
    figures["statements"] = statements

    if vendor == "postgresql":
        settings_dict = connection.settings_dict
        url = (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}"
            f"/{settings_dict['NAME']}"
        )
        connection.close()
        server = Server(url)
        try:
            _timed_requests(server.port, key, reads[:5])  # warm both workers
            pairs = list(zip(articles, texts, strict=True))
            steps = (
                ("save_one", [_post(_one_annotation(a, t, 2)) for a, t in pairs], "save one"),
                ("nested_save", [_post(_nested(a, t, 2)) for a, t in pairs], "nested save"),
                ("read_one", reads, "read article + annotations"),
            )
            for name, batch, label in steps:
                times, statuses = _timed_requests(server.port, key, batch)
                assert set(statuses) <= {200, 201}, statuses[:5]
                p50 = statistics.median(times)
                figures[f"{name}_p50_ms"] = round(p50, 1)
                rows.append((label, f"p50 {p50:.1f} ms, {statements[name]} statements, 1 request"))
        finally:
            server.stop()

    _reset_peak_rss()  # the imports above peaked higher; measure the export's own peak
    before = _rss_mb("VmRSS")
    started = time.perf_counter()
    written = 0
    for chunk in export_stream(annotation_set=annotated, fmt="jsonl"):
        written += len(chunk)
    seconds = time.perf_counter() - started
    figures["export_seconds"] = round(seconds, 2)
    figures["export_mb"] = round(written / 2**20, 1)
    figures["export_peak_rss_growth_mb"] = round(_rss_mb("VmHWM") - before, 1)
    growth = figures["export_peak_rss_growth_mb"]
    rows.append(
        (
            f"export {size:,} annotated texts",
            f"{seconds:.2f} s, {written / 2**20:.1f} MB, peak RSS +{growth} MB",
        )
    )
    print(_django.table(rows))
    _django.write_json(args.json, figures)


if __name__ == "__main__":
    main()
