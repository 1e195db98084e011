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


# The screen rectangle of a piece of the editor's text excerpt (UTF-16, as the DOM counts).
EDIT_TEXT_RECT_JS = """
([needle]) => {
  const node = document.querySelector("#curation-editor .edit-text .run").firstChild;
  const i = node.data.indexOf(needle);
  if (i < 0) return null;
  const range = document.createRange();
  range.setStart(node, i);
  range.setEnd(node, i + needle.length);
  const r = range.getClientRects()[0];
  return {x1: r.left + 1, x2: r.right - 1, y: r.top + r.height / 2};
}
"""


def field(page, name):
    return page.locator(f'#curation-editor [name="{name}"]')


def test_reviewer_edits_the_curated_version_with_keys_and_exports_it(
    page_for, newsroom, browser_errors
):
    annie, bea = member(newsroom, "annie"), member(newsroom, "bea")
    rita = member(newsroom, "rita", Role.REVIEWER)
    article = ArticleFactory(annotation_set=newsroom, title="Deal close, mayor says")
    two_versions(article, annie, bea)
    text = article.text
    page = page_for(rita)
    open_board(page, article)
    press(page, "j")
    assert focused_unit(page) == 2
    press(page, "2")  # take bea's version of the mayor's quote (without the comma)
    press(page, "k")
    assert focused_unit(page) == 2

    press(page, "e")  # the editor opens on the focused unit, its first field focused
    wait_until(page, "!!document.getElementById('curation-editor')")
    wait_until(page, "document.activeElement.name === 'kind'")
    assert field(page, "kind").input_value() == "sourced"
    page.keyboard.press("Escape")  # Esc cancels: nothing saved, the unit keeps focus
    wait_htmx_idle(page)
    assert page.locator("#curation-editor").count() == 0
    assert focused_unit(page) == 2

    press(page, "e")
    wait_until(page, "document.activeElement.name === 'kind'")
    page.keyboard.press("ArrowDown")  # kind: sourced -> anonymous (the next option)
    # A bad offset: named inline, what was typed is kept, nothing saved.
    field(page, "cue_end").fill("99999")
    field(page, "cue_end").press("Enter")
    wait_htmx_idle(page)
    assert "Cue" in page.locator("#curation-editor-errors").inner_text()
    assert field(page, "cue_end").input_value() == "99999"
    field(page, "cue_end").fill(str(text.index("told") + 4))
    # The content gets its comma back: typed offsets.
    content_end = text.index("We are nearly there,") + len("We are nearly there,")
    field(page, "content_end").fill(str(content_end))
    # The source span from a text selection in the editor's excerpt.
    page.evaluate(
        "document.querySelector('#curation-editor .edit-text').scrollIntoView({block: 'center'})"
    )
    rect = page.evaluate(EDIT_TEXT_RECT_JS, ["Ana Ruiz"])
    page.mouse.move(rect["x1"], rect["y"])
    page.mouse.down()
    page.mouse.move(rect["x2"], rect["y"], steps=5)
    page.mouse.up()
    page.locator('#curation-editor [data-use-selection="source"]').click()
    assert field(page, "source_start").input_value() == str(text.index("Ana Ruiz"))
    field(page, "content_end").press("Enter")  # Enter saves
    wait_htmx_idle(page)
    wait_until(page, "!document.getElementById('curation-editor')")
    assert focused_unit(page) == 2

    curated = Attribution.objects.get(origin=Origin.CURATED, deleted_at__isnull=True)
    assert curated.kind == "anonymous" and curated.claim.quote == "We are nearly there,"
    assert text[curated.source_start : curated.source_end] == "Ana Ruiz"
    assert text[curated.cue_start : curated.cue_end] == "told"
    response = page.request.get("/api/v1/sets/newsroom/export/?format=jsonl")
    bundle = json.loads(response.text().splitlines()[0])
    assert [c["text"] for c in bundle["claims"]] == ["We are nearly there,"]
    (exported,) = bundle["attributions"]
    assert exported["kind"] == "anonymous"
    # The one 400 is the bad offset above (the console logs every 4xx); no script errors.
    assert [e for e in browser_errors if "status of 400" not in e] == []
