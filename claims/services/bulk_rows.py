"""Insert many rows of one model in one statement: PostgreSQL `COPY … FROM STDIN` where the
rows name every column of the table, `bulk_create` everywhere else.

For the tables ingest fills by the hundred thousand (sentences, flags, LSH bands), where
building a model instance per row would cost more than the database does; and, with
`objects_insert`, for model instances whose keys the caller needs (articles, imported claims
and their history): `bulk_create`'s multi-row `INSERT … RETURNING` is bound on the client,
which for 500 rows of 16 columns cost more Python time than the database spent on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, connections, models
from django.db.models import NOT_PROVIDED
from django.db.models.fields import AutoFieldMixin

__all__ = ["objects_insert", "planner_statistics_refresh", "rows_insert"]


def _copy_ready(model: type[models.Model], columns: Sequence[str]) -> bool:
    """COPY only when the rows give every column but the key: a column added later with a
    Python-side default must go through the ORM, which knows the default."""
    if connection.vendor != "postgresql":
        return False
    wanted = {f.attname for f in model._meta.concrete_fields if not f.primary_key}
    return wanted == set(columns)


def rows_insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (values in ``columns`` order, by attribute name: ``article_id``);
    JSON columns take dicts or lists. Returns how many rows went in."""
    if not _copy_ready(model, columns):
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=2000)
        return len(objects)
    from psycopg.types.json import Jsonb

    fields = {f.attname: f for f in model._meta.concrete_fields}
    json_at = [i for i, c in enumerate(columns) if isinstance(fields[c], models.JSONField)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(str(fields[c].column)) for c in columns)
    count = 0
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,  # driver errors as Django's, as in `objects_insert`
        cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        if json_at:
            for row in rows:
                values = list(row)
                for i in json_at:
                    values[i] = Jsonb(values[i])
                copy.write_row(values)
                count += 1
        else:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def objects_insert[M: models.Model](objects: Sequence[M], *, batch_size: int = 500) -> list[M]:
    """``bulk_create(objects)`` with the same result (keys set in list order, defaults and
    ``auto_now_add`` filled, instances marked saved); on PostgreSQL the keys are taken from
    the table's identity sequence in one statement and the rows go in by COPY."""
    rows = list(objects)
    if not rows:
        return rows
    model = type(rows[0])
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if f is not pk]
    # What only the ORM knows how to insert (keys not drawn from a sequence or chosen by the
    # caller, database defaults, generated columns, parent tables) goes through it.
    if (
        connection.vendor != "postgresql"
        or not isinstance(pk, AutoFieldMixin)
        or meta.parents
        or any(f.db_default is not NOT_PROVIDED or f.generated for f in fields)
        or any(obj.pk is not None for obj in rows)
    ):
        return model._default_manager.bulk_create(rows, batch_size=batch_size)
    # The connection itself, not the proxy that looks it up on every attribute access.
    db = connections[connection.alias]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk.column, len(rows)],
        )
        keys = sorted(row[0] for row in cursor.fetchall())
        names = ", ".join(quote(str(c)) for c in [pk.column, *(f.column for f in fields)])
        # COPY runs on the driver's cursor: its errors become Django's (an IntegrityError
        # for a text another import stored first, as bulk_create raises) only through this.
        with db.wrap_database_errors, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for obj, key in zip(rows, keys, strict=True):
                # As bulk_create does: a related object saved after assignment gives its key.
                obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
                values = [key]
                for f in fields:
                    values.append(f.get_db_prep_save(f.pre_save(obj, True), db))
                copy.write_row(values)
    for obj, key in zip(rows, keys, strict=True):
        setattr(obj, pk.attname, key)
        obj._state.adding = False
        obj._state.db = db.alias
    return rows


# Past this many new rows, a table's planner statistics are refreshed at the end of the
# import: autovacuum gets there only later, and until it does PostgreSQL plans reads of the
# new rows as if the table were still small (an export right after a 10,000-article import
# took 7.3 s instead of 0.8 s on seq scans and nested loops over 10,000 links).
ANALYZE_AFTER_ROWS = 5_000
# ... and only when they are this share of the rows the statistics already describe: stats
# of a table ten times the import's size are still right, and ANALYZE after every batch of
# a 100,000-article import cost 0.4 s a batch at the end (autovacuum's own analyze rule).
ANALYZE_AFTER_SHARE = 0.1


def planner_statistics_refresh(
    rows_added: int, models_written: Iterable[type[models.Model]]
) -> None:
    """``ANALYZE`` the tables an import just filled, on PostgreSQL, when it added many rows
    compared with what their statistics describe."""
    if connection.vendor != "postgresql" or rows_added < ANALYZE_AFTER_ROWS:
        return
    names = [m._meta.db_table for m in models_written]
    with connection.cursor() as cursor:
        # reltuples: the row count the last ANALYZE or VACUUM saw (-1 or 0: never analysed).
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'",
            [names],
        )
        known = {name: max(float(tuples), 0.0) for name, tuples in cursor.fetchall()}
        stale = [n for n in names if rows_added >= ANALYZE_AFTER_SHARE * known.get(n, 0.0)]
        if stale:
            tables = ", ".join(connection.ops.quote_name(n) for n in stale)
            cursor.execute(f"ANALYZE {tables}")
