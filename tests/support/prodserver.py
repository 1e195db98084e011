"""gunicorn with production settings (DJANGO_DEBUG=0, collected static files, WhiteNoise)
on its own database, for the browser test of the deployment and for bench/load.py.

The database is PostgreSQL when DATABASE_URL names one (a database of its own, derived from
that name with a suffix, dropped and made fresh), otherwise a SQLite file in a temporary
folder. Nothing here imports Django: the server and the seeding run in subprocesses, so the
test process's own (in-memory or test_) database is untouched.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
SECRET = "prodserver-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-not-for-use"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_url(suffix: str, folder: Path) -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{folder / 'db.sqlite3'}"
    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/') or 'claims'}_{suffix}"
    import psycopg

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


@dataclass
class ProductionServer:
    url: str
    env: dict[str, str]
    folder: Path
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(default_factory=Path)

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    def manage(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def python(self, code: str, *, timeout: float = 300) -> str:
        """Run ``code`` inside Django (``manage.py shell -c``); returns what it printed."""
        return self.manage("shell", "--no-imports", "-c", code, timeout=timeout)

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(self.url + path)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def prepare(*, suffix: str, extra_env: dict[str, str] | None = None) -> ProductionServer:
    """A migrated database and collected static files; the server is not started yet."""
    folder = Path(tempfile.mkdtemp(prefix=f"claims-{suffix}-"))
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_", "COV_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "annotator.settings",
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": SECRET,
            "DATABASE_URL": _database_url(suffix, folder),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(folder / "static"),
            "TASKS_BACKEND": "immediate",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra_env or {})
    server = ProductionServer(url=f"http://127.0.0.1:{port}", env=env, folder=folder)
    server.manage("migrate", "--noinput")
    server.manage("collectstatic", "--noinput")
    return server


def start(server: ProductionServer, *, workers: int = 2, threads: int = 1) -> ProductionServer:
    port = urlsplit(server.url).port
    server.log = server.folder / "gunicorn.log"
    log = server.log.open("wb")
    server.process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "annotator.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=server.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            status, _headers, _body = server.get("/login/")
            if status == 200:
                return server
        except OSError:
            pass
        if server.process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"gunicorn did not start:\n{server.log.read_text()[-4000:]}")
        time.sleep(0.3)
