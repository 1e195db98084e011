"""WCAG 2.1 AA audit with axe-core (vendored for tests only: tests/browser/vendor/) over every
page of the demo, as each role sees it, plus the login and error pages: no serious or
critical violation."""

import contextlib
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import _session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""
HREFS = "els => els.map(e => e.getAttribute('href'))"
SKIP = ("/admin", "/logout", "/api", "/static", "/favicon")


def _audit(page, url: str) -> tuple[list[dict], list[str]]:
    # A goto can be aborted by the page's own reload (a copy offering suggestions).
    with contextlib.suppress(PlaywrightError):
        page.goto(url)
    page.wait_for_load_state("load")
    for _attempt in range(3):
        try:
            page.wait_for_load_state("load")
            if page.evaluate("typeof axe") == "undefined":
                page.evaluate(AXE.read_text())  # through DevTools: not subject to the page's CSP
            violations = page.evaluate(RUN_AXE, TAGS)
            for violation in violations:
                violation["url"] = page.url  # after redirects
            return violations, page.eval_on_selector_all("a[href]", HREFS)
        except PlaywrightError:  # the page reloaded itself (a copy offering suggestions)
            continue
    raise AssertionError(f"{url} kept reloading")


def _crawl_and_audit(page, start: str, limit: int = 40) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    queue = [start]
    while queue and len(found) < limit:
        url = queue.pop(0)
        if url in found:
            continue
        found[url], hrefs = _audit(page, url)
        for href in hrefs:
            path = urlparse(href).path if href.startswith("/") else ""
            if path and not path.startswith(SKIP) and path not in found and "/export" not in path:
                queue.append(path)
    return found


def test_axe_finds_no_serious_violation_on_any_demo_page(browser, live_server):
    from claims.services.demo import demo_load

    demo_load()
    users = get_user_model().objects
    audited: dict[str, list[dict]] = {}
    for username in ("editor", "reviewer", "admin", None):
        context = browser.new_context(base_url=live_server.url)
        if username:
            context.add_cookies([_session_cookie(users.get(username=username), live_server.url)])
        page = context.new_page()
        page.set_default_timeout(20_000)
        start = "/" if username else "/login/"
        for url, violations in _crawl_and_audit(page, start).items():
            audited[f"{username or 'anonymous'} {url}"] = violations
        if username is None:
            audited["anonymous /no/such/page/"] = _audit(page, "/no/such/page/")[0]
        context.close()
    assert any("/annotate/" in key for key in audited) and len(audited) >= 12
    failures = {url: v for url, v in audited.items() if v}
    assert not failures, failures
