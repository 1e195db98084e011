"""Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread, so Django's "async unsafe"
guard has to be relaxed for the ORM calls the tests make between browser steps.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from tests.browser.helpers import member
from tests.factories import AnnotationSetFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


# On the in-memory SQLite database the live server's request threads share the test's one
# connection, so two requests at once (a page's own link-suggestion fetch beside the next
# click) can meet inside sqlite3 ("bad parameter or other API misuse"). One request at a
# time there: Django's non-threaded server closes each connection, so nothing waits on a
# kept-alive socket. PostgreSQL gives each thread its own connection and stays threaded.
class SerialWSGIServer(WSGIServer):
    """Requests one after another, in the live server's thread (which already holds the
    test's connection)."""

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    LiveServerThread.server_class = SerialWSGIServer

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def newsroom(transactional_db: Any) -> Any:
    """The set most browser tests work in."""
    return AnnotationSetFactory(name="Newsroom", slug="newsroom")


@pytest.fixture
def annie(newsroom: Any) -> Any:
    """An annotator of ``newsroom``."""
    return member(newsroom, "annie")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield instance
        instance.close()


class BrowserErrors(list[str]):
    """Console errors and CSP violations seen by the pages of one test."""


@pytest.fixture
def browser_errors() -> BrowserErrors:
    return BrowserErrors()


@pytest.fixture
def new_context(browser: Any, live_server: Any, browser_errors: BrowserErrors) -> Iterator[Any]:
    """Factory for isolated browser contexts (separate cookies), closed after the test.

    Before closing, it waits for the requests still in flight (a link-suggestion fetch the
    page fired on its own): the live server would otherwise run them against a database
    that the next test is already flushing ("database table is locked")."""
    contexts = []
    in_flight: set[Any] = set()

    def make(user: Any = None, *, width: int = 1400, height: int = 900) -> Any:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}
        )
        if user is not None:
            context.add_cookies([_session_cookie(user, live_server.url)])
        context.on(
            "console",
            lambda msg: browser_errors.append(msg.text) if msg.type == "error" else None,
        )
        context.on("request", lambda request: in_flight.add(request))
        context.on("requestfinished", lambda request: in_flight.discard(request))
        context.on("requestfailed", lambda request: in_flight.discard(request))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        for page in context.pages:
            for _ in range(200):  # at most ~10 s; waiting pumps Playwright's events
                if not in_flight:
                    break
                page.wait_for_timeout(50)
        context.close()


@pytest.fixture
def page_for(new_context: Any) -> Any:
    """``page_for(user)``: a page already logged in as ``user``."""

    def make(user: Any, **kwargs: Any) -> Any:
        page = new_context(user, **kwargs).new_page()
        page.set_default_timeout(20_000)  # CI machines are shared and can be slow
        return page

    return make


def _session_cookie(user: Any, url: str) -> dict[str, Any]:
    """A logged-in session without going through the form (the login test does that)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": url}
