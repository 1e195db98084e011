"""Full-text indexes over folded claim quotes and sentences, one per database backend.

PostgreSQL: a stored ``search_vector`` column (``to_tsvector('english', folded text)``,
generated, so it can never go stale) with a GIN index, plus trigram GIN indexes where
``pg_trgm`` is available. SQLite: FTS5 external-content tables with the porter tokenizer,
kept in step by triggers.

``ensure_search_index`` is idempotent. It runs from the ``corroboration`` migration and again
after every ``migrate``: SQLite rebuilds a table to alter it, which drops its triggers, so a
later migration touching ``claims_claim`` would otherwise leave the index behind.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError

# (table, folded text column, index name stem)
TABLES = (("claims_claim", "folded_quote", "claim"), ("claims_sentence", "folded_text", "sentence"))


def fts_table(table: str) -> str:
    return f"{table}_fts"


def ensure_search_index(connection: Any) -> None:
    if connection.vendor == "postgresql":
        _ensure_postgresql(connection)
    elif connection.vendor == "sqlite":
        _ensure_sqlite(connection)


def _ensure_postgresql(connection: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        trigram = cursor.fetchone() is not None
        if not trigram:
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            if cursor.fetchone() is not None:
                cursor.execute("SAVEPOINT claims_trgm")
                try:
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    cursor.execute("RELEASE SAVEPOINT claims_trgm")
                    trigram = True
                except DatabaseError:  # no privilege: search works without trigrams
                    cursor.execute("ROLLBACK TO SAVEPOINT claims_trgm")
        for table, column, stem in TABLES:
            # Look before altering: even a no-op ALTER TABLE fails inside a transaction that
            # has pending deferred-constraint events (a test's, or a command run mid-work).
            cursor.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = 'search_vector'",
                [table],
            )
            if cursor.fetchone() is not None:
                cursor.execute(
                    "SELECT count(*) FROM pg_indexes WHERE tablename = %s AND indexname = ANY(%s)",
                    [table, [f"{stem}_search_vector", f"{stem}_folded_trgm"]],
                )
                if cursor.fetchone()[0] == (2 if trigram else 1):
                    continue
            cursor.execute(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
                f"GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {column})) STORED"
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {stem}_search_vector ON {table} "
                "USING gin (search_vector)"
            )
            if trigram:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {stem}_folded_trgm ON {table} "
                    f"USING gin ({column} gin_trgm_ops)"
                )


def _ensure_sqlite(connection: Any) -> None:
    with connection.cursor() as cursor:
        for table, column, _ in TABLES:
            fts = fts_table(table)
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{fts}_a_"],
            )
            if cursor.fetchone()[0] == 3:
                continue
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({column}, "
                f"content='{table}', content_rowid='id', "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {column}) "
                f"VALUES ('delete', old.id, old.{column}); END"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {column} ON {table} "
                f"BEGIN INSERT INTO {fts}({fts}, rowid, {column}) "
                f"VALUES ('delete', old.id, old.{column}); "
                f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END"
            )
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def drop_search_index(connection: Any) -> None:
    with connection.cursor() as cursor:
        for table, _, stem in TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP INDEX IF EXISTS {stem}_folded_trgm")
                cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
            elif connection.vendor == "sqlite":
                fts = fts_table(table)
                for suffix in ("ai", "ad", "au"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")
