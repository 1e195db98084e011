"""Titles at import (first non-boilerplate line, HTML metadata) and the manager's correction."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import ChangeRecord
from claims.services.articles import article_title_update
from claims.services.errors import ConflictError
from claims.services.ingest import articles_import
from tests.nlp.test_html import PAGES

pytestmark = pytest.mark.django_db


def test_seed_import_gives_002_its_headline(annotation_set, seeds_dir):
    files = [(str(p), p.read_bytes()) for p in sorted(seeds_dir.glob("*.txt"))]
    outcome = articles_import(annotation_set=annotation_set, files=files)
    titles = {a.source_name[:3]: a.title for a in annotation_set.articles.all()}
    assert outcome.imported == 5
    assert titles["002"] == (
        "Trump campaign reportedly had at least 18 undisclosed contacts with Russians"
    )
    assert "WebMail" not in " ".join(titles.values())


def test_html_import_takes_title_author_date_and_site(annotation_set):
    html = (PAGES / "div_soup.html").read_bytes()
    articles_import(annotation_set=annotation_set, files=[("/tmp/x/ferry.html", html)])
    [article] = annotation_set.articles.all()
    assert article.title == "Ferry operator fined over delays"
    assert (article.author, article.outlet) == ("Priya Lindqvist", "Harbour Times")
    assert article.published_at is not None and article.published_at.date().isoformat() == (
        "2026-05-02"
    )
    assert "SCRIPT-MUST-NOT-APPEAR" not in article.text and "Related stories" not in article.text
    assert article.source_name == "ferry.html"


def test_jsonl_title_field_wins(annotation_set):
    line = (
        b'{"title": "Given title", "text": "Home | News | Login\\n\\nA headline here\\n\\nBody."}'
    )
    articles_import(annotation_set=annotation_set, files=[("feed.jsonl", line)])
    assert annotation_set.articles.get().title == "Given title"


def test_title_update_is_audited_and_keeps_the_text(article, manager):
    text = article.text
    old = article.title
    article_title_update(article=article, title="  A   better title ", previous=old, user=manager)
    article.refresh_from_db()
    assert article.title == "A better title" and article.text == text
    change = ChangeRecord.objects.get(entity="article", object_id=article.pk)
    assert (change.before, change.after, change.user) == (
        {"title": old},
        {"title": "A better title"},
        manager,
    )


def test_title_update_conflict_and_empty(article, manager):
    with pytest.raises(ConflictError) as conflict:
        article_title_update(article=article, title="New", previous="stale", user=manager)
    assert conflict.value.current == {"title": article.title}
    with pytest.raises(ValidationError):
        article_title_update(article=article, title="  ", previous=article.title, user=manager)


def test_title_view_managers_only(client, article, manager, annotator, outsider):
    url = reverse("article-title", args=[article.pk])
    old = article.title
    client.force_login(annotator)
    assert client.post(url, {"title": "X", "previous": old}).status_code == 403
    client.force_login(outsider)
    assert client.post(url, {"title": "X", "previous": old}).status_code == 404
    client.force_login(manager)
    page = client.get(reverse("article-read", args=[article.pk])).content.decode()
    assert 'name="previous"' in page
    bad = client.post(url, {"title": "", "previous": old})
    assert bad.status_code == 400 and "title" in bad.content.decode()
    assert client.post(url, {"title": "Y", "previous": "stale"}).status_code == 409
    response = client.post(url, {"title": "Renamed", "previous": old})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Renamed"
    client.force_login(annotator)
    page = client.get(reverse("article-read", args=[article.pk])).content.decode()
    assert 'name="previous"' not in page
