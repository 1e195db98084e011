"""Reads of many rows: id arrays as one parameter, a chunk's statements pipelined on
PostgreSQL, and the garbage collector paused while rows become dicts. Used by exports."""

import gc
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack
from typing import Any

from django.db import connection
from django.db.models import F, Lookup, Q, QuerySet

Rows = list[tuple[Any, ...]]
Sql = tuple[str, Any]


class AnyOf(Lookup[Any]):
    """``column = ANY(%s::bigint[])``: one array parameter instead of an ``IN`` list with a
    placeholder per id, so a chunk's statements read the same every time: compiled once per
    export, parsed once by the driver, planned once by the server (PostgreSQL only)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, self.rhs)


def in_ids(column: str, ids: list[int]) -> Q | AnyOf:
    if connection.vendor == "postgresql":
        return AnyOf(F(column), ids)
    return Q(**{f"{column}__in": ids})


class AnyOfSubquery(Lookup[Any]):
    """``column = ANY(ARRAY(subquery))``: the subquery runs once and the column's index is
    probed for each id it gives, where ``IN (subquery)`` let PostgreSQL hash-join a scan of
    the whole table, once per chunk (a cost that grew with the table, not the chunk)."""

    lookup_name = "any_of_subquery"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def in_subquery(column: str, values: QuerySet[Any]) -> Q | AnyOfSubquery:
    """``column`` among the one column ``values`` selects."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        return AnyOfSubquery(F(column), ArraySubquery(values.order_by()))
    return Q(**{f"{column}__in": values})


def id_array(ids: list[int]) -> str:
    """An id array as PostgreSQL's text literal: dumped by the driver as one string, where a
    list of ints is dumped item by item in Python."""
    return "{" + ",".join(map(str, ids)) + "}"


class SerialReader:
    """Runs a chunk's reads one after another, when they are collected."""

    def send(self, queries: list[Sql]) -> None:
        self._queries = queries

    def collect(self) -> Callable[[], list[Rows]]:
        results = []
        with connection.cursor() as cursor:
            for sql, params in self._queries:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
        return lambda: results

    def close(self) -> None:
        pass


class PipelinedReader:
    """PostgreSQL: sends a chunk's reads in pipeline mode and collects them later, so the
    server runs them while Python turns the previous chunk into rows and bundles (two cores
    at work instead of one waiting for the other). :meth:`collect` waits for the results
    and returns the function that converts them to Python rows, which may run after the
    next :meth:`send`. No other statement runs on the connection while a chunk is out.
    Rows come in binary, cheaper to turn into ints."""

    def __init__(self) -> None:
        self._raw = connection.connection
        self._pipeline = ExitStack()
        self._cursors: list[Any] = []

    def send(self, queries: list[Sql]) -> None:
        import psycopg

        self._pipeline.enter_context(self._raw.pipeline())
        for sql, params in queries:
            cursor = psycopg.Cursor(self._raw)
            cursor.execute(sql, params, binary=True)
            self._cursors.append(cursor)

    def collect(self) -> Callable[[], list[Rows]]:
        self._pipeline.close()  # leaving pipeline mode collects every pending result
        cursors, self._cursors = self._cursors, []

        def rows() -> list[Rows]:
            try:
                return [cursor.fetchall() for cursor in cursors]
            finally:
                for cursor in cursors:
                    cursor.close()

        return rows

    def close(self) -> None:
        self._pipeline.close()
        for cursor in self._cursors:
            cursor.close()
        self._cursors = []


def chunk_reader() -> SerialReader | PipelinedReader:
    return PipelinedReader() if connection.vendor == "postgresql" else SerialReader()


def gc_paused[T](items: Generator[T]) -> Iterator[T]:
    """``items``, each produced with the cyclic garbage collector paused (and the consumer
    run as it was). An export allocates millions of rows and dicts, none in a cycle, all
    freed by reference counting; the collections they triggered took a third of its time."""
    try:
        while True:
            enabled = gc.isenabled()
            gc.disable()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                if enabled:
                    gc.enable()
            yield item
    finally:
        items.close()
