"""Load: gunicorn (production settings) on PostgreSQL on 127.0.0.1, driven by simulated
editors through the API for a fixed time; then every acknowledged write is checked against
the database, and nothing else may be there.

    uv run python bench/load.py [--quick] [--editors 50] [--seconds 60] [--json PATH]

Each editor (own API token, annotator in one set) loops: open an article, create a claim,
edit one of its claims (with its version), delete one, link two of them, search claims,
now and then export the set. ``--quick`` runs 15 seconds (the CI mode). The database is
DATABASE_URL's with a ``_load`` suffix (made fresh), or claims_load on 127.0.0.1.

Prints throughput, p50/p95/p99 per action, 5xx, and the write check: lost (acknowledged but
missing or different), phantom (stored but never acknowledged, beyond requests that got no
answer). Exits 1 if any 5xx, lost or phantom write.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import prodserver  # noqa: E402

SENTENCE = (
    "The mayor said on Tuesday that the harbour plan would cost two million pounds, "
    "officials familiar with the talks told reporters. "
)
ACTIONS = (
    ("open", 30),
    ("create", 25),
    ("edit", 18),
    ("delete", 8),
    ("link", 8),
    ("search", 9),
    ("export", 2),
)

SEED = """
import json
from django.contrib.auth import get_user_model
from claims.models import AnnotationSet, Membership, Role
from claims.services.ingest import articles_import
from claims.services.tokens import api_token_create
s = AnnotationSet.objects.create(name="Load", slug="load")
lines = [json.dumps({"title": f"Story {i}", "text": f"Story {i}. " + SENTENCE * 8})
         for i in range(ARTICLES)]
articles_import(annotation_set=s, files=[("a.jsonl", "\\n".join(lines).encode())], fmt="jsonl")
keys = []
User = get_user_model()
for n in range(EDITORS):
    u = User.objects.create_user(f"editor{n}")
    Membership.objects.create(user=u, annotation_set=s, role=Role.ANNOTATOR)
    keys.append(api_token_create(user=u, name="load")[1])
