"""Insert many rows of one model in one statement: PostgreSQL `COPY … FROM STDIN` where the
rows name every column of the table, `bulk_create` everywhere else.

For the tables ingest fills by the hundred thousand (sentences, flags, LSH bands), where
building a model instance per row would cost more than the database does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

__all__ = ["planner_statistics_refresh", "rows_insert"]


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
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
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


# Past this many new rows, a table's planner statistics are refreshed at the end of the
# import: autovacuum gets there only later, and until it does PostgreSQL plans reads of the
# new rows as if the table were still small (an export right after a 10,000-article import
# took 7.3 s instead of 0.8 s on seq scans and nested loops over 10,000 links).
ANALYZE_AFTER_ROWS = 5_000


def planner_statistics_refresh(
    rows_added: int, models_written: Iterable[type[models.Model]]
) -> None:
    """``ANALYZE`` the tables an import just filled, on PostgreSQL, when it added many rows."""
    if connection.vendor != "postgresql" or rows_added < ANALYZE_AFTER_ROWS:
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models_written)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
