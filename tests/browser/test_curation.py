"""Curation in headless Chromium: a reviewer builds the curated version of an article two
annotators marked, with one key per decision, then exports the curated layer."""

import json

import pytest

from claims.models import Attribution, Origin, Role
from tests.browser.helpers import member, wait_htmx_idle, wait_until
from tests.curation_helpers import two_versions
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_board(page, article):
    page.goto(f"/articles/{article.pk}/curate/")
    page.wait_for_selector("#curation-board[data-ready=true]")


def focused_unit(page):
    return page.evaluate(
        "() => { const u = document.activeElement.closest('.unit');"
        " return u ? +u.dataset.unit : 0; }"
    )


def press(page, key):
    page.keyboard.press(key)
    wait_htmx_idle(page)


def test_reviewer_curates_with_keys_and_exports_the_curated_layer(
    page_for, newsroom, browser_errors
):
    annie, bea = member(newsroom, "annie"), member(newsroom, "bea")
    rita = member(newsroom, "rita", Role.REVIEWER)
    article = ArticleFactory(annotation_set=newsroom, title="Deal close, mayor says")
    marked = two_versions(article, annie, bea)
    page = page_for(rita)
    open_board(page, article)
    assert page.locator("#curation-board .unit").count() == 3
    assert page.locator("#unit-2 .differs").count() > 0  # kind and content differ
    assert page.locator("#unit-1 .differs").count() == 0  # both agree
    wait_until(page, "document.activeElement.id === 'unit-1'")

    press(page, "m")  # unit 1: merge (they agree)
    wait_until(page, "document.activeElement.id === 'unit-2'")
    press(page, "2")  # unit 2: take bea's version
    wait_until(page, "document.activeElement.id === 'unit-3'")
    press(page, "x")  # unit 3: leave the council out
    press(page, "k")
    assert focused_unit(page) == 2
    press(page, "q")  # edit the curated kind: quoted
    assert page.locator("#unit-2 .curated-cell .k-quoted").count() == 1

    curated = Attribution.objects.filter(origin=Origin.CURATED, deleted_at__isnull=True)
    assert sorted((a.claim.quote, a.kind) for a in curated) == [
        ("We are nearly there", "quoted"),
        ("the deal was close", "anonymous"),
    ]
    assert {a.created_by for a in curated} == {rita}
    assert curated.get(kind="quoted").details["curation"]["from"] == [marked["mayor_2"].pk]

    response = page.request.get("/api/v1/sets/newsroom/export/?format=jsonl")
    assert response.ok
    bundle = json.loads(response.text().splitlines()[0])
    assert sorted(c["text"] for c in bundle["claims"]) == [
        "We are nearly there",
        "the deal was close",
    ]
    everything = page.request.get("/api/v1/sets/newsroom/export/?format=jsonl&layer=all")
    assert len(json.loads(everything.text().splitlines()[0])["claims"]) == 7
    assert browser_errors == []


def test_annotator_cannot_open_the_board(page_for, newsroom):
    annie, bea = member(newsroom, "annie"), member(newsroom, "bea")
    article = ArticleFactory(annotation_set=newsroom)
    two_versions(article, annie, bea)
    page = page_for(annie)
    response = page.goto(f"/articles/{article.pk}/curate/")
    assert response.status == 403
    assert page.locator("#curation-board").count() == 0
