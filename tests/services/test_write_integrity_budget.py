"""The action layer is lean: a claim with its attribution, change records and dashboard
tallies included, costs at most twelve SQL statements (savepoints counted), on SQLite and
PostgreSQL alike."""

import pytest

from claims.models import ChangeRecord
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create, claim_update
from claims.services.sources import source_create

pytestmark = pytest.mark.django_db


def test_claim_with_attribution_costs_at_most_twelve_statements(
    annotation_set, article, annotator, django_assert_max_num_queries
):
    source = source_create(annotation_set=annotation_set, name="Ana Ruiz", user=annotator)
    # Ten for the writes and their history, one tally upsert per write (claims.services.tallies).
    with django_assert_max_num_queries(12):
        claim = claim_create(article=article, start=0, end=20, user=annotator)
        attribution_create(
            article=article,
            kind="sourced",
            user=annotator,
            claim=claim,
            source=source,
            cue_span=[46, 50],
        )
    assert ChangeRecord.objects.filter(entity__in=["claim", "attribution"]).count() == 2


def test_an_edit_costs_at_most_five_statements(article, annotator, django_assert_max_num_queries):
    claim = claim_create(article=article, start=0, end=20, user=annotator)
    # savepoint, lock, update, record, release; a note moves no dashboard figure.
    with django_assert_max_num_queries(5):
        claim_update(claim=claim, user=annotator, version=1, note="checked")
