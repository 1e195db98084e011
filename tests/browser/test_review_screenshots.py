"""Regenerates docs/screenshots/{review-queue,curation,dashboard}.png from the demo data plus a
second annotator's version of the harbour article:

    UPDATE_SCREENSHOTS=1 uv run pytest tests/browser/test_review_screenshots.py

Without UPDATE_SCREENSHOTS the pictures go to a temporary directory, so an ordinary test run
checks the pages render with the demo data (and without console or CSP errors) but leaves the
docs alone.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from claims.models import Article, Claim, ClaimStatus, Membership, Role, Source
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create, claim_review, claim_update
from claims.services.curation import curation_take
from claims.services.demo import demo_load
from tests.browser.helpers import wait_htmx_idle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _mark(article, user, phrase, cue, kind, source=None):
    start = article.text.index(phrase)
    claim = claim_create(
        article=article, start=start, end=start + len(phrase), user=user, status="submitted"
    )
    cue_start = article.text.index(cue, max(0, start - 200))
    return attribution_create(
        article=article,
        claim=claim,
        kind=kind,
        user=user,
        source=source,
        cue_span=(cue_start, cue_start + len(cue)),
    )


def _world():
    info = demo_load(reset_passwords=False)
    users = get_user_model().objects
    editor, reviewer = users.get(username="editor"), users.get(username="reviewer")
    second = users.create_user("second-editor", password="unused-screenshot-password")
    Membership.objects.create(user=second, annotation_set=info.annotation_set, role=Role.ANNOTATOR)
    harbour = Article.objects.filter(annotation_set=info.annotation_set).order_by("id").first()
    vasquez = Source.objects.get(annotation_set=info.annotation_set, name="Elena Vasquez")
    _mark(
        harbour,
        second,
        "the main channel could become unsafe for large container ships",
        "said",
        "anonymous",
    )
    _mark(harbour, second, '"a scheduling matter, nothing more."', "told", "sourced", vasquez)
    for claim in Claim.objects.filter(created_by=editor, deleted_at__isnull=True):
        claim = claim_update(
            claim=claim, user=editor, version=claim.version, status=ClaimStatus.SUBMITTED
        )
        if "clinic" in claim.quote:
            claim_review(
                claim=claim, user=reviewer, version=claim.version, status=ClaimStatus.APPROVED
            )
    first = (
        harbour.attributions.filter(created_by=editor, deleted_at__isnull=True)
        .order_by("cue_start")
        .first()
    )
    curation_take(article=harbour, user=reviewer, version_of=first)
    return info.annotation_set, harbour, reviewer


def test_review_desk_screenshots(page_for, tmp_path, browser_errors):
    annotation_set, harbour, reviewer = _world()
    out = DOCS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    page = page_for(reviewer, width=1440, height=1100)

    page.goto(f"/sets/{annotation_set.slug}/review/")
    wait_htmx_idle(page)
    page.screenshot(path=str(out / "review-queue.png"), full_page=True)

    page.goto(f"/articles/{harbour.pk}/curate/")
    page.wait_for_selector("#curation-board[data-ready=true]")
    page.keyboard.press("j")
    page.screenshot(path=str(out / "curation.png"), full_page=True)

    page.goto(f"/sets/{annotation_set.slug}/dashboard/")
    page.wait_for_selector("#agreement-summary table.matrix")
    wait_htmx_idle(page)
    page.screenshot(path=str(out / "dashboard.png"), full_page=True)

    for name in ("review-queue", "curation", "dashboard"):
        assert (out / f"{name}.png").stat().st_size > 10_000
    assert browser_errors == []
