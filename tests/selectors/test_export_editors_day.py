"""Exports on an editor's day: who accepted a suggestion, and the file's own name."""

import csv
import io

import orjson
import pytest

from claims.interop.articles import ArticleRecord
from claims.selectors.export import export_stream
from claims.services.claims import claim_accept_suggestion
from claims.services.ingest import article_store, articles_import, base_name
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def _csv_rows(annotation_set):
    data = b"".join(export_stream(annotation_set=annotation_set, fmt="csv"))
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_accepted_suggestion_names_who_accepted_it(annotation_set):
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    article = ArticleFactory(annotation_set=annotation_set)
    suggested = ClaimFactory(
        article=article, start=0, end=9, status="suggested", origin="suggested"
    )
    AttributionFactory(claim=suggested, created_by=None, origin="suggested")
    by_hand = ClaimFactory(article=article, start=10, end=18, created_by=ann)
    AttributionFactory(claim=by_hand, created_by=ann)
    claim_accept_suggestion(claim=suggested, user=bob, version=None)
    annotators = {int(row["claim_id"]): row["annotator"] for row in _csv_rows(annotation_set)}
    assert annotators == {suggested.pk: "bob", by_hand.pk: "ann"}


def test_unaccepted_suggestion_has_no_annotator(annotation_set):
    article = ArticleFactory(annotation_set=annotation_set)
    suggested = ClaimFactory(
        article=article, start=0, end=9, status="suggested", origin="suggested"
    )
    AttributionFactory(claim=suggested, created_by=None, origin="suggested")
    [row] = _csv_rows(annotation_set)
    assert row["annotator"] == ""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("/home/alice/corpus/002.txt", "002.txt"),
        ("C:\\Users\\alice\\corpus\\002.txt", "002.txt"),
        ("/data/feed.jsonl:12", "feed.jsonl:12"),
        ("002.txt", "002.txt"),
    ],
)
def test_base_name(name, expected):
    assert base_name(name) == expected


def test_stored_and_exported_source_name_is_the_base_name(annotation_set):
    text = "The council met on Tuesday. It approved the budget, the mayor said.\n"
    outcome = articles_import(
        annotation_set=annotation_set,
        files=[("/home/alice/private/corpus/budget.txt", text.encode())],
    )
    assert outcome.imported == 1
    [article] = annotation_set.articles.all()
    assert article.source_name == "budget.txt"
    exported = b"".join(export_stream(annotation_set=annotation_set, fmt="jsonl"))
    assert b"/home/alice" not in exported
    line = orjson.loads(exported.splitlines()[0])
    assert line["article"]["source_name"] == "budget.txt"


def test_article_store_strips_folders_for_every_caller(annotation_set):
    record = ArticleRecord(title="T", text="One sentence here. Another one there.\n")
    article, _ = article_store(
        annotation_set=annotation_set, record=record, source_name="/srv/in/x/y.txt"
    )
    assert article is not None and article.source_name == "y.txt"
