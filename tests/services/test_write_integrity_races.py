"""Two editors, one claim: one 200 and one 409, never a 500 — on PostgreSQL (threads in
this process) and on SQLite (a file database, in a subprocess; see race_editors.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.services import race_editors

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_two_editors_on_postgresql_get_one_200_and_one_409():
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite race runs on a file database: see the test below")
    claim_id, keys = race_editors.setup_world()
    assert race_editors.race(claim_id, keys) == [200, 409]


def test_two_editors_on_sqlite_file_get_one_200_and_one_409(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "annotator.settings",
        "SECRET_KEY": "race-test-only",
        "ALLOWED_HOSTS": "testserver",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.services.race_editors"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [200, 409], done.stderr[-3000:]
