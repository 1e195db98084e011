"""Search over claims and sentences: same ids on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest
from django.db import connection

from claims.models import ClaimStatus
from claims.selectors.search import SearchFilters, search
from claims.services.claims import claim_create
from tests.corroboration_helpers import span_of, store

pytestmark = pytest.mark.django_db

ONE = (
    "Senator Jeff Sessions met the Russian ambassador twice during the campaign. "
    "The meetings were not disclosed at his confirmation hearing."
)
TWO = (
    "The ambassador, Sergey Kislyak, attended a reception before the speech. "
    "“Nothing improper happened,” a spokesman said about the meetings."
)
THREE = "Markets rallied on Friday as oil prices fell. Analysts expect more volatility."


@pytest.fixture
def corpus(annotation_set, other_set, annotator):
    one = store(annotation_set, ONE, "one", outlet="Daily Planet")
    two = store(annotation_set, TWO, "two", outlet="The Bugle")
    three = store(annotation_set, THREE, "three", outlet="Daily Planet")
    hidden = store(other_set, ONE + " Hidden copy.", "hidden")
    c1 = claim_create(
        article=one, **_span(one, "Jeff Sessions met the Russian ambassador twice"), user=annotator
    )
    c2 = claim_create(
        article=two,
        **_span(two, "“Nothing improper happened,” a spokesman said"),
        user=annotator,
        status=ClaimStatus.SUBMITTED,
    )
    return {"one": one, "two": two, "three": three, "hidden": hidden, "c1": c1, "c2": c2}


def _span(article, phrase):
    start, end = span_of(article, phrase)
    return {"start": start, "end": end}


def _labels(hits, corpus):
    names = {a.pk: n for n, a in corpus.items() if n in {"one", "two", "three", "hidden"}}
    return [f"{h.kind}:{names[h.article_id]}:{h.text[:12]}" for h in hits]


QUERIES = [
    # word order free, stemmed ("meetings" finds "met"? no: "meeting" finds "meetings")
    ("ambassador Sessions", ["claim:one:Jeff Session", "sentence:one:Senator Jeff"]),
    ("meeting ambassador", []),
    ("meetings", ["sentence:one:The meetings", "sentence:two:“Nothing imp"]),
    # look-alike letters in the query (Cyrillic е, о) and curly quotes fold away
    ("Kislyаk ambаssadоr", ["sentence:two:The ambassad"]),
    ('"nothing improper"', ["claim:two:“Nothing imp", "sentence:two:“Nothing imp"]),
    ("SPOKESMAN said", ["claim:two:“Nothing imp", "sentence:two:“Nothing imp"]),
    ("the of and", []),
]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize("query, expected", QUERIES)
def test_same_ids_on_both_backends(backend, query, expected, corpus, annotation_set):
    if connection.vendor != backend:
        pytest.skip(
            f"runs on {backend} (DATABASE_URL selects it); this run uses {connection.vendor}"
        )
    hits = search(query=query, filters=SearchFilters(set_ids=[annotation_set.pk]))
    assert _labels(hits, corpus) == expected


def test_filters_status_outlet_and_visible_sets(corpus, annotation_set, other_set):
    mine = SearchFilters(set_ids=[annotation_set.pk])
    assert {h.article_id for h in search(query="Sessions", filters=mine)} == {corpus["one"].pk}
    both = SearchFilters(set_ids=[annotation_set.pk, other_set.pk])
    assert corpus["hidden"].pk in {h.article_id for h in search(query="Sessions", filters=both)}
    submitted = SearchFilters(set_ids=[annotation_set.pk], status="submitted")
    assert [h.pk for h in search(query="spokesman", filters=submitted)] == [corpus["c2"].pk]
    assert search(query="Sessions", filters=submitted) == []
    bugle = SearchFilters(set_ids=[annotation_set.pk], outlet="the bugle")
    assert {h.article_id for h in search(query="meetings", filters=bugle)} == {corpus["two"].pk}


def test_deleted_claims_drop_out(corpus, annotation_set, annotator):
    from claims.services.claims import claim_delete

    claim_delete(claim=corpus["c1"], user=annotator, version=None)
    hits = search(query="ambassador Sessions", filters=SearchFilters(set_ids=[annotation_set.pk]))
    assert [h.kind for h in hits] == ["sentence"]
