"""Export bundles: what is left out (deleted work) and what filters keep."""

import pytest

from claims.selectors.bulk_reads import SerialReader
from claims.selectors.export import ExportFilters, export_bundles
from claims.services.claims import claim_delete
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def _only(annotation_set, **filters):
    [bundle] = export_bundles(annotation_set=annotation_set, filters=ExportFilters(**filters))
    return bundle


def test_deleted_claims_and_their_attributions_are_left_out(annotation_set):
    article = ArticleFactory(annotation_set=annotation_set)
    kept = ClaimFactory(article=article, start=0, end=9)
    gone = ClaimFactory(article=article, start=10, end=18)
    AttributionFactory(claim=kept)
    AttributionFactory(claim=gone)
    AttributionFactory(claim=None, article=article, kind="anonymous", cue_start=3, cue_end=8)
    claim_delete(claim=gone, user=None, version=None)
    bundle = _only(annotation_set)
    assert [c["id"] for c in bundle["claims"]] == [kept.pk]
    assert [a["claim"] for a in bundle["attributions"]] == [kept.pk, None]
    assert bundle["attributions"][1]["cue_text"] == article.text[3:8]


def test_filters_narrow_claims_and_attributions(annotation_set):
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    article = ArticleFactory(annotation_set=annotation_set)
    draft = ClaimFactory(article=article, start=0, end=9, created_by=ann, status="draft")
    approved = ClaimFactory(article=article, start=10, end=18, created_by=bob, status="approved")
    AttributionFactory(claim=draft, created_by=ann, kind="quoted")
    AttributionFactory(claim=approved, created_by=bob, kind="sourced")
    assert [c["id"] for c in _only(annotation_set, statuses=["approved"])["claims"]] == [
        approved.pk
    ]
    by_kind = _only(annotation_set, kinds=["quoted"])
    assert [c["id"] for c in by_kind["claims"]] == [draft.pk]
    assert [a["kind"] for a in by_kind["attributions"]] == ["quoted"]
    by_ann = _only(annotation_set, annotators=["bob"])
    assert [a["created_by"] for a in by_ann["attributions"]] == ["bob"]
    assert [c["created_by"] for c in by_ann["claims"]] == ["bob"]


def _varied_set(annotation_set):
    """Five articles holding every kind of row an export reads, one of each edge case."""
    from claims.models import ArticleFlag, SourceAlias, StandoffMark
    from tests.factories import ClaimLinkFactory, SourceFactory

    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    kislyak = SourceFactory(annotation_set=annotation_set, name="Sergei Kislyak")
    SourceAlias.objects.create(source=kislyak, name="Sergey Kislyak", folded_name="sergey kislyak")
    SourceAlias.objects.create(source=kislyak, name="Kislyak", folded_name="kislyak")
    quiet = SourceFactory(annotation_set=annotation_set, name="The council")
    claims = []
    for n in range(5):
        article = ArticleFactory(annotation_set=annotation_set)
        claim = ClaimFactory(article=article, start=n, end=n + 9, created_by=ann)
        discontinuous = ClaimFactory(
            article=article, start=0, end=30, parts=[[0, 9], [20, 30]], created_by=bob
        )
        AttributionFactory(claim=claim, source=kislyak, created_by=bob, kind="quoted")
        AttributionFactory(claim=discontinuous, source=quiet if n % 2 else None, created_by=ann)
        ArticleFlag.objects.create(article=article, kind="boilerplate", start=0, end=4)
        StandoffMark.objects.create(article=article, label="Cue", start=1, end=5, annotator=bob)
        claims.append(claim)
    ClaimLinkFactory(from_claim=claims[0], to_claim=claims[4], created_by=ann)
    claim_delete(claim=claims[2], user=None, version=None)


@pytest.mark.parametrize(
    "filters",
    [{}, {"statuses": ["draft"]}, {"kinds": ["quoted"]}, {"annotators": ["bob"]}],
    ids=["all", "status", "kind", "annotator"],
)
def test_chunked_reads_give_the_same_bundles_as_one_read(annotation_set, filters):
    """Chunks of two articles (pipelined on PostgreSQL), with users and sources read per
    chunk or up front, all give what one chunk read serially gives."""
    from claims.selectors import export

    _varied_set(annotation_set)
    chosen = ExportFilters(**filters)
    whole = list(export_bundles(annotation_set=annotation_set, filters=chosen, chunk_size=100))
    assert len(whole) == 5
    assert any(bundle["marks"] and bundle["flags"] and bundle["sources"] for bundle in whole)
    chunked = list(export_bundles(annotation_set=annotation_set, filters=chosen, chunk_size=2))
    assert chunked == whole
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export.Names, "PRELOAD", 0)
        per_chunk = list(
            export_bundles(annotation_set=annotation_set, filters=chosen, chunk_size=2)
        )
    assert per_chunk == whole
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export, "chunk_reader", SerialReader)
        serial = list(export_bundles(annotation_set=annotation_set, filters=chosen, chunk_size=2))
    assert serial == whole


