"""The review round trip in headless Chromium, keyboard first: a reviewer rejects a claim
with a comment; the annotator finds it in My queue, fixes it and resubmits; the reviewer
approves; the claim's history shows all four steps."""

import pytest

from claims.models import Assignment, Claim, ClaimStatus, Role
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create
from tests.browser.helpers import (
    kislyak_article,
    member,
    wait_htmx_idle,
    wait_until,
)
from tests.factories import AnnotationSetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Name the source: it was Reuters."


def _focus_first_item(page):
    page.wait_for_selector(".review-item")
    wait_htmx_idle(page)
    page.keyboard.press("j")
    wait_until(page, "document.activeElement && document.activeElement.matches('.review-item')")


def test_reject_fix_resubmit_approve_and_history(page_for, browser_errors):
    newsroom = AnnotationSetFactory(name="Newsroom", slug="newsroom")
    annie = member(newsroom, "annie")
    rita = member(newsroom, "rita", Role.REVIEWER)
    article = kislyak_article(newsroom, annie)
    Assignment.objects.create(article=article, user=annie)
    start = article.text.index("met the adviser")
    claim = claim_create(
        article=article,
        start=start,
        end=start + len("met the adviser twice in December"),
        user=annie,
        status=ClaimStatus.SUBMITTED,
    )
    attribution_create(article=article, claim=claim, kind="anonymous", user=annie)

    # 1. The reviewer rejects with a comment, keyboard only.
    reviewer = page_for(rita)
    reviewer.goto("/sets/newsroom/review/")
    _focus_first_item(reviewer)
    reviewer.keyboard.press("r")
    wait_until(reviewer, "document.activeElement && document.activeElement.tagName === 'TEXTAREA'")
    reviewer.keyboard.type(COMMENT)
    reviewer.keyboard.press("Enter")
    reviewer.wait_for_selector(f"#review-item-{claim.pk}.status-rejected")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED

    # 2. The annotator sees it in My queue with the comment, opens it, fixes and resubmits.
    annotator = page_for(annie)
    annotator.goto("/sets/newsroom/queue/")
    queue = annotator.inner_text("#queue-list")
    assert "Returned with comments" in queue and COMMENT in queue
    wait_htmx_idle(annotator)
    annotator.keyboard.press("n")
    annotator.wait_for_selector("#annotate-page[data-ready=true]")
    assert f"/articles/{article.pk}/annotate/" in annotator.url
    wait_htmx_idle(annotator)
    annotator.click(f'#article-text [data-claims~="{claim.pk}"]')
    annotator.wait_for_selector("#editor-rejection")
    assert COMMENT in annotator.inner_text("#editor-rejection")
    annotator.fill("#claim-note", "Reuters named as the source.")
    annotator.press("#claim-note", "Enter")
    annotator.wait_for_selector("#toast .toast", state="visible")
    wait_until(annotator, "!!document.querySelector('#claim-status')")
    wait_htmx_idle(annotator)
    annotator.select_option("#claim-status", "submitted")
    annotator.click("#editor-form button[type=submit]")
    wait_until(
        annotator,
        "!!document.querySelector('#editor .badge.status-submitted')",
    )
    claim.refresh_from_db()
    assert (claim.status, claim.note) == (ClaimStatus.SUBMITTED, "Reuters named as the source.")

    # 3. The reviewer approves it.
    reviewer.goto("/sets/newsroom/review/")
    _focus_first_item(reviewer)
    reviewer.keyboard.press("a")
    reviewer.wait_for_selector(f"#review-item-{claim.pk}.status-approved")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED

    # 4. The history shows reject, fix, resubmit, approve (newest first).
    reviewer.keyboard.press("h")
    reviewer.wait_for_url(f"**/claims/{claim.pk}/history/")
    actions = reviewer.eval_on_selector_all(
        ".history-entry[data-entity=claim]", "els => els.map(e => e.dataset.action)"
    )
    assert actions == ["review", "update", "update", "review", "create"]
    history = reviewer.inner_text("#history-list")
    assert COMMENT in history and "Approved" in history and "Rejected" in history
    assert "Reuters named as the source." in history
    assert browser_errors == []
