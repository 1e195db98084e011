"""Regenerates docs/screenshots/annotate.png from the demo data:

    UPDATE_SCREENSHOTS=1 uv run pytest tests/browser/test_screenshot.py

Without UPDATE_SCREENSHOTS the picture goes to a temporary directory, so an ordinary test run
checks the page renders with the demo data but leaves the docs alone.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from claims.models import Article, Claim
from claims.services.demo import demo_load
from tests.browser.helpers import open_annotate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_annotate_screenshot(page_for, tmp_path, browser_errors):
    info = demo_load(reset_passwords=False)
    editor = get_user_model().objects.get(username="editor")
    article = (
        Article.objects.filter(annotation_set=info.annotation_set, claims__isnull=False)
        .order_by("id")
        .first()
    )
    assert article is not None
    claim = Claim.objects.filter(article=article, attributions__source__isnull=False).first()
    page = page_for(editor, width=1440, height=1440)
    open_annotate(page, article, f"#claim-{claim.pk}" if claim else "")
    if claim:
        page.wait_for_selector(f'#editor[data-claim="{claim.pk}"]')
    page.mouse.move(5, 5)
    out = DOCS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / "annotate.png"))
    assert (out / "annotate.png").stat().st_size > 10_000
    assert browser_errors == []
