"""A large import refreshes PostgreSQL's planner statistics before anyone reads the new rows
(an export right after a 10,000-article import ran 9x slower on the stale ones)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.interop.jsonl import FORMAT_TAG
from claims.services import bulk_rows
from claims.services.ingest import articles_import
from claims.services.interchange import annotations_import

pytestmark = pytest.mark.django_db


def _analyzes(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("ANALYZE")]


def _feed(n: int) -> bytes:
    return "".join(
        json.dumps({"title": f"T{i}", "text": f"Officials said the ferry {i} was late."}) + "\n"
        for i in range(n)
    ).encode()


@pytest.mark.parametrize("threshold, expected", [(1, True), (10**9, False)])
def test_articles_import_analyzes_the_tables_it_filled(
    annotation_set, monkeypatch, threshold, expected
):
    monkeypatch.setattr(bulk_rows, "ANALYZE_AFTER_ROWS", threshold)
    # Statistics left by earlier tests (ANALYZE writes them outside the rollback) don't count.
    monkeypatch.setattr(bulk_rows, "ANALYZE_AFTER_SHARE", 0.0)
    with CaptureQueriesContext(connection) as captured:
        articles_import(annotation_set=annotation_set, files=[("feed.jsonl", _feed(3))])
    analyzes = _analyzes(captured)
    if connection.vendor != "postgresql":
        assert analyzes == []  # SQLite plans without them
        return
    assert bool(analyzes) is expected
    if expected:
        assert '"claims_article"' in analyzes[0] and '"claims_sentence"' in analyzes[0]


def test_annotations_import_analyzes_claims_when_large(annotation_set, monkeypatch):
    monkeypatch.setattr(bulk_rows, "ANALYZE_AFTER_ROWS", 1)
    monkeypatch.setattr(bulk_rows, "ANALYZE_AFTER_SHARE", 0.0)
    line = {
        "format": FORMAT_TAG,
        "article": {"id": 1, "title": "T", "text": "Officials said the ferry was late."},
        "claims": [{"id": 1, "start": 0, "end": 9}],
    }
    with CaptureQueriesContext(connection) as captured:
        result = annotations_import(
            annotation_set=annotation_set,
            files=[("a.jsonl", (json.dumps(line) + "\n").encode())],
            fmt="jsonl",
            user=None,
        )
    assert result["claims"] == 1
    analyzes = _analyzes(captured)
    assert (connection.vendor == "postgresql") is bool(analyzes)
    if analyzes:
        assert '"claims_claim"' in analyzes[0]


def test_tables_whose_statistics_describe_ten_times_the_import_are_left_alone(
    annotation_set, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    monkeypatch.setattr(bulk_rows, "ANALYZE_AFTER_ROWS", 1)
    from claims.models import Article, Sentence

    def set_reltuples(table: str, value: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE pg_class SET reltuples = %s WHERE relname = %s", [value, table])

    set_reltuples("claims_article", -1)
    with CaptureQueriesContext(connection) as captured:
        bulk_rows.planner_statistics_refresh(10, (Article, Sentence))
    assert '"claims_article"' in _analyzes(captured)[0]  # never analysed: refreshed
    set_reltuples("claims_article", 1000)
    set_reltuples("claims_sentence", 0)
    with CaptureQueriesContext(connection) as captured:
        bulk_rows.planner_statistics_refresh(10, (Article, Sentence))
    analyzes = _analyzes(captured)
    # 10 new rows against statistics of 1,000 articles: still right; the sentences are stale.
    assert analyzes == ['ANALYZE "claims_sentence"']
