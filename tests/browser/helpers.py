"""Data and page helpers shared by the browser tests and the screenshot script."""

import time
from typing import Any

from claims.models import Article, Claim, ClaimStatus, Origin, Role, Sentence
from claims.nlp.normalize import fold
from claims.services.claims import claim_create
from claims.services.sources import source_create
from tests.factories import ArticleFactory, MembershipFactory, UserFactory

KISLYAK_TEXT = (
    "Russian Ambassador Sergei Kislyak met the adviser twice in December, officials familiar "
    "with the meetings told Reuters. The embassy declined to comment on the talks.\n\n"
    "A second paragraph says the meetings were routine, according to a person briefed on them."
)

# Finds the screen rectangle of a piece of article text (UTF-16 indices, as the DOM counts).
TEXT_RECT_JS = """
([needle]) => {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const i = node.data.indexOf(needle);
    if (i < 0) continue;
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + needle.length);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
    const a = rects[0], b = rects[rects.length - 1];
    return {x1: a.left, y1: a.top + a.height / 2, x2: b.right, y2: b.top + b.height / 2};
  }
  return null;
}
"""


def fill_folded(article: Article) -> Article:
    """Factories leave Sentence.folded_text empty; the ingest fills it. Do it here."""
    for sentence in Sentence.objects.filter(article=article):
        sentence.folded_text = fold(article.text[sentence.start : sentence.end]).text
        sentence.save(update_fields=["folded_text"])
    return article


def member(annotation_set: Any, username: str, role: str = Role.ANNOTATOR) -> Any:
    user = UserFactory(username=username)
    MembershipFactory(user=user, annotation_set=annotation_set, role=role)
    return user


def kislyak_article(annotation_set: Any, user: Any, **kwargs: Any) -> Article:
    source_create(
        annotation_set=annotation_set,
        name="Sergei Kislyak",
        user=user,
        aliases=["Sergey Kislyak"],
    )
    source_create(annotation_set=annotation_set, name="Reuters", user=user)
    article = ArticleFactory(
        annotation_set=annotation_set, title="Ambassador met adviser", text=KISLYAK_TEXT, **kwargs
    )
    return fill_folded(article)


HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"


def suggest(article: Article, phrase: str) -> Claim:
    """A machine suggestion (no author) over the first occurrence of ``phrase``."""
    start = article.text.index(phrase)
    return claim_create(
        article=article,
        start=start,
        end=start + len(phrase),
        user=None,
        status=ClaimStatus.SUGGESTED,
        origin=Origin.SUGGESTED,
    )


def wait_until(page: Any, expression: str, *, timeout_s: float = 20.0) -> None:
    """Poll ``expression`` from Python: ``page.wait_for_function`` evaluates strings in a way
    our CSP (no 'unsafe-eval') forbids."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {expression}")
        page.wait_for_timeout(50)


def wait_htmx_idle(page: Any) -> None:
    """No htmx request, swap or settle under way: the layout and focus are final. On a
    loaded machine a swap can still be settling when the next key or drag arrives."""
    wait_until(page, f"!document.querySelector({HTMX_BUSY!r})")


def drag_select(page: Any, first: str, last: str, *, inset: float = 3) -> None:
    """Press the real mouse inside the first characters of ``first`` and release it inside
    the last characters of ``last``: the page must snap both ends to whole words."""
    wait_htmx_idle(page)
    a = page.evaluate(TEXT_RECT_JS, [first])
    b = page.evaluate(TEXT_RECT_JS, [last])
    assert a and b, f"{first!r} or {last!r} is not in the article text"
    page.mouse.move(a["x1"] + inset, a["y1"])
    page.mouse.down()
    page.mouse.move((a["x1"] + b["x2"]) / 2, (a["y1"] + b["y2"]) / 2, steps=5)
    page.mouse.move(b["x2"] - inset, b["y2"], steps=5)
    page.mouse.up()


def open_annotate(page: Any, article: Article, fragment: str = "") -> None:
    page.goto(f"/articles/{article.pk}/annotate/{fragment}")
    page.wait_for_selector("#annotate-page[data-ready=true]")
