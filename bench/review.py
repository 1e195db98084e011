"""Server render time of the review desk pages at 500 and 50,000 claims in a set.

Usage: uv run python bench/review.py [--quick] [--json PATH] [--small N] [--large N]

Two sets are filled in bulk (``tests/bulk_world.py``: claims with an attribution each, 100
to an article, four statuses in turn, change records for creation and review), each with one
article two annotators marked alike. Renders, in-process through Django's test Client (its own
throw-away SQLite database, or DATABASE_URL), the review queue (``/sets/<slug>/review/``), the
dashboard (``/sets/<slug>/dashboard/``), its agreement fragment (served, cold: cached set
figures dropped, and after a write in the shared article) and the curation board of the
shared article. Prints median and best times, queries per render and the large/small ratio per
page; target ≤ 2.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django

TARGET_RATIO = 2.0


def _measure(
    client, url: str, repeat: int, headers: dict[str, str], cold: bool = False, prepare=None
) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Median and best of ``repeat`` renders; ``cold``: the cached set figures are dropped
    before each render, as after any write to the set; ``prepare``: called (untimed) before
    each render."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url, **headers).status_code == 200, url  # warm up
    times = []
    queries = 0
    for _ in range(repeat):
        if cold:
            cache.clear()
        if prepare is not None:
            prepare()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url, **headers)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, url
        queries = len(ctx.captured_queries)
    return {"median": statistics.median(times), "best": min(times), "queries": queries}


def _world(slug: str, claims: int, users: list, reviewer):  # type: ignore[no-untyped-def]
    from claims.models import AnnotationSet, Membership, Role
    from tests.bulk_world import bulk_claims
    from tests.curation_helpers import two_versions
    from tests.factories import ArticleFactory

    annotation_set = AnnotationSet.objects.create(name=slug, slug=slug)
    for user in users:
        Membership.objects.create(user=user, annotation_set=annotation_set, role=Role.ANNOTATOR)
    Membership.objects.create(user=reviewer, annotation_set=annotation_set, role=Role.REVIEWER)
    bulk_claims(annotation_set, users, claims, history=True)
    shared = ArticleFactory(annotation_set=annotation_set, title="Shared")
    two_versions(shared, users[0], users[1])
    return annotation_set, shared


def _touch(shared) -> None:  # type: ignore[no-untyped-def]
    """A write in the shared article through the services (a note on its first claim), so
    the next agreement view computes that article's part again."""
    from claims.models import Claim
    from claims.services.claims import claim_update

    claim = Claim.objects.filter(article=shared).order_by("pk").first()
    assert claim is not None
    claim_update(claim=claim, user=claim.created_by, version=None, note=f"{time.perf_counter()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--json", help="write results to this JSON file")
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=50_000)
    args = parser.parse_args()

    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    vendor = _django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    # Pages link their CSS and JS through the static files storage; the production one needs
    # collectstatic's manifest, which a throw-away benchmark does not build.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()

    make = get_user_model().objects.create_user
    users = [make(f"annotator{i}", password="bench-only-password") for i in range(4)]
    reviewer = make("reviewer", password="bench-only-password")
    started = time.perf_counter()
    worlds = {n: _world(f"bench-{n}", n, users, reviewer) for n in (args.small, args.large)}
    from django.db import connection

    if connection.vendor == "postgresql":
        # Fresh statistics after the bulk load, as autovacuum would gather them in service.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    setup_s = time.perf_counter() - started
    client = Client()
    client.force_login(reviewer)
    repeat = 5 if args.quick else 21
    pages = {
        "review queue": lambda s, a: (f"/sets/{s.slug}/review/", {}),
        "dashboard": lambda s, a: (f"/sets/{s.slug}/dashboard/", {}),
        "dashboard, cold": lambda s, a: (f"/sets/{s.slug}/dashboard/", {}),
        "agreement fragment": lambda s, a: (
            f"/sets/{s.slug}/agreement/",
            {"HTTP_HX_REQUEST": "true"},
        ),
        "agreement, cold": lambda s, a: (
            f"/sets/{s.slug}/agreement/",
            {"HTTP_HX_REQUEST": "true"},
        ),
        "agreement, write": lambda s, a: (
            f"/sets/{s.slug}/agreement/",
            {"HTTP_HX_REQUEST": "true"},
        ),
        "curation board": lambda s, a: (f"/articles/{a.pk}/curate/", {}),
    }
    results: dict[str, dict[str, dict[str, float]]] = {}
    for page, build in pages.items():
        results[page] = {}
        for n, (annotation_set, shared) in worlds.items():
            url, headers = build(annotation_set, shared)
            prepare = (lambda s=shared: _touch(s)) if page.endswith("write") else None
            results[page][str(n)] = _measure(
                client, url, repeat, headers, "cold" in page, prepare=prepare
            )
    rows = []
    figures: dict[str, object] = {
        "database": vendor,
        "claims": [args.small, args.large],
        "repeats": repeat,
        "setup_s": round(setup_s, 1),
        "target_ratio": TARGET_RATIO,
        "pages": {},
    }
    header = f"{'page':<20} {'claims':>7} {'median ms':>10} {'best ms':>8} {'queries':>8}"
    print(f"{vendor}, {repeat} renders each (setup {setup_s:.0f} s)")
    print(header)
    for page, by_size in results.items():
        small, large = by_size[str(args.small)], by_size[str(args.large)]
        ratio = large["median"] / small["median"]
        for n, r in by_size.items():
            print(
                f"{page:<20} {n:>7} {r['median'] * 1000:>10.1f} {r['best'] * 1000:>8.1f} "
                f"{r['queries']:>8}"
            )
        print(f"{page:<20} {'ratio':>7} {ratio:>10.2f}")
        figures["pages"][page] = {  # type: ignore[index]
            **{
                f"{key}_{n}": round(r[key] * 1000, 1) if key != "queries" else r[key]
                for n, r in by_size.items()
                for key in ("median", "best", "queries")
            },
            "ratio": round(ratio, 2),
            "meets_target": ratio <= TARGET_RATIO,
        }
        rows.append((page, ratio))
    _django.write_json(args.json, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
