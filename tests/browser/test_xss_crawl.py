"""XSS crawl: a payload corpus through every text input we store (titles, article text,
outlet, author, set name/description/guidelines, source names and aliases, claim and link
notes, imported annotator names, a username), then Chromium visits every page of the URL
conf (tests/support/access_matrix.py) as the superuser and as a member: no dialog, no request
off 127.0.0.1, zero CSP violations (inline-style ones from htmx indicators included)."""

from typing import Any
from urllib.parse import urlsplit

import orjson
import pytest
from django.urls import reverse

from claims.models import Article, Role, SourceAlias
from claims.services.ingest import articles_import
from tests.factories import AnnotationSetFactory, MembershipFactory, UserFactory
from tests.hardening.test_access_matrix import _world
from tests.support.access_matrix import PUBLIC, ROWS, Ctx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)><circle r=1 /></svg>",
    "javascript:alert(4)",
    '<div hx-get="/logout/" hx-trigger="load">load</div>',
    '<button hx-on:click="alert(5)" hx-on="click: alert(5)">click</button>',
    '<base href="http://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=http://evil.example/">',
    '"><script>alert(6)</script>',
    "'><img src=x onerror=alert(7)>",
    '<img src="http://evil.example/p.png"><link rel=stylesheet href="http://evil.example/s.css">',
    '<p style="background:url(http://evil.example/b.png)">styled</p>',
]
PAYLOAD = " ".join(PAYLOADS)

# Every CSP violation is reported to the page: record them (init scripts run despite CSP).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _poison(w: Any) -> None:
    s = w.annotation_set
    s.name, s.description, s.guidelines = PAYLOAD[:200], PAYLOAD, PAYLOAD
    s.save()
    article = w.article
    article.title, article.outlet, article.author = PAYLOAD[:500], PAYLOAD[:200], PAYLOAD[:300]
    article.save()
    w.source.name = PAYLOAD[:300]
    w.source.save()
    SourceAlias.objects.create(source=w.source, name=PAYLOAD[:300], folded_name="payload alias")
    w.claim.note = PAYLOAD
    w.claim.imported_annotator = PAYLOADS[1]
    w.claim.imported_reviewer = PAYLOADS[0]
    w.claim.save()
    w.link.note = PAYLOAD
    w.link.save()
    w.writer.username = "<img src=x onerror=alert(8)>"
    w.writer.first_name = PAYLOADS[0][:150]
    w.writer.save()


def _pages(ctx: Ctx, payload_article: Article) -> list[str]:
    urls = []
    for row in ROWS:
        if row.method != "get" or row.role == PUBLIC or row.name.startswith("api-"):
            continue
        if row.name.endswith("-csv"):  # a download, not a page
            continue
        urls.append(reverse(row.name, kwargs=row.kwargs(ctx)))
    urls.append(reverse("article-read", args=[payload_article.pk]))
    urls.append(reverse("article-annotate", args=[payload_article.pk]))
    urls.append(reverse("claim-edit", args=[ctx.w.claim.pk]))
    urls.append(reverse("api-docs"))
    return urls


def test_payloads_never_execute_or_leave_the_site(page_for, live_server):
    own = AnnotationSetFactory(name="Own", slug="own")
    AnnotationSetFactory(name="Other", slug="other")
    w = _world(own, "writer")
    _poison(w)
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    manager = UserFactory(username="boss")
    MembershipFactory(user=manager, annotation_set=own, role=Role.MANAGER)
    line = orjson.dumps(
        {"title": PAYLOAD[:400], "text": f"Officials said {PAYLOAD}. The mayor said no."}
    )
    articles_import(annotation_set=own, files=[("p.jsonl", line)], user=manager)
    payload_article = Article.objects.get(source_name="p.jsonl:1")
    host = urlsplit(live_server.url).hostname

    problems: list[str] = []
    at = {"url": ""}
    for user in (root, manager):
        page = page_for(user)
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on(
            "request",
            lambda r: (
                problems.append(f"off-site request: {r.url}")
                if urlsplit(r.url).scheme in ("http", "https")
                and urlsplit(r.url).hostname not in (host, "localhost", "127.0.0.1")
                else None
            ),
        )
        page.on(
            "console",
            lambda m: (
                problems.append(f"{at['url']}: console: {m.text[:90]}")
                if "Content Security Policy" in m.text or "Refused to" in m.text
                else None
            ),
        )
        for url in _pages(Ctx(w, user), payload_article):
            at["url"] = url
            response = page.goto(url)
            assert response is not None and response.status < 500, url
            page.wait_for_timeout(150)  # let htmx process and any load triggers fire
            violations = page.evaluate("window.__violations || []")
            problems.extend(f"{url}: CSP {v}" for v in violations)
            assert urlsplit(page.url).hostname == host, f"{url} navigated to {page.url}"
    assert problems == [], "\n".join(problems)
