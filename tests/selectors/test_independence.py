"""Independent corroboration counts for many claims at once, and in exports (JSONL, JSON,
CSV): the same numbers as the claim page, a bounded number of queries, and a round trip."""

import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.interop.csv import read_csv
from claims.models import AnnotationSet, Claim
from claims.selectors.corroboration import claim_corroboration
from claims.selectors.export import export_stream
from claims.selectors.independence import independent_counts
from claims.services.claims import claim_create
from claims.services.interchange import annotations_import
from tests.corroboration_helpers import corroboration_world, link
from tests.factories import AnnotationSetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(annotation_set, annotator):
    return corroboration_world(annotation_set, annotator)


def test_counts_match_the_claim_page_for_every_claim(world, annotation_set, annotator):
    counts = independent_counts(
        article_ids=list(annotation_set.articles.values_list("pk", flat=True))
    )
    assert counts[world["meetings"].pk].independent == 1  # near-duplicates count once
    resigned = counts[world["resigned"].pk]
    assert resigned.independent == 2  # both Reuters reports fold into one origin
    assert resigned.origins == ["source:Ana Ruiz", "wire:reuters"]
    for claim in Claim.objects.filter(article__annotation_set=annotation_set):
        found = counts.get(claim.pk)
        expected = claim_corroboration(claim=claim, user=annotator).independent
        assert (found.independent if found else 0) == expected, claim.quote


def _claims(data: bytes, fmt: str):
    if fmt == "json":
        lines = orjson.loads(data)["articles"]
    else:
        lines = [orjson.loads(line) for line in data.splitlines()]
    return {c["text"]: c for line in lines for c in line["claims"]}


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_json_exports_carry_each_claims_count(world, annotation_set, fmt):
    claims = _claims(b"".join(export_stream(annotation_set=annotation_set, fmt=fmt)), fmt)
    assert claims[world["resigned"].quote]["corroboration"] == {
        "independent": 2,
        "origins": ["source:Ana Ruiz", "wire:reuters"],
    }
    assert claims[world["meetings"].quote]["corroboration"]["independent"] == 1
    assert claims["The cabinet met later"]["corroboration"] == {"independent": 0, "origins": []}


def test_csv_export_carries_the_count_per_row(world, annotation_set, annotator):
    rows = read_csv(b"".join(export_stream(annotation_set=annotation_set, fmt="csv")))
    (row,) = [r for r in rows if r["claim_text"] == world["said"].quote]
    # "said" is backed by "resigned" (its own article, no wire); Ana Ruiz is its own source.
    assert (
        row["independent_count"]
        == claim_corroboration(claim=world["said"], user=annotator).independent
        == 1
    )
    assert row["independent_origins"] is None


def _export_queries(annotation_set) -> int:
    with CaptureQueriesContext(connection) as ctx:
        b"".join(export_stream(annotation_set=annotation_set, fmt="jsonl"))
    return len(ctx.captured_queries)


def test_export_reads_counts_in_a_bounded_number_of_queries(
    world, annotation_set, annotator, django_assert_max_num_queries
):
    before = _export_queries(annotation_set)
    # Many more claims and links in the same articles: no more queries.
    resigned, meetings = world["resigned"], world["meetings"]
    for article in annotation_set.articles.all():
        for n in range(3):
            extra = claim_create(article=article, start=n, end=n + 3, user=annotator)
            link(extra, resigned if n % 2 else meetings, annotator)
    with django_assert_max_num_queries(before):
        b"".join(export_stream(annotation_set=annotation_set, fmt="jsonl"))


def test_jsonl_round_trip_ignores_the_count_on_import_and_recomputes_it(world, annotation_set):
    exported = b"".join(export_stream(annotation_set=annotation_set, fmt="jsonl"))
    assert b'"corroboration"' in exported
    second = AnnotationSetFactory(slug="again")
    result = annotations_import(
        annotation_set=second, files=[("set.jsonl", exported)], fmt="jsonl", user=None
    )
    assert result["links"] == 6
    again = b"".join(export_stream(annotation_set=second, fmt="jsonl"))
    counts = {t: c["corroboration"] for t, c in _claims(again, "jsonl").items()}
    assert counts == {t: c["corroboration"] for t, c in _claims(exported, "jsonl").items()}
    assert AnnotationSet.objects.count() == 2


def test_export_of_a_set_without_supporting_links_skips_the_count_reads(
    annotation_set, annotator, monkeypatch
):
    from claims.selectors import export
    from tests.factories import ArticleFactory

    article = ArticleFactory(annotation_set=annotation_set)
    a = claim_create(article=article, start=0, end=5, user=annotator)
    b = claim_create(article=article, start=6, end=9, user=annotator)
    link(a, b, annotator, relation="contradicts")  # does not support: nothing to count

    def unexpected(**kwargs):
        raise AssertionError("counts read for a set without supporting links")

    monkeypatch.setattr(export, "independent_counts", unexpected)
    claims = _claims(b"".join(export_stream(annotation_set=annotation_set, fmt="jsonl")), "jsonl")
    assert {c["corroboration"]["independent"] for c in claims.values()} == {0}
