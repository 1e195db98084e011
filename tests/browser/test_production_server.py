"""The deployment as a new deployer runs it: gunicorn, DJANGO_DEBUG=0, collected static files
served by WhiteNoise (no separate static server), on PostgreSQL when DATABASE_URL names one.

Hole 1 of the hardening issue: with debug off nothing served /static/ (htmx.min.js 404, the
UI had no JS or CSS, /api/docs/ did not load)."""

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.helpers import KISLYAK_TEXT, TEXT_RECT_JS
from tests.factories import PASSWORD
from tests.support import prodserver

SPAN = "met the adviser twice in December"
ONE_YEAR = 365 * 24 * 3600

SEED = f"""
import json
from django.contrib.auth import get_user_model
from claims.models import AnnotationSet, Membership, Role
from claims.services.ingest import articles_import
s = AnnotationSet.objects.create(name="Newsroom", slug="newsroom")
u = get_user_model().objects.create_user("annie", password={PASSWORD!r})
Membership.objects.create(user=u, annotation_set=s, role=Role.ANNOTATOR)
line = json.dumps({{"title": "Ambassador met adviser", "text": {KISLYAK_TEXT!r}}})
articles_import(annotation_set=s, files=[("a.jsonl", line.encode())], fmt="jsonl", user=u)
print(s.articles.get().pk)
"""


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[prodserver.ProductionServer, int]]:
    prepared = prodserver.prepare(suffix="deploy")
    try:
        article_id = int(prepared.python(SEED).strip().splitlines()[-1])
        prodserver.start(prepared, workers=2)
        yield prepared, article_id
    finally:
        prepared.close()


def _max_age(headers: dict[str, str]) -> int:
    found = re.search(r"max-age=(\d+)", headers.get("Cache-Control", ""))
    return int(found.group(1)) if found else 0


def test_vendored_htmx_answers_200_without_debug(server):
    live, _ = server
    status, headers, body = live.get("/static/vendor/htmx.min.js")
    assert status == 200
    assert b"htmx" in body[:2000]
    assert _max_age(headers) >= 3600


def _assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


def test_page_assets_are_hashed_compressed_and_cached_for_a_year(server):
    live, _ = server
    status, _headers, body = live.get("/login/")
    assert status == 200
    assets = _assets(body.decode())
    assert any("htmx" in a for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(js|css|ico|svg|png)$", asset), f"{asset} is not hashed"
        status, headers, _ = live.get(asset)
        assert status == 200, asset
        assert _max_age(headers) >= ONE_YEAR, (asset, headers.get("Cache-Control"))
        assert "immutable" in headers.get("Cache-Control", "")
    # Compressed variants were written by collectstatic and are offered.
    assert (live.folder / "static" / "vendor" / "htmx.min.js.gz").exists()


def test_api_docs_and_their_assets_load(server):
    live, _ = server
    status, _headers, body = live.get("/api/docs/")
    assert status == 200
    referenced = re.findall(r'(?:src|href)="([^"]+)"', body.decode())
    assert referenced
    for url in referenced:
        if url.startswith("/"):
            assert live.get(url)[0] == 200, url
    assert live.get("/api/schema/")[0] == 200


@pytest.mark.browser
def test_annotate_flow_in_chromium_against_gunicorn(server, browser):
    live, article_id = server
    context = browser.new_context(base_url=live.url, viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    responses: list[Any] = []
    context.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    context.on("response", lambda r: responses.append(r))
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"/articles/{article_id}/")
        page.fill("#id_username", "annie")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"**/articles/{article_id}/")
        page.goto(f"/articles/{article_id}/annotate/")
        page.wait_for_selector("#annotate-page[data-ready=true]")
        # The stylesheet applied: the page is laid out by our CSS, not the browser default.
        assert page.evaluate("document.styleSheets.length") >= 1
        assert page.evaluate("typeof window.htmx") == "object"
        a = page.evaluate(TEXT_RECT_JS, ["met"])
        b = page.evaluate(TEXT_RECT_JS, ["December"])
        page.mouse.move(a["x1"] + 3, a["y1"])
        page.mouse.down()
        page.mouse.move(b["x2"] - 3, b["y2"], steps=8)
        page.mouse.up()
        page.wait_for_selector("#editor-form")
        assert page.inner_text("#editor-quote") == SPAN
        page.keyboard.press("2")
        page.keyboard.press("Enter")
        page.wait_for_selector("#toast .toast", state="visible")
        page.reload()
        page.wait_for_selector("#annotate-page[data-ready=true]")
        assert SPAN in "".join(page.locator("#article-text [data-claims]").all_inner_texts())
    finally:
        context.close()
    static = [r for r in responses if "/static/" in r.url]
    assert static, "the page loaded no static assets"
    for response in static:
        assert response.status in (200, 304), response.url
    assert errors == []
    stored = live.python(
        "from claims.models import Claim; import json; "
        'mine = Claim.objects.filter(created_by__username="annie"); '
        "print(json.dumps([[c.start, c.end] for c in mine]))"
    )
    start = KISLYAK_TEXT.index(SPAN)
    assert json.loads(stored.strip().splitlines()[-1]) == [[start, start + len(SPAN)]]
