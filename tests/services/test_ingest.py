"""Batched ingest: the same articles, sentences, flags and clusters however the import is cut
into batches or analysed, near-duplicates scoped to the set, common band keys ignored, and a
statement count that does not grow with the set."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Article, ArticleBand, ArticleFlag, CommonBandKey, Sentence
from claims.nlp.prepare import prepare_article
from claims.services import ingest, ingest_batch
from claims.services.ingest import articles_import
from tests.factories import AnnotationSetFactory

pytestmark = pytest.mark.django_db

WORDS = " ".join(
    (
        "council budget mayor said vote hospital school bridge report officials residents plan",
        "funding data program project agency committee members week month year increase cut",
        "percent million costs spending revenue taxes rates prices jobs workers families voters",
    )
).split()


def story(seed: int, words: int = 220) -> str:
    rng = random.Random(seed)
    sentences = []
    for _ in range(words // 11):
        chunk = rng.choices(WORDS, k=11)
        sentences.append(" ".join(chunk).capitalize() + ".")
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "\n\n".join(paragraphs) + "\n"


def copy_of(text: str, seed: int) -> str:
    """A republication: a new first line and one changed word in the body."""
    rng = random.Random(seed)
    words = text.split(" ")
    words[rng.randrange(10, len(words) - 10)] = "republished"
    return f"Reprinted from a wire service (copy {seed})\n\n" + " ".join(words)


def repunctuated(text: str, n: int) -> str:
    """The same words (so the same shingles, signature and band keys), another text."""
    return text + "!" * (n + 1)


def files_of(texts: list[str]) -> list[tuple[str, bytes]]:
    return [(f"{i:03}.txt", t.encode()) for i, t in enumerate(texts)]


def stored_state(annotation_set) -> list[tuple]:
    """What an import stored, independent of ids: per article its sentences, flags, bands
    and the names of the articles it shares a cluster with."""
    articles = list(Article.objects.filter(annotation_set=annotation_set).order_by("source_name"))
    by_cluster: dict[int, list[str]] = {}
    for a in articles:
        if a.cluster_id:
            by_cluster.setdefault(a.cluster_id, []).append(a.source_name)
    state = []
    for a in articles:
        state.append(
            (
                a.source_name,
                a.folded_sha256,
                bytes(a.minhash),
                a.quality_flags,
                list(a.sentences.values_list("index", "start", "end", "folded_text")),
                list(a.flags.order_by("start", "kind").values_list("kind", "start", "end")),
                sorted(a.bands.values_list("key", flat=True)),
                sorted(by_cluster.get(a.cluster_id, [])) if a.cluster_id else [],
            )
        )
    return state


TEXTS = [story(1), story(2), copy_of(story(1), 7), story(3), copy_of(story(3), 8), story(1)]


def test_stored_rows_match_the_analysis():
    annotation_set = AnnotationSetFactory()
    outcome = articles_import(annotation_set=annotation_set, files=files_of(TEXTS), fmt="text")
    assert outcome.skipped_duplicates == ["005.txt"]  # the same text as 000.txt
    assert outcome.clusters == [["000.txt", "002.txt"], ["003.txt", "004.txt"]]
    for name, article_id in outcome.articles.items():
        article = Article.objects.get(pk=article_id)
        prepared = prepare_article(article.text)
        assert article.folded_sha256 == prepared.content_sha256
        assert bytes(article.minhash) == prepared.minhash
        assert list(
            Sentence.objects.filter(article=article).values_list(
                "index", "start", "end", "folded_text"
            )
        ) == [tuple(s) for s in prepared.sentences], name
        assert sorted(
            ArticleBand.objects.filter(article=article).values_list("key", flat=True)
        ) == (sorted(prepared.band_keys))
        assert set(
            ArticleBand.objects.filter(article=article).values_list("annotation_set", flat=True)
        ) == {annotation_set.pk}
        assert ArticleFlag.objects.filter(article=article).count() == len(prepared.flags)


def test_batch_size_does_not_change_what_is_stored(monkeypatch):
    whole = AnnotationSetFactory()
    articles_import(annotation_set=whole, files=files_of(TEXTS), fmt="text")
    monkeypatch.setattr(ingest, "COMMIT_BATCH", 1)
    one_by_one = AnnotationSetFactory()
    articles_import(annotation_set=one_by_one, files=files_of(TEXTS), fmt="text")
    split = AnnotationSetFactory()
    articles_import(annotation_set=split, files=files_of(TEXTS[:3]), fmt="text")
    articles_import(annotation_set=split, files=files_of(TEXTS)[3:], fmt="text")
    assert stored_state(whole) == stored_state(one_by_one) == stored_state(split)


def test_worker_pool_stores_the_same_as_one_process(settings):
    texts = [story(100 + i, words=60) for i in range(40)] + [copy_of(story(100), 1)]
    settings.CLAIMS_INGEST_WORKERS = 1
    inline = AnnotationSetFactory()
    articles_import(annotation_set=inline, files=files_of(texts), fmt="text")
    settings.CLAIMS_INGEST_WORKERS = 2
    pooled = AnnotationSetFactory()
    outcome = articles_import(annotation_set=pooled, files=files_of(texts), fmt="text")
    assert outcome.imported == 41
    assert stored_state(inline) == stored_state(pooled)


def test_near_duplicates_are_found_only_within_the_set():
    first = AnnotationSetFactory()
    articles_import(annotation_set=first, files=[("a.txt", story(5).encode())], fmt="text")
    second = AnnotationSetFactory()
    outcome = articles_import(
        annotation_set=second, files=[("b.txt", copy_of(story(5), 2).encode())], fmt="text"
    )
    assert outcome.clusters == []
    assert not Article.objects.exclude(cluster=None).exists()


def test_clusters_bridged_by_a_new_article_merge():
    annotation_set = AnnotationSetFactory()
    blocks = [story(300 + i, words=44) for i in range(15)]
    a, b, bridge = "".join(blocks[0:10]), "".join(blocks[5:15]), "".join(blocks[2:13])
    # a and b share a third of their shingles: two clusters, each with its copy. The bridge
    # shares about 0.6 with each, so it joins both and they become one.
    articles_import(
        annotation_set=annotation_set,
        files=[
            ("a.txt", a.encode()),
            ("a-copy.txt", copy_of(a, 1).encode()),
            ("b.txt", b.encode()),
            ("b-copy.txt", copy_of(b, 2).encode()),
        ],
        fmt="text",
    )
    clustered = Article.objects.filter(annotation_set=annotation_set).exclude(cluster=None)
    assert len(set(clustered.values_list("cluster", flat=True))) == 2
    outcome = articles_import(
        annotation_set=annotation_set, files=[("bridge.txt", bridge.encode())], fmt="text"
    )
    assert len(set(clustered.values_list("cluster", flat=True))) == 1
    assert clustered.count() == 5
    assert outcome.clusters == [["a-copy.txt", "a.txt", "b-copy.txt", "b.txt", "bridge.txt"]]


def test_keys_shared_beyond_the_cap_are_ignored(settings):
    settings.CLAIMS_BAND_KEY_CAP = 2
    annotation_set = AnnotationSetFactory()
    text = story(11)
    for n in range(3):
        articles_import(
            annotation_set=annotation_set,
            files=[(f"c{n}.txt", repunctuated(text, n).encode())],
            fmt="text",
        )
    first, second, third = Article.objects.filter(annotation_set=annotation_set).order_by("id")
    # The first two share their keys (two articles: within the cap) and form a cluster; the
    # third makes those keys common to three, so they are a template's, not evidence.
    assert first.cluster_id is not None and first.cluster_id == second.cluster_id
    assert third.cluster_id is None
    assert CommonBandKey.objects.filter(annotation_set=annotation_set).count() > 0
    # With the default cap the same three form one cluster.
    settings.CLAIMS_BAND_KEY_CAP = 50
    other = AnnotationSetFactory()
    articles_import(
        annotation_set=other,
        files=[(f"c{n}.txt", repunctuated(text, n).encode()) for n in range(3)],
        fmt="text",
    )
    clusters = Article.objects.filter(annotation_set=other).values_list("cluster", flat=True)
    assert len(set(clusters)) == 1 and None not in clusters


def _statements_for_one_import(annotation_set, text: str, name: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        articles_import(annotation_set=annotation_set, files=[(name, text.encode())], fmt="text")
    return len(queries)


def test_statements_per_import_do_not_grow_with_the_set(settings):
    settings.CLAIMS_BAND_KEY_CAP = 5
    annotation_set = AnnotationSetFactory()
    template = story(21)
    small = _statements_for_one_import(annotation_set, copy_of(template, 0), "t0.txt")
    # Thirty more copies of the same template: their shared keys become common.
    articles_import(
        annotation_set=annotation_set,
        files=[(f"t{n}.txt", copy_of(template, n).encode()) for n in range(1, 31)],
        fmt="text",
    )
    assert CommonBandKey.objects.filter(annotation_set=annotation_set).exists()
    large = _statements_for_one_import(annotation_set, copy_of(template, 99), "t99.txt")
    assert large <= small + 2  # cluster updates at most; nothing per stored article


def _bundle(text: str, claim_id: int) -> bytes:
    import json

    bundle = {
        "format": "claim-annotator/1",
        "article": {"title": "T", "text": text},
        "claims": [{"id": claim_id, "start": 0, "end": 10}],
        "attributions": [],
        "sources": [],
        "links": [],
        "marks": [],
    }
    return json.dumps(bundle).encode() + b"\n"


def test_annotated_import_stores_articles_in_batches_and_reuses_repeats():
    from claims.services.interchange import InterchangeError, annotations_import

    annotation_set = AnnotationSetFactory()
    text = story(31)
    data = _bundle(text, 1) + _bundle(story(32), 2) + _bundle(text, 3)
    result = annotations_import(
        annotation_set=annotation_set, files=[("a.jsonl", data)], fmt="jsonl", user=None
    )
    assert result["articles_created"] == 2 and result["articles_existing"] == 1
    assert result["claims"] == 2  # the repeat's claim is the same span: nothing new
    article = Article.objects.get(annotation_set=annotation_set, text=text)
    assert article.claims.count() == 1 and article.sentences.exists()
    # Other spacing: the same folded text (whitespace runs collapse), not the same offsets.
    with pytest.raises(InterchangeError, match="nearly the same text"):
        annotations_import(
            annotation_set=annotation_set,
            files=[("b.jsonl", _bundle(text.replace(" ", "  ", 1), 4))],
            fmt="jsonl",
            user=None,
        )


def test_a_text_another_import_stored_first_is_a_duplicate_not_an_error(monkeypatch):
    """The batch's insert meets the unique text constraint (the other import committed after
    this batch looked): the batch is stored again article by article and the text counts as
    a duplicate. On PostgreSQL the articles go in by COPY, whose error must still be
    Django's IntegrityError for that to happen."""
    annotation_set = AnnotationSetFactory()
    articles_import(annotation_set=annotation_set, files=files_of([TEXTS[0]]))
    fresh = ingest_batch._fresh
    calls = []

    def blind_first(annotation_set, items):  # the batch's look happens before the other commit
        calls.append(len(items))
        return list(range(len(items))) if len(calls) == 1 else fresh(annotation_set, items)

    monkeypatch.setattr(ingest_batch, "_fresh", blind_first)
    outcome = articles_import(annotation_set=annotation_set, files=files_of(TEXTS[:2]))
    assert outcome.skipped_duplicates == ["000.txt"]
    assert list(outcome.articles) == ["001.txt"]
    assert Article.objects.filter(annotation_set=annotation_set).count() == 2