def test_aliases_and_sources_come_once_each(annotation_set):
    _varied_set(annotation_set)
    first = next(iter(export_bundles(annotation_set=annotation_set)))
    [kislyak] = [s for s in first["sources"] if s["name"] == "Sergei Kislyak"]
    assert kislyak["aliases"] == ["Kislyak", "Sergey Kislyak"]


def test_an_abandoned_export_leaves_the_connection_usable(annotation_set):
    """Closing the stream after the first bundle, with the next chunk's reads in flight,
    collects them and leaves the connection ready for the next query; the garbage collector
    runs as before while the consumer has the bundle."""
    import gc

    from django.db import connection

    from claims.models import Article

    _varied_set(annotation_set)
    bundles = export_bundles(annotation_set=annotation_set, chunk_size=2)
    next(bundles)
    assert gc.isenabled()
    bundles.close()
    if connection.vendor == "postgresql":
        assert connection.connection.pgconn.pipeline_status == 0  # out of pipeline mode
    assert Article.objects.filter(annotation_set=annotation_set).count() == 5


def test_articles_read_with_the_chunk_are_what_the_orm_reads(annotation_set):
    """Each chunk's articles come with its other reads (plain rows, no Django converters):
    the same values, aware timestamps included, as Django's own read of them, so the same
    JSON."""
    from datetime import UTC, datetime

    import orjson

    from claims.interop.jsonl import write_line
    from claims.models import Article
    from claims.selectors.export_queries import ARTICLE_FIELDS

    when = [None, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), datetime(2026, 1, 2, 3, 4, 5, 120000)]
    for n, published in enumerate(when):
        ArticleFactory(
            annotation_set=annotation_set,
            url=f"https://example.org/{n}",
            author="Ünïcode Author",
            published_at=published.replace(tzinfo=UTC) if published else None,
        )
    expected = [
        dict(zip(ARTICLE_FIELDS, row, strict=True))
        for row in Article.objects.filter(annotation_set=annotation_set)
        .order_by("id")
        .values_list(*ARTICLE_FIELDS)
    ]
    bundles = list(export_bundles(annotation_set=annotation_set, chunk_size=2))
    assert [b["article"] for b in bundles] == expected
    assert [orjson.dumps(b["article"]) for b in bundles] == [orjson.dumps(e) for e in expected]
    assert b'"published_at":"2026-01-02T03:04:05.120000+00:00"' in write_line(bundles[2])


def test_links_are_read_by_index_whatever_the_number_of_links(annotation_set):
    """A chunk's links are looked up by its claims' ids (PostgreSQL: ``= ANY(ARRAY(…))``, an
    index probe per claim), not by a join that let the planner scan every link of the
    database for every chunk."""
    from django.db import connection

    from claims.selectors.export import Names
    from claims.selectors.export_queries import ChunkQueries

    _varied_set(annotation_set)
    queries = ChunkQueries(ExportFilters(), Names(annotation_set))
    links_sql, _ = queries.for_chunk([1, 2], [])[6]
    assert "claims_claimlink" in links_sql.split(" FROM ")[1]
    if connection.vendor == "postgresql":
        assert '"claims_claimlink"."from_claim_id" = ANY((ARRAY(SELECT' in links_sql
        assert queries._compiled is not None  # still compiled once per export


def test_article_texts_are_stored_with_lz4_where_the_database_has_it(db):
    """Migration 0011: lz4 decompresses an export's texts in ~60 % of pglz's time."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL storage setting")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if not cursor.fetchone()[0]:
            pytest.skip("this server was built without lz4")
        cursor.execute(
            "SELECT attcompression FROM pg_attribute"
            " WHERE attrelid = 'claims_article'::regclass AND attname = 'text'"
        )
        assert cursor.fetchone()[0] == "l"
