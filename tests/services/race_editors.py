"""Two editors PATCH the same claim at the same moment; prints their HTTP statuses as JSON.

Run by tests/services/test_write_integrity_races.py: in-process on PostgreSQL, and as a
subprocess on a SQLite *file* database (an in-memory SQLite database is private to its
connection, so threads cannot share it the way two server processes share a file).

Both editors are held at a barrier right after their transaction read the claim, so on a
database that lets both read before either writes they genuinely overlap; where the first
writer's lock keeps the second out, the barrier times out and the first goes on alone.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

BARRIER_SECONDS = 2.0


def race(claim_id: int, keys: list[str]) -> list[int]:
    from django.db import connection
    from rest_framework.test import APIClient

    from claims.services import actions, history, versioning

    barrier = threading.Barrier(2, timeout=BARRIER_SECONDS)
    original = history.snapshot
    seen: set[int] = set()

    def snapshot_then_wait(obj: Any) -> dict[str, Any]:
        data = original(obj)
        me = threading.get_ident()
        if me not in seen:  # the first snapshot of a write is the locked "before" state
            seen.add(me)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return data

    patched = [m for m in (actions, versioning) if hasattr(m, "snapshot")]
    for module in patched:
        module.snapshot = snapshot_then_wait  # type: ignore[attr-defined]
    statuses: list[int] = []

    def edit(key: str, note: str) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        try:
            response = client.patch(
                f"/api/v1/claims/{claim_id}/",
                {"note": note, "version": 1},
                format="json",
                secure=True,
            )
            statuses.append(response.status_code)
        except Exception:  # an unhandled error is what a server would answer with a 500
            statuses.append(500)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(key, f"edit {n}")) for n, key in enumerate(keys)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for module in patched:
            module.snapshot = original  # type: ignore[attr-defined]
    return sorted(statuses)


def setup_world() -> tuple[int, list[str]]:
    from django.contrib.auth import get_user_model

    from claims.models import AnnotationSet, Article, Membership, Role
    from claims.services.claims import claim_create
    from claims.services.tokens import api_token_create

    users = get_user_model()
    annotation_set = AnnotationSet.objects.create(name="Race", slug="race")
    text = "Officials familiar with the talks said the deal was close."
    article = Article.objects.create(
        annotation_set=annotation_set, title="t", text=text, folded_sha256="race"
    )
    keys = []
    for name in ("one", "two"):
        user = users.objects.create_user(name, password=None)
        Membership.objects.create(user=user, annotation_set=annotation_set, role=Role.REVIEWER)
        keys.append(api_token_create(user=user, name="race")[1])
    claim = claim_create(article=article, start=0, end=20, user=None)
    return claim.pk, keys


def main() -> None:
    import json

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    claim_id, keys = setup_world()
    print(json.dumps(race(claim_id, keys)))


if __name__ == "__main__":
    main()
