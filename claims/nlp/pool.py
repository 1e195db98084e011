"""Article analysis on every core: a process pool that returns `PreparedArticle`s in input
order, so what is stored never depends on how many workers ran.

Workers fork from a fork server that has already imported the analysis and loaded its lazy
tables (confusables, word frequencies), so starting a pool costs milliseconds, not seconds.
With one worker (or few texts) everything runs in the calling process.

Pure Python, no Django.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Sequence
from multiprocessing.pool import AsyncResult, Pool
from types import TracebackType

from claims.nlp.prepare import PreparedArticle, prepare_article

__all__ = ["AnalysisPool", "available_cores"]

# Fewer texts than this per worker are analysed in the calling process: forking would
# cost more than it saves.
MIN_TEXTS_PER_WORKER = 16


# Workers run at a lower priority than the process that stores their results (and its
# database server): storing is the import's critical path, and a batch's analysis takes a
# fraction of the time its predecessor takes to store, so the workers lose nothing by
# yielding the CPU (a 2-core machine: 7% less time storing).
WORKER_NICENESS = 5


def _lower_priority() -> None:
    # Not on POSIX, or not allowed: run as we are.
    with contextlib.suppress(AttributeError, OSError):
        os.nice(WORKER_NICENESS)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _prepare_all(texts: Sequence[str]) -> list[PreparedArticle]:
    return [prepare_article(text) for text in texts]


class Pending:
    """Texts handed to the pool; `get()` waits for their analyses, in order."""

    def __init__(
        self, texts: Sequence[str], result: AsyncResult[list[PreparedArticle]] | None
    ) -> None:
        self._texts = texts
        self._result = result

    def get(self) -> list[PreparedArticle]:
        if self._result is None:
            return _prepare_all(self._texts)
        return self._result.get()


class AnalysisPool:
    """``with AnalysisPool(workers) as pool: pending = pool.submit(texts); pending.get()``.

    Submit the next batch before storing the current one and the workers analyse while the
    database writes. ``workers`` defaults to every core this process may use.
    """

    def __init__(self, workers: int | None = None, *, expected: int | None = None) -> None:
        self.workers = available_cores() if workers is None else max(1, workers)
        if expected is not None and expected < self.workers * MIN_TEXTS_PER_WORKER:
            self.workers = 1
        self._pool: Pool | None = None

    def __enter__(self) -> AnalysisPool:
        if self.workers > 1:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["claims.nlp.warm"])
            try:
                self._pool = context.Pool(self.workers, initializer=_lower_priority)
            except (AssertionError, OSError):
                # A daemonic process may not have children (some task runners), or the
                # system is out of processes: analyse here, just slower.
                self.workers = 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            if exc_type is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None

    def submit(self, texts: Sequence[str]) -> Pending:
        if self._pool is None or len(texts) < 2:
            return Pending(texts, None)
        # A few chunks per worker balance long and short texts; order is kept by map.
        chunk = max(1, len(texts) // (self.workers * 4))
        return Pending(texts, self._pool.map_async(prepare_article, texts, chunksize=chunk))
