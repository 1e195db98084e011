"""Editor's day in Chromium: flags in the workspace, copies annotated once, keys to the next
task, and a crawl of the demo with no CSP violation in the console."""

import contextlib
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Error as PlaywrightError

from claims.models import Claim, ClaimLink, ClaimStatus, Origin
from claims.services.claims import claim_create
from claims.services.ingest import articles_import
from claims.services.links import claim_link_create
from tests.browser.helpers import (
    kislyak_article,
    open_annotate,
    suggest,
    wait_htmx_idle,
    wait_until,
)
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
SPAN = "The aide, Rick Dearborn, who is now President Donald Trump's deputy chief of staff"


@pytest.fixture
def seed_pair(newsroom, annie):
    """Seeds 000 and its homoglyph copy 001, imported for real (flags, cluster)."""
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not here ({SEEDS} is missing)")
    files = [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("00[01]_*.txt"))]
    articles_import(annotation_set=newsroom, files=files)
    original = newsroom.articles.get(source_name__startswith="000")
    copy = newsroom.articles.get(source_name__startswith="001")
    assert original.cluster_id is not None and original.cluster_id == copy.cluster_id
    return original, copy


def _csp_errors(errors):
    return [e for e in errors if "Content Security Policy" in e or "Refused to" in e]


def test_flags_quiet_lookalikes_toggle_and_copy_link(page_for, annie, seed_pair, browser_errors):
    original, copy = seed_pair
    page = page_for(annie)
    open_annotate(page, copy)
    notice = page.locator("#lookalike-notice")
    assert "marked quietly" in notice.inner_text()
    quiet = "getComputedStyle(document.querySelector('#article-text .mark-lookalike'))"
    assert page.evaluate(f"{quiet}.backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.evaluate(f"{quiet}.textDecorationStyle") == "dotted"
    page.click("#lookalike-toggle")
    assert page.get_attribute("#lookalike-toggle", "aria-pressed") == "true"
    assert page.evaluate(f"{quiet}.textDecorationStyle") == "wavy"
    assert page.evaluate(f"{quiet}.backgroundColor") != "rgba(0, 0, 0, 0)"
    page.reload()
    page.wait_for_selector("#annotate-page[data-ready=true]")
    assert page.get_attribute("#lookalike-toggle", "aria-pressed") == "true"  # remembered
    page.click(f"#article-flags a[data-copy='{original.pk}']")
    page.wait_for_url(f"**/articles/{original.pk}/annotate/")
    assert _csp_errors(browser_errors) == []


def test_claim_on_original_is_offered_on_homoglyph_copy(page_for, annie, seed_pair, browser_errors):
    original, copy = seed_pair
    start = original.text.index(SPAN)
    claim_create(article=original, start=start, end=start + len(SPAN), user=annie)
    page = page_for(annie)
    open_annotate(page, copy)  # the copy offers the original's claim on load, then reloads
    # wait_for_selector outlives the reload (an evaluate loop would not).
    page.wait_for_selector("#copies-accept-all")
    page.wait_for_selector("#annotate-page[data-ready=true]")
    offered = Claim.objects.get(article=copy, origin=Origin.COPIED)
    assert offered.status == ClaimStatus.SUGGESTED
    assert offered.quote == copy.text[offered.start : offered.end] != SPAN  # the copy's letters
    run = page.locator(f'#article-text [data-claims~="{offered.pk}"]').first
    assert run.get_attribute("class") and "st-suggested" in run.get_attribute("class")
    run.click()
    page.wait_for_selector(f'#editor[data-claim="{offered.pk}"] [data-key=a]')
    assert "Copied from a near-duplicate" in page.inner_text("#editor")
    page.keyboard.press("a")
    page.locator("#toast", has_text="Suggestion accepted").wait_for()
    offered.refresh_from_db()
    assert (offered.status, offered.accepted_by) == (ClaimStatus.DRAFT, annie)
    assert _csp_errors(browser_errors) == []


def test_keys_to_the_next_task_and_undo(page_for, newsroom, annie, browser_errors):
    article = kislyak_article(newsroom, annie)
    claim_create(article=article, start=0, end=len("Russian Ambassador"), user=annie)  # sentence 0
    second = suggest(article, "The embassy declined")
    third = suggest(article, "A second paragraph")
    page = page_for(annie)
    open_annotate(page, article)
    # Tab order: past the top bar's few links, the skip link to the text comes first in the
    # page, before any control of the workspace.
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "skip-to-text":
            break
    assert page.evaluate("document.activeElement.id") == "skip-to-text"
    page.keyboard.press("Enter")
    wait_until(page, "location.hash === '#article-text'")
    page.evaluate("document.getElementById('article-text').focus()")
    page.keyboard.press("Shift+J")  # sentence 0 holds a claim: next without one is s1
    assert page.evaluate("document.activeElement.id") == "s1"
    page.keyboard.press("Shift+J")
    assert page.evaluate("document.activeElement.id") == "s2"
    page.keyboard.press("Shift+K")
    assert page.evaluate("document.activeElement.id") == "s1"
    page.keyboard.press("g")  # next suggestion: opened in the editor
    page.wait_for_selector(f'#editor[data-claim="{second.pk}"] [data-key=r]')
    page.keyboard.press("g")
    page.wait_for_selector(f'#editor[data-claim="{third.pk}"] [data-key=r]')
    page.keyboard.press("r")
    page.locator("#toast", has_text="Suggestion rejected").wait_for()
    wait_htmx_idle(page)
    page.keyboard.press("u")
    page.locator("#toast", has_text="Suggestion restored").wait_for()
    third.refresh_from_db()
    assert (third.status, third.deleted_at) == (ClaimStatus.SUGGESTED, None)
    page.keyboard.press("?")
    help_text = page.inner_text("#help-dialog")
    assert "without a claim" in help_text and "Next / previous suggestion" in help_text
    page.keyboard.press("Escape")
    assert _csp_errors(browser_errors) == []


def test_link_removed_from_the_far_end_with_undo(page_for, newsroom, annie, browser_errors):
    here = kislyak_article(newsroom, annie)
    there = ArticleFactory(
        annotation_set=newsroom, title="Elsewhere", text="The talks were routine, he said."
    )
    a = claim_create(article=here, start=0, end=18, user=annie)
    b = claim_create(article=there, start=0, end=9, user=annie)
    link = claim_link_create(from_claim=a, to_claim=b, relation="corroborates", user=annie)
    page = page_for(annie)
    open_annotate(page, there)
    page.click(f'#article-text [data-claims~="{b.pk}"]')
    page.wait_for_selector(f'#claim-links li[data-link="{link.pk}"] button')
    page.click(f'#claim-links li[data-link="{link.pk}"] button')
    page.locator("#toast", has_text="Link removed").wait_for()
    assert ClaimLink.objects.get(pk=link.pk).deleted_at is not None
    wait_htmx_idle(page)
    page.keyboard.press("u")
    page.locator("#toast", has_text="Link restored").wait_for()
    assert ClaimLink.objects.get(pk=link.pk).deleted_at is None
    assert page.locator(f'#claim-links li[data-link="{link.pk}"]').count() == 1
    assert _csp_errors(browser_errors) == []


_HREFS = "els => els.map(e => e.getAttribute('href'))"


def _crawl(page, start: str, limit: int = 40) -> list[str]:
    """Every same-origin page reachable from ``start`` (GET links only), at most ``limit``."""
    seen, queue = [], [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.append(url)
        # A goto can be aborted by the page's own reload (a copy offering suggestions).
        with contextlib.suppress(PlaywrightError):
            page.goto(url)
        page.wait_for_load_state("load")
        hrefs: list[str] = []
        for _attempt in range(3):
            try:
                hrefs = page.eval_on_selector_all("a[href]", _HREFS)
                break
            except PlaywrightError:  # the page reloaded itself (a copy offering suggestions)
                page.wait_for_load_state("load")
        for href in hrefs:
            path = urlparse(href).path if href.startswith("/") else ""
            if (
                path
                and not path.startswith(("/admin", "/logout", "/api", "/static"))
                and path not in seen
            ) and "/export" not in path:
                queue.append(path)
    return seen


def test_demo_crawl_has_no_csp_violation(page_for, browser_errors, transactional_db):
    from claims.services.demo import demo_load

    demo_load()
    editor = get_user_model().objects.get(username="editor")
    page = page_for(editor)
    pages = _crawl(page, "/")
    assert any("/annotate/" in p for p in pages) and len(pages) >= 8
    # The writes that used to log inline-style violations: save, accept, reject.
    annotate = next(p for p in pages if p.endswith("/annotate/"))
    page.goto(annotate)
    page.wait_for_selector("#annotate-page[data-ready=true]")
    page.keyboard.press("j")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_selector("#editor-form")
    wait_htmx_idle(page)
    page.keyboard.press("Enter")
    page.wait_for_selector("#toast .toast", state="visible")
    wait_htmx_idle(page)
    if page.locator("#article-text .run.st-suggested").count():
        page.keyboard.press("g")
        page.wait_for_selector("#editor [data-key=a]")
        page.keyboard.press("a")
        page.locator("#toast", has_text="Suggestion accepted").wait_for()
    page.goto("/no/such/page/")
    assert "There is nothing here." in page.content()
    assert page.request.get("/favicon.ico").status == 200
    assert _csp_errors(browser_errors) == []
