"""Start Django for a benchmark: its own throw-away SQLite database unless DATABASE_URL is
set, a bench-only secret, and background tasks enqueued but not run (we time one thing)."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def setup(*, tasks: str = "dummy") -> str:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    os.environ.setdefault(
        "SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
    )
    os.environ["TASKS_BACKEND"] = tasks
    if "DATABASE_URL" not in os.environ:
        tmp = tempfile.mkdtemp(prefix="claims-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    if connection.vendor == "postgresql":
        # A fresh database per run, so figures don't depend on leftovers.
        from django.test.utils import setup_databases

        setup_databases(verbosity=0, interactive=False)
    else:
        call_command("migrate", interactive=False, verbosity=0)
    return connection.vendor


def write_json(path: str | None, payload: dict) -> None:
    if path:
        import json

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def table(rows: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)
