"""The ingest analysis pool: the same analyses in order, from workers that yield the CPU."""

import os

import pytest

from claims.nlp.pool import WORKER_NICENESS, AnalysisPool
from claims.nlp.prepare import prepare_article


def test_workers_run_below_the_callers_priority():
    with AnalysisPool(2) as pool:
        if pool._pool is None:
            pytest.skip("no worker processes here")
        niceness = pool._pool.apply(os.nice, (0,))
    assert niceness == min(19, os.nice(0) + WORKER_NICENESS)


def test_pooled_analyses_come_back_in_input_order():
    texts = [f"Text number {n}. It has words.\n\nAnd a second paragraph {n}." for n in range(40)]
    with AnalysisPool(2) as pool:
        pooled = pool.submit(texts).get()
    assert pooled == [prepare_article(t) for t in texts]