arts = [[a.pk, len(a.text)] for a in s.articles.order_by("id")]
print(json.dumps({"keys": keys, "articles": arts}))
"""

DUMP = """
import json
from claims.models import Claim, ClaimLink
claims = Claim.objects.filter(created_by__username__startswith="editor")
links = ClaimLink.objects.filter(created_by__username__startswith="editor")
print(json.dumps({
    "claims": [[c.pk, c.start, c.end, c.note, c.deleted_at is not None] for c in claims],
    "links": [[k.pk, k.from_claim_id, k.to_claim_id, k.deleted_at is not None] for k in links],
}))
"""


@dataclass
class Editor:
    key: str
    claims: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> expected state
    links: dict[int, tuple[int, int]] = field(default_factory=dict)
    uncertain: set[int] = field(default_factory=set)  # claims a request may have changed
    unanswered_creates: int = 0


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )

    def add(self, action: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[action].append(seconds)
            self.statuses[action][status] += 1


def request(base: str, key: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", f"Token {key}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    except OSError:
        return 0, None  # no answer: the write may or may not have happened
    if raw[:1] in (b"{", b"["):
        try:
            return status, json.loads(raw)
        except ValueError:
            pass
    return status, raw


def _span(length: int, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(0, max(1, length - 40))
    return start, start + rng.randrange(5, 35)


def editor_loop(
    base: str, editor: Editor, articles: list[list[int]], deadline: float, stats: Stats, seed: int
) -> None:
    rng = random.Random(seed)
    names, weights = zip(*ACTIONS, strict=True)
    while time.monotonic() < deadline:
        action = rng.choices(names, weights)[0]
        mine = [c for c in editor.claims if not editor.claims[c]["deleted"]]
        if action in ("edit", "delete", "link") and len(mine) < 2:
            action = "create"
        article_id, length = rng.choice(articles)
        began = time.perf_counter()
        if action == "open":
            status, _ = request(base, editor.key, "GET", f"/api/v1/articles/{article_id}/")
        elif action == "search":
            status, _ = request(
                base, editor.key, "GET", f"/api/v1/claims/?set=load&article={article_id}"
            )
        elif action == "export":
            status, _ = request(base, editor.key, "GET", "/api/v1/sets/load/export/?format=jsonl")
        elif action == "create":
            start, end = _span(length, rng)
            note = f"n{rng.randrange(10**9)}"
            body = {"article": article_id, "start": start, "end": end, "note": note}
            status, data = request(base, editor.key, "POST", "/api/v1/claims/", body)
            if status == 201:
                editor.claims[data["id"]] = {
                    "start": start,
                    "end": end,
                    "note": note,
                    "deleted": False,
                    "version": data["version"],
                }
            elif status == 0:
                editor.unanswered_creates += 1
        elif action == "edit":
            pk = rng.choice(mine)
            state = editor.claims[pk]
            note = f"e{rng.randrange(10**9)}"
            body = {"note": note, "version": state["version"]}
            status, data = request(base, editor.key, "PATCH", f"/api/v1/claims/{pk}/", body)
            if status == 200:
                state.update(note=note, version=data["version"])
            elif status == 0:
                editor.uncertain.add(pk)
        elif action == "delete":
            pk = rng.choice(mine)
            version = editor.claims[pk]["version"]
            status, _ = request(
                base, editor.key, "DELETE", f"/api/v1/claims/{pk}/?version={version}"
            )
            if status == 204:
                editor.claims[pk]["deleted"] = True
            elif status == 0:
                editor.uncertain.add(pk)
        else:  # link
            a, b = rng.sample(mine, 2)
            body = {"from_claim": a, "to_claim": b, "relation": "repeats"}
            status, data = request(base, editor.key, "POST", "/api/v1/links/", body)
            if status == 201:
                editor.links[data["id"]] = (a, b)
        stats.add(action, status, time.perf_counter() - began)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def check_writes(editors: list[Editor], stored: dict[str, Any]) -> dict[str, int]:
    rows = {row[0]: row for row in stored["claims"]}
    lost = 0
    acknowledged: set[int] = set()
    for editor in editors:
        for pk, state in editor.claims.items():
            acknowledged.add(pk)
            row = rows.get(pk)
            if pk in editor.uncertain:
                lost += row is None
                continue
            expected = [pk, state["start"], state["end"], state["note"], state["deleted"]]
            lost += row != expected
    unanswered = sum(e.unanswered_creates for e in editors)
    phantom = max(0, len(set(rows) - acknowledged) - unanswered)
    stored_links = {row[0] for row in stored["links"]}
    acked_links = {pk for e in editors for pk in e.links}
    lost += len(acked_links - stored_links)
    phantom += len(stored_links - acked_links)
    return {
        "claims_acknowledged": len(acknowledged),
        "links_acknowledged": len(acked_links),
        "lost": lost,
        "phantom": phantom,
        "unanswered": unanswered,
    }


def run(editors_n: int, seconds: float, workers: int, threads: int) -> dict[str, Any]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/claims"
    server = prodserver.prepare(suffix="load", extra_env={"LOG_LEVEL": "ERROR"})
    try:
        seed = SEED.replace("ARTICLES", "20").replace("EDITORS", str(editors_n))
        seed = seed.replace("SENTENCE", repr(SENTENCE))
        world = json.loads(server.python(seed).strip().splitlines()[-1])
        prodserver.start(server, workers=workers, threads=threads)
        editors = [Editor(key) for key in world["keys"]]
        stats = Stats()
        deadline = time.monotonic() + seconds
        began = time.monotonic()
        pool = [
            threading.Thread(
                target=editor_loop,
                args=(server.url, e, world["articles"], deadline, stats, n),
                daemon=True,
            )
            for n, e in enumerate(editors)
        ]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join(timeout=seconds + 180)
        elapsed = time.monotonic() - began
        server.stop()  # every answered request is committed; nothing more comes in
        stored = json.loads(server.python(DUMP).strip().splitlines()[-1])
    finally:
        server.close()
    total = sum(len(v) for v in stats.latencies.values())
    per_action = {
        action: {
            "count": len(values),
            "p50_ms": round(_percentile(values, 0.50), 1),
            "p95_ms": round(_percentile(values, 0.95), 1),
            "p99_ms": round(_percentile(values, 0.99), 1),
            "5xx": sum(c for s, c in stats.statuses[action].items() if s >= 500),
            "statuses": {str(s): c for s, c in sorted(stats.statuses[action].items())},
        }
        for action, values in sorted(stats.latencies.items())
    }
    return {
        "editors": editors_n,
        "seconds": round(elapsed, 1),
        "gunicorn": f"{workers} workers x {threads} threads",
        "requests": total,
        "throughput_rps": round(total / elapsed, 1),
        "5xx": sum(a["5xx"] for a in per_action.values()),
        "actions": per_action,
        "writes": check_writes(editors, stored),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="15 seconds (CI)")
    parser.add_argument("--editors", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    seconds = 15 if args.quick else args.seconds
    result = run(args.editors, seconds, args.workers, args.threads)
    print(
        f"{result['editors']} editors, {result['seconds']} s, {result['gunicorn']}: "
        f"{result['requests']} requests, {result['throughput_rps']} req/s, 5xx {result['5xx']}"
    )
    print(f"{'action':<8} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'5xx':>4}")
    for action, row in result["actions"].items():
        print(
            f"{action:<8} {row['count']:>6} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['p99_ms']:>8} {row['5xx']:>4}"
        )
    print("writes:", json.dumps(result["writes"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    outcome = main()
    failed = outcome["5xx"] or outcome["writes"]["lost"] or outcome["writes"]["phantom"]
    sys.exit(1 if failed else 0)
