"""The annotate page shows the article's flags and its near-duplicate copies."""

import pytest
from django.urls import reverse

from claims.models import DuplicateCluster
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_flags_bar_with_quiet_lookalike_notice_and_copies(
    client, annotator, annotation_set, other_set, django_assert_max_num_queries
):
    cluster = DuplicateCluster.objects.create()
    original = ArticleFactory(
        annotation_set=annotation_set, title="Original story", cluster=cluster
    )
    copy = ArticleFactory(
        annotation_set=annotation_set,
        title="Copied story",
        cluster=cluster,
        quality_flags={
            "homoglyphs": 212,
            "lookalike_words": 150,
            "run_together": 3,
            "boilerplate": 1,
        },
    )
    elsewhere = ArticleFactory(annotation_set=other_set, title="Other set's copy", cluster=cluster)
    client.force_login(annotator)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("article-annotate", args=[copy.pk])).content.decode()
    assert 'id="article-flags"' in page
    assert "212 letters from another script in 150 words, marked quietly." in page
    assert 'id="lookalike-toggle"' in page and 'aria-pressed="false"' in page
    assert "3 words joined by a bad line break" in page
    assert f'href="{reverse("article-annotate", args=[original.pk])}"' in page
    assert "Original story" in page
    assert (
        "Other set" not in page
        and str(reverse("article-annotate", args=[elsewhere.pk])) not in page
    )
    assert "js/flags.js" in page


def test_no_flags_bar_for_a_clean_article(client, annotator, article):
    client.force_login(annotator)
    page = client.get(reverse("article-annotate", args=[article.pk])).content.decode()
    assert 'id="article-flags"' not in page
