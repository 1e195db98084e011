"""The load benchmark's 15-second mode (bench/load.py --quick) as a CI check: 50 editors
against gunicorn on PostgreSQL; zero 5xx, zero lost or phantom writes. Figures are not
asserted (they go to docs/benchmarks.md); the write check is."""

import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the load check runs against PostgreSQL (set DATABASE_URL)",
)


def test_quick_load_loses_nothing(tmp_path: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import load

    result = load.main(["--quick", "--json", str(tmp_path / "load.json")])
    assert result["5xx"] == 0, result["actions"]
    assert result["writes"]["lost"] == 0 and result["writes"]["phantom"] == 0, result["writes"]
    assert result["writes"]["claims_acknowledged"] > 0
