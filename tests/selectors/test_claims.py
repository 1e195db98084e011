"""Reads behind the annotate page: claims with attributions, runs, counts, link search."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.selectors.articles import article_for_reading
from claims.selectors.claims import (
    annotate_claims,
    annotate_text,
    filter_claims,
    link_candidates,
    panel_counts,
    sentence_suggestions,
)
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create, claim_delete
from claims.services.sources import source_create
from claims.templatetags.annotate_text import annotated_text, claim_rows
from tests.browser.helpers import fill_folded
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_claims_carry_kind_summary_and_sources(annotator, article):
    source = source_create(annotation_set=article.annotation_set, name="Ana Ruiz", user=None)
    first = claim_create(article=article, start=0, end=9, user=annotator)
    attribution_create(article=article, claim=first, kind="quoted", source=source, user=None)
    attribution_create(article=article, claim=first, kind="anonymous", user=None)
    bare = claim_create(article=article, start=10, end=18, user=annotator)
    gone = claim_create(article=article, start=20, end=25, user=annotator)
    claim_delete(claim=gone, user=annotator, version=1)
    with CaptureQueriesContext(connection) as ctx:
        views = annotate_claims(article=article)
    assert len(ctx.captured_queries) == 2
    assert [v.pk for v in views] == [first.pk, bare.pk]
    assert views[0].kind == "quoted" and views[0].sources == "Ana Ruiz"
    assert views[0].summary == "Quoted: Ana Ruiz; Anonymous (draft)"
    assert views[1].kind == "none" and views[1].kind_label == "No attribution"
    counts = panel_counts(views)
    assert counts.total == 2 and counts.kinds["quoted"] == 1 and counts.kinds["none"] == 1
    assert filter_claims(views, kind="none") == [views[1]]
    assert filter_claims(views, status="submitted") == []


def test_nested_and_overlapping_claims_become_runs_with_several_marks(annotator, article):
    text = article.text  # "Officials familiar with the talks said the deal was close. …"
    outer = claim_create(article=article, start=0, end=text.index("."), user=annotator)
    inner = claim_create(article=article, start=10, end=33, user=annotator)  # nested
    attribution_create(article=article, claim=inner, kind="anonymous", user=None)
    cross = claim_create(article=article, start=28, end=text.index("nearly"), user=annotator)
    fresh = article_for_reading(article_id=article.pk)
    html = str(annotated_text(annotate_text(article=fresh, claims=annotate_claims(article=fresh))))
    runs = re.findall(r'<span class="run([^"]*)" data-start="(\d+)" data-end="(\d+)"([^>]*)>', html)
    covered = {(int(s), int(e)): (css, attrs) for css, s, e, attrs in runs}
    # Inside the nested claim both claims mark the run, innermost first; it sets the colour.
    css, attrs = covered[(10, 28)]
    assert f'data-claims="{inner.pk} {outer.pk}"' in attrs
    assert "k-anonymous" in css and "depth-2" in css and "claim-start" in css
    css, attrs = covered[(28, 33)]
    assert "depth-3" in css
    assert set(re.search(r'data-claims="([^"]+)"', attrs).group(1).split()) == {
        str(outer.pk),
        str(inner.pk),
        str(cross.pk),
    }
    # Runs cover the text exactly once, in order.
    leaves = re.findall(r'data-end="\d+"[^>]*>([^<]*)</span>', html)
    assert unescape("".join(leaves)) == text


def test_rendered_text_escapes_everything(annotator, annotation_set):
    article = ArticleFactory(annotation_set=annotation_set, text='A <b>"x"</b> & <script>.')
    claim = claim_create(article=article, start=2, end=13, user=annotator)
    source = source_create(annotation_set=annotation_set, name='<img src=x onerror="1">', user=None)
    attribution_create(article=article, claim=claim, kind="sourced", source=source, user=None)
    fresh = article_for_reading(article_id=article.pk)
    views = annotate_claims(article=fresh)
    html = str(annotated_text(annotate_text(article=fresh, claims=views))) + str(
        claim_rows(views, "/claims/")
    )
    assert "<b>" not in html and "<script>" not in html and "<img" not in html
    assert "&lt;b&gt;&quot;x&quot;" in html and "&amp; &lt;script&gt;" in html
    assert "&lt;img src=x onerror=&quot;1&quot;&gt;" in html


def test_link_candidates_match_lookalike_copies_in_visible_sets_only(
    annotator, annotation_set, other_set, article
):
    claim = claim_create(article=article, start=0, end=9, user=annotator)
    copy = fill_folded(
        ArticleFactory(annotation_set=annotation_set, text="Тhe deal wаs close, aides said.")
    )
    target = claim_create(article=copy, start=0, end=18, user=annotator)
    fill_folded(ArticleFactory(annotation_set=other_set, text="The deal was close."))
    claims, sentences = link_candidates(claim=claim, user=annotator, query="THE DEAL WAS")
    assert [c.pk for c in claims] == [target.pk]
    assert [s.article.pk for s in sentences] == [copy.pk]
    assert sentences[0].text == "Тhe deal wаs close, aides said."
    assert link_candidates(claim=claim, user=annotator, query="x") == ([], [])


def test_sentence_suggestions(annotator, article):
    suggested = claim_create(
        article=article, start=0, end=9, user=None, status="suggested", origin="suggested"
    )
    claim_create(article=article, start=10, end=18, user=annotator)
    assert sentence_suggestions(article=article, index=0) == [suggested]
    assert sentence_suggestions(article=article, index=1) == []
