"""The claim editor's source kind in headless Chromium: a new source gets the kind chosen,
picking an existing source shows its kind, and changing it there changes the source."""

import pytest

from claims.models import Attribution, Source
from tests.browser.helpers import drag_select, kislyak_article, open_annotate, wait_htmx_idle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pick(page, typed, option_text):
    page.click("#source-query")
    page.keyboard.type(typed)
    option = page.locator("#source-options [role=option]", has_text=option_text)
    option.wait_for()
    option.click()


def _save(page):
    page.click("#editor-form button[name=intent][value=save]")
    page.wait_for_selector("#toast .toast", state="visible")
    wait_htmx_idle(page)


def test_new_source_kind_then_existing_source_kind_changed(
    page_for, newsroom, annie, browser_errors
):
    article = kislyak_article(newsroom, annie)
    page = page_for(annie)
    open_annotate(page, article)

    drag_select(page, "met", "December")
    page.wait_for_selector("#editor-form")
    page.keyboard.press("1")
    _pick(page, "State Department", "Create source")
    page.select_option("#source-kind", "organisation")
    _save(page)
    created = Source.objects.get(name="State Department")
    assert created.kind == "organisation"
    assert Attribution.objects.get(source=created).kind == "sourced"

    page.keyboard.press("Escape")
    drag_select(page, "embassy", "talks")
    page.wait_for_selector("#editor-form")
    page.keyboard.press("2")
    _pick(page, "Sergey", "Sergei Kislyak")
    kislyak = Source.objects.get(name="Sergei Kislyak")
    assert page.input_value("#source-kind") == "person"  # the picked source's kind is shown
    assert page.input_value("#source-version") == str(kislyak.version)
    page.select_option("#source-kind", "unidentified")
    _save(page)
    kislyak.refresh_from_db()
    assert (kislyak.kind, kislyak.version) == ("unidentified", 2)
    assert browser_errors == []
