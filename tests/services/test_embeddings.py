"""The semantic re-ranker: the embedding cache, the blend, and that copies stay ``repeats``."""

import pytest

from claims.models import TextEmbedding
from claims.nlp import embed
from claims.selectors.corroboration import span_suggestions
from claims.selectors.search import Hit
from claims.services import embeddings
from claims.services.embeddings import rerank_hits, semantic_rerank_enabled, text_embeddings
from tests.corroboration_helpers import COPY, ORIGINAL, OTHER, PHRASE, span_of, store

pytestmark = pytest.mark.django_db

needs_extra = pytest.mark.skipif(
    not embed.available(),
    reason=embed.MISSING_EXTRA,
)

# BM25 prefers DISTRACTOR (it repeats the query's rare words); the paraphrase means the same.
QUERY = "the minister resigned after the corruption scandal at the port authority"
PARAPHRASE = "the minister quit over the port authority corruption affair"
DISTRACTOR = "port authority scandal: port authority workers protest corruption of the port"


def _hit(pk: int, text: str, score: float) -> Hit:
    return Hit("sentence", pk, pk, f"a{pk}", 0, len(text), text, text, None, score=score)


def test_setting_off_means_lexical(settings):
    settings.CLAIMS_SEMANTIC_RERANK = False
    assert not semantic_rerank_enabled()


def test_setting_on_without_the_extra_stays_lexical(settings, monkeypatch):
    settings.CLAIMS_SEMANTIC_RERANK = True
    monkeypatch.setattr(embed, "available", lambda: False)
    assert not semantic_rerank_enabled()


@needs_extra
def test_embeddings_are_cached_by_text(django_assert_max_num_queries, monkeypatch):
    first = text_embeddings(["a claim", "another claim", "a claim"])
    assert TextEmbedding.objects.count() == 2
    assert (first[0] == first[2]).all()

    def no_encoding(texts):
        raise AssertionError(f"encoded again: {texts}")

    monkeypatch.setattr(embed.encoder(), "encode", no_encoding)
    with django_assert_max_num_queries(1):
        again = text_embeddings(["another claim", "a claim"])
    assert (again[1] == first[0]).all() and (again[0] == first[1]).all()


@needs_extra
def test_rerank_lifts_a_paraphrase_over_word_overlap_and_keeps_everyone():
    ranked = [_hit(1, DISTRACTOR, 9.0), _hit(2, PARAPHRASE, 6.0), _hit(3, "weather", 0.5)]
    ranked.append(_hit(4, "beyond k", 0.4))
    out = rerank_hits(ranked, QUERY, k=3, weight=0.7)
    assert [h.pk for h in out][:2] == [2, 1]
    assert {h.pk for h in out} == {1, 2, 3, 4}
    assert all(h.score > 0 for h in out)
    assert out[-1].pk == 4 and out[-1].score <= min(h.score for h in out[:3])


@needs_extra
def test_weight_zero_keeps_the_bm25_order():
    ranked = [_hit(1, DISTRACTOR, 9.0), _hit(2, PARAPHRASE, 3.0)]
    assert [h.pk for h in rerank_hits(ranked, QUERY, weight=0.0)] == [1, 2]


@needs_extra
def test_copies_stay_repeats_with_the_reranker_on(annotation_set, settings):
    settings.CLAIMS_SEMANTIC_RERANK = True
    original = store(annotation_set, ORIGINAL, "original")
    copy = store(annotation_set, COPY, "copy")
    other = store(annotation_set, OTHER, "other")
    start, end = span_of(original, PHRASE)
    found = span_suggestions(article=original, start=start, end=end, set_ids=[annotation_set.pk])
    by_article = {s.article: s for s in found}
    assert by_article[copy.pk].relation == "repeats" and not by_article[copy.pk].independent
    assert by_article[other.pk].relation == "corroborates" and by_article[other.pk].independent
    assert TextEmbedding.objects.exists(), "the re-ranker ran"


def test_lexical_suggestions_write_no_embeddings(annotation_set, settings):
    settings.CLAIMS_SEMANTIC_RERANK = False
    original = store(annotation_set, ORIGINAL, "original")
    store(annotation_set, OTHER, "other")
    start, end = span_of(original, PHRASE)
    assert span_suggestions(article=original, start=start, end=end, set_ids=[annotation_set.pk])
    assert not TextEmbedding.objects.exists()
    assert embeddings.DEFAULT_WEIGHT > 0


def test_system_check_warns_when_the_setting_is_on_without_the_extra(settings, monkeypatch):
    from claims.checks import semantic_rerank_check

    settings.CLAIMS_SEMANTIC_RERANK = True
    monkeypatch.setattr(embed, "available", lambda: False)
    assert [w.id for w in semantic_rerank_check()] == ["claims.W001"]
    monkeypatch.setattr(embed, "available", lambda: True)
    assert semantic_rerank_check() == []
