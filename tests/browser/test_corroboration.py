"""The link dialog's suggestions in headless Chromium: ranked on open, the copy labelled,
accepting one links it, and the claim shows its independent count."""

import pytest

from claims.models import ClaimLink
from claims.services.claims import claim_create
from tests.browser.helpers import member, open_annotate, wait_htmx_idle
from tests.corroboration_helpers import COPY, ORIGINAL, OTHER, PHRASE, span_of, store
from tests.factories import AnnotationSetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_suggestions_on_open_copy_labelled_accept_links_and_counts(page_for, browser_errors):
    newsroom = AnnotationSetFactory(name="Newsroom", slug="newsroom")
    annie = member(newsroom, "annie")
    original = store(newsroom, ORIGINAL, "Original report")
    store(newsroom, COPY, "Republished copy")
    other = store(newsroom, OTHER, "Records story")
    start, end = span_of(original, PHRASE)
    claim = claim_create(article=original, start=start, end=end, user=annie)

    page = page_for(annie)
    open_annotate(page, original, f"#claim-{claim.pk}")
    items = page.locator("#link-suggestions li.suggestion")
    items.first.wait_for()  # ranked candidates appear without typing anything
    wait_htmx_idle(page)
    assert page.input_value("#link-query") == ""
    copy = page.locator("#link-suggestions li.suggestion.copy")
    assert copy.count() == 1
    assert "copy · repeats" in copy.inner_text()
    assert "Republished copy" in copy.inner_text()
    assert page.inner_text("#claim-corroboration").startswith("Corroborated by 0 independent")

    independent = page.locator("#link-suggestions li.suggestion:not(.copy)", has_text="Records")
    independent.get_by_role("button", name="Link as corroborates").click()
    page.wait_for_selector("#claim-links li[data-link]")
    page.locator(
        "#claim-corroboration", has_text="Corroborated by 1 independent article"
    ).wait_for()
    link = ClaimLink.objects.get()
    assert (link.from_claim_id, link.relation) == (claim.pk, "corroborates")
    assert link.to_claim.article_id == other.pk
    # The accepted target leaves the suggestions; the copy is still offered as a repeat.
    wait_htmx_idle(page)
    assert page.locator("#link-suggestions li.suggestion", has_text="Records show").count() == 0
    assert page.locator("#link-suggestions li.suggestion.copy").count() == 1
    assert browser_errors == []
    # Accepting the copy links it as a repeat, whatever the relation menu says.
    page.locator("#link-suggestions li.suggestion.copy").get_by_role(
        "button", name="Link as repeats"
    ).click()
    page.locator("#claim-links li[data-link]").nth(1).wait_for()
    assert set(ClaimLink.objects.values_list("relation", flat=True)) == {"corroborates", "repeats"}
    page.locator(
        "#claim-corroboration", has_text="Corroborated by 1 independent article"
    ).wait_for()
    assert browser_errors == []
