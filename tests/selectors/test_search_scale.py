"""How link suggestions find candidates when the collection is large: common words estimated
from PostgreSQL's statistics instead of counted, and "pairs" matching (two of the rarest
words) once even the rarest words are common. bench/suggest.py measures the speed."""

import pytest
from django.db import connection

from claims.models import Claim
from claims.selectors.corroboration import PAIR_WORDS, _pick_words
from claims.selectors.search import DF_CAP, SearchFilters, document_frequencies, match_ids
from tests.corroboration_helpers import store

ONE = (
    "Senator Jeff Sessions met the Russian ambassador twice during the campaign. "
    "The meetings were not disclosed at his confirmation hearing."
)
TWO = (
    "The ambassador, Sergey Kislyak, attended a reception before the speech. "
    "A spokesman said nothing improper happened at the meetings."
)


def test_small_counts_pick_any_of_the_rarest_words():
    words = ["alpha", "beta", "gamma", "delta"]
    df = {"alpha": 40, "beta": 3, "gamma": 900, "delta": 7}
    # A word counted at the cap may still join while the budget allows.
    assert _pick_words(words, df) == (["beta", "delta", "alpha", "gamma"], "any")


def test_words_at_the_cap_switch_to_pairs_of_the_rarest():
    words = [f"w{i}" for i in range(8)]
    df = {w: DF_CAP + 10 * i for i, w in enumerate(reversed(words))}
    picked, mode = _pick_words(words, df)
    assert mode == "pairs"
    assert picked == list(reversed(words))[:PAIR_WORDS]


@pytest.mark.django_db
def test_pairs_match_rows_holding_two_of_the_words(annotation_set, other_set):
    one = store(annotation_set, ONE, "one")
    two = store(annotation_set, TWO, "two")
    store(other_set, ONE + " Hidden copy.", "hidden")
    filters = SearchFilters(set_ids=[annotation_set.pk])
    words = ["meetings", "ambassador", "sessions"]

    def texts(mode):
        ids = match_ids(kind="sentence", words=words, filters=filters, mode=mode)
        rows = one.sentences.model.objects.filter(pk__in=ids)
        return sorted(
            (r.article_id, (one if r.article_id == one.pk else two).text[r.start : r.end][:18])
            for r in rows
        )

    assert texts("pairs") == [(one.pk, "Senator Jeff Sessi")]
    assert len(texts("any")) == 4  # each sentence holding any one of the words


@pytest.mark.django_db
def test_common_words_are_estimated_from_statistics(annotation_set):
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's; SQLite always counts")
    article = store(annotation_set, "Common words everywhere. " * 20, "many")
    n = 400
    quotes = [f"common word number {i}" + (" rare" if i < 2 else "") for i in range(n)]
    Claim.objects.bulk_create(
        Claim(article=article, start=i, end=i + 1, quote=q, folded_quote=q)
        for i, q in enumerate(quotes)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    df = document_frequencies(["common", "rare"])
    assert df["common"] > DF_CAP  # counting would stop at the cap
    assert df["rare"] == 2  # rare words are still counted exactly
