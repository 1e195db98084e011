"""The five real seed articles in ../shared/seeds (skips the calling test when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def seed_text(number: int) -> str:
    """Text of seed 000-004, or skip the test when ../shared/seeds is not checked out."""
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds not found at {SEEDS}")
    matches = sorted(SEEDS.glob(f"{number:03d}_*.txt"))
    if not matches:
        pytest.skip(f"seed {number:03d} not found in ../shared/seeds ({SEEDS})")
    return matches[0].read_text(encoding="utf-8")
