"""The annotation workspace in headless Chromium: real mouse, real keyboard, live server."""

import pytest

from claims.models import Attribution, Claim, ClaimLink, Role
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create
from tests.browser.helpers import (
    KISLYAK_TEXT,
    drag_select,
    kislyak_article,
    member,
    open_annotate,
    suggest,
    wait_htmx_idle,
    wait_until,
)
from tests.factories import PASSWORD, ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPAN = "met the adviser twice in December"


@pytest.fixture
def kislyak(newsroom, annie):
    return kislyak_article(newsroom, annie)


def _assert_saved_claim(article, user):
    claim = Claim.objects.get(article=article, deleted_at__isnull=True)
    start = KISLYAK_TEXT.index(SPAN)
    assert (claim.start, claim.end) == (start, start + len(SPAN))
    assert claim.quote == SPAN == article.text[claim.start : claim.end]
    assert claim.created_by == user
    attribution = Attribution.objects.get(claim=claim)
    assert attribution.kind == "anonymous"
    assert attribution.source.name == "Sergei Kislyak"
    return claim


def test_login_form_then_annotate_link(new_context, live_server, annie, kislyak, browser_errors):
    page = new_context().new_page()
    page.goto(f"/articles/{kislyak.pk}/")
    page.fill("#id_username", "annie")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/articles/{kislyak.pk}/")
    page.click("text=Annotate")
    page.wait_for_selector("#annotate-page[data-ready=true]")
    assert page.locator("#article-text .sentence").count() == 3
    assert browser_errors == []


def test_drag_select_tag_anonymous_pick_alias_save_reload(page_for, annie, kislyak, browser_errors):
    page = page_for(annie)
    open_annotate(page, kislyak)
    drag_select(page, "met", "December")
    page.wait_for_selector("#editor-form")
    assert page.inner_text("#editor-quote") == SPAN
    page.keyboard.press("2")
    assert page.is_checked("#editor-form input[value=anonymous]")
    page.click("#source-query")
    page.keyboard.type("Sergey")
    option = page.locator("#source-options [role=option]", has_text="Sergei Kislyak")
    option.wait_for()
    assert "Sergey Kislyak" in option.inner_text()  # found through the alias
    option.click()
    assert page.input_value("#source-id")
    page.keyboard.press("Enter")
    page.wait_for_selector("#toast .toast", state="visible")
    claim = _assert_saved_claim(kislyak, annie)

    page.reload()
    page.wait_for_selector("#annotate-page[data-ready=true]")
    runs = page.locator(f'#article-text [data-claims~="{claim.pk}"]')
    assert "".join(runs.all_inner_texts()) == SPAN
    assert "k-anonymous" in runs.first.get_attribute("class")
    assert "Sergei Kislyak" in runs.first.get_attribute("title")
    assert browser_errors == []


def test_same_flow_by_keyboard_only(page_for, annie, kislyak, browser_errors):
    page = page_for(annie)
    open_annotate(page, kislyak)
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == "s0"
    for _ in range(10):  # "Russian … December"
        page.keyboard.press("Shift+ArrowRight")
    for _ in range(4):  # move the start past "Russian Ambassador Sergei Kislyak"
        page.keyboard.press("Alt+Shift+ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_selector("#editor-form")
    wait_htmx_idle(page)
    assert page.inner_text("#editor-quote") == SPAN
    page.keyboard.press("2")
    page.keyboard.press("s")
    wait_until(page, "document.activeElement && document.activeElement.id === 'source-query'")
    page.keyboard.type("Sergey")
    page.locator("#source-options [role=option]", has_text="Sergei Kislyak").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # pick
    assert page.input_value("#source-query") == "Sergei Kislyak"
    page.keyboard.press("Enter")  # save
    page.wait_for_selector("#toast .toast", state="visible")
    _assert_saved_claim(kislyak, annie)
    page.keyboard.press("Escape")
    assert page.locator("#editor-form").count() == 0
    assert browser_errors == []


def test_link_claim_to_claim_in_other_article(page_for, newsroom, annie, kislyak, browser_errors):
    claim = claim_create(article=kislyak, start=0, end=len("Russian Ambassador"), user=annie)
    other = ArticleFactory(
        annotation_set=newsroom,
        title="Second report",
        text="Diplomats said the adviser met the ambassador twice in December. Nothing else.",
    )
    target = claim_create(article=other, start=0, end=63, user=annie)
    page = page_for(annie)
    open_annotate(page, kislyak, f"#claim-{claim.pk}")
    page.wait_for_selector("#link-query")
    page.select_option("#link-relation", "corroborates")
    wait_htmx_idle(page)
    page.keyboard.press("l")
    wait_until(page, "document.activeElement && document.activeElement.id === 'link-query'")
    page.keyboard.type("ambassador twice")
    result = page.locator("#link-results button[name=to_claim]")
    result.wait_for()
    result.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#claim-links li[data-link]")
    link = ClaimLink.objects.get()
    assert (link.from_claim_id, link.to_claim_id, link.relation) == (
        claim.pk,
        target.pk,
        "corroborates",
    )
    page.click("#claim-links a")  # jump to the other article, editor open on the target
    page.wait_for_selector(f'#editor[data-claim="{target.pk}"]')
    assert "Corroborates" in page.inner_text("#claim-links") or "corroborates" in page.inner_text(
        "#claim-links"
    )
    assert browser_errors == []


def test_two_contexts_conflict_panel_keeps_first_edit(page_for, newsroom, annie, kislyak):
    rita = member(newsroom, "rita", Role.REVIEWER)
    claim = claim_create(article=kislyak, start=0, end=len("Russian Ambassador"), user=annie)
    attribution_create(article=kislyak, claim=claim, kind="sourced", user=annie)
    first, second = page_for(annie), page_for(rita)
    for page in (first, second):
        open_annotate(page, kislyak)
        page.click(f'#article-text [data-claims~="{claim.pk}"]')
        page.wait_for_selector("#claim-note")
    first.fill("#claim-note", "First edit wins")
    first.press("#claim-note", "Enter")
    first.wait_for_selector("#toast .toast", state="visible")

    second.fill("#claim-note", "Second edit")
    second.press("#claim-note", "Enter")
    second.wait_for_selector("#editor.conflict")
    panel = second.inner_text("#editor")
    assert "First edit wins" in panel and "Second edit" in panel
    claim.refresh_from_db()
    assert claim.note == "First edit wins"

    second.click("[data-conflict=theirs]")
    second.wait_for_selector("#claim-note")
    assert second.input_value("#claim-note") == "First edit wins"
    claim.refresh_from_db()
    assert claim.note == "First edit wins"


def test_merge_after_conflict_keeps_both_notes(page_for, newsroom, annie, kislyak):
    claim = claim_create(article=kislyak, start=0, end=7, user=annie, note="")
    first, second = page_for(annie), page_for(annie)
    for page in (first, second):
        open_annotate(page, kislyak, f"#claim-{claim.pk}")
        page.wait_for_selector("#claim-note")
    first.fill("#claim-note", "theirs")
    first.press("#claim-note", "Enter")
    first.wait_for_selector("#toast .toast", state="visible")
    second.fill("#claim-note", "mine")
    second.press("#claim-note", "Enter")
    second.wait_for_selector("#editor.conflict")
    second.click("[data-conflict=merge]")
    second.wait_for_selector("#claim-note")
    assert second.input_value("#claim-note") == "theirs\nmine"
    second.click("#editor-form button[type=submit]")
    second.wait_for_selector("#toast .toast", state="visible")
    claim.refresh_from_db()
    assert claim.note == "theirs\nmine"


def test_hostile_article_text_renders_as_text(page_for, newsroom, annie):
    text = "Before <script>alert(1)</script> and <img src=x onerror=alert(1)> after. Fine."
    article = ArticleFactory(annotation_set=newsroom, text=text)
    page = page_for(annie)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_annotate(page, article)
    page.wait_for_timeout(300)
    assert page.locator("#article-text img, #article-text script").count() == 0
    assert page.inner_text("#article-text") == text
    drag_select(page, "Before", "after")
    page.wait_for_selector("#editor-form")
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#editor-quote")
    assert dialogs == []


def test_emoji_and_combining_marks_store_python_offsets(page_for, newsroom, annie, browser_errors):
    text = (
        "Fans 👍🏽 and the family 👨‍👩‍👧 cheered; Zoë and Jose\u0301 said \U0001d400 is bold. "
        "Then the minister said taxes will fall next year."
    )
    article = ArticleFactory(annotation_set=newsroom, text=text)
    page = page_for(annie)
    open_annotate(page, article)
    drag_select(page, "taxes", "fall")
    page.wait_for_selector("#editor-form")
    assert page.inner_text("#editor-quote") == "taxes will fall"
    page.keyboard.press("Enter")  # saves even though the focus is still on the text
    page.wait_for_selector("#toast .toast", state="visible")
    claim = Claim.objects.get(article=article)
    start = text.index("taxes will fall")
    assert (claim.start, claim.end) == (start, start + len("taxes will fall"))
    assert text[claim.start : claim.end] == "taxes will fall"
    # And a span that starts right after the combining accent and the astral letter.
    drag_select(page, "said \U0001d400", "bold")
    page.wait_for_selector("#selection-hint:not([hidden])")
    page.keyboard.press("n")
    page.locator("#editor-title", has_text="New claim").wait_for()
    start = int(page.input_value("#editor-form input[name=start]"))
    end = int(page.input_value("#editor-form input[name=end]"))
    assert text[start:end] == "said \U0001d400 is bold"
    assert browser_errors == []


def test_suggestions_accept_reject_accept_all_by_keyboard(page_for, annie, kislyak):
    accept = suggest(kislyak, "Russian Ambassador")
    reject = suggest(kislyak, "officials familiar")
    rest = [suggest(kislyak, "The embassy"), suggest(kislyak, "comment on the talks")]
    page = page_for(annie)
    open_annotate(page, kislyak)
    assert page.locator("#article-text .run.st-suggested").count() >= 4
    page.click(f'#article-text [data-claims~="{accept.pk}"]')
    page.wait_for_selector("#editor [data-key=a]")
    page.keyboard.press("a")
    page.locator("#toast", has_text="Suggestion accepted").wait_for()
    page.click(f'#article-text [data-claims~="{reject.pk}"]')
    page.wait_for_selector(f'#editor[data-claim="{reject.pk}"] [data-key=r]')
    page.keyboard.press("r")
    page.locator("#toast", has_text="Suggestion rejected").wait_for()
    page.click(f'#article-text [data-claims~="{rest[0].pk}"]')
    page.wait_for_selector(f'#editor[data-claim="{rest[0].pk}"] [data-key=a]')
    page.keyboard.press("Shift+A")
    page.locator("#toast", has_text="2 suggestion(s) accepted").wait_for()
    statuses = {c.pk: (c.status, c.accepted_by_id) for c in Claim.objects.all()}
    assert statuses[accept.pk] == ("draft", annie.pk)
    assert statuses[reject.pk][0] == "rejected"
    assert all(statuses[c.pk] == ("draft", annie.pk) for c in rest)
    assert page.locator("#article-text .run.st-suggested").count() == 0


def test_delete_is_soft_with_undo_toast(page_for, annie, kislyak):
    claim = claim_create(article=kislyak, start=0, end=len("Russian Ambassador"), user=annie)
    page = page_for(annie)
    open_annotate(page, kislyak)
    page.click(f'#article-text [data-claims~="{claim.pk}"]')
    page.click("#editor-form button.danger")
    page.locator("#toast", has_text="Claim deleted").wait_for()
    assert page.locator(f'#article-text [data-claims~="{claim.pk}"]').count() == 0
    claim.refresh_from_db()
    assert claim.deleted_at is not None
    page.keyboard.press("u")
    page.locator("#toast", has_text="Claim restored").wait_for()
    assert page.locator(f'#article-text [data-claims~="{claim.pk}"]').count() == 1
    claim.refresh_from_db()
    assert claim.deleted_at is None


def test_claims_panel_filter_and_help_overlay(page_for, annie, kislyak):
    first = claim_create(article=kislyak, start=0, end=len("Russian Ambassador"), user=annie)
    attribution_create(article=kislyak, claim=first, kind="quoted", user=annie)
    claim_create(article=kislyak, start=kislyak.text.index("The embassy"), end=151, user=annie)
    page = page_for(annie)
    open_annotate(page, kislyak)
    assert page.locator("#claim-list .claim-item").count() == 2
    page.select_option("#filter-kind", "quoted")
    page.locator("#claim-list .claim-item").nth(1).wait_for(state="detached")
    assert page.locator("#claim-list .claim-item").count() == 1
    page.click("#claim-list .claim-item")
    page.wait_for_selector(f'#editor[data-claim="{first.pk}"]')
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    assert page.locator("#help-dialog").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#help-dialog").is_visible()
    page.click("#article-done button")
    page.wait_for_selector("#article-done .badge.ok")
    assert kislyak.completions.filter(user=annie).exists()


def test_cue_and_source_mention_spans_from_selections(page_for, annie, kislyak):
    page = page_for(annie)
    open_annotate(page, kislyak)
    drag_select(page, "met", "December")
    page.wait_for_selector("#editor-form")
    page.keyboard.press("2")
    drag_select(page, "told", "Reuters")
    page.locator("#selection-hint-text", has_text="“told Reuters”").wait_for()
    page.keyboard.press("c")
    assert page.inner_text("#cue-text") == "told Reuters"
    drag_select(page, "officials", "meetings")
    page.click("[data-action=set-mention]")
    assert page.inner_text("#mention-text") == "officials familiar with the meetings"
    page.click("#editor-form button[type=submit]")
    page.wait_for_selector("#toast .toast", state="visible")
    attribution = Attribution.objects.get()
    text = kislyak.text
    assert text[attribution.cue_start : attribution.cue_end] == "told Reuters"
    assert (
        text[attribution.source_start : attribution.source_end]
        == "officials familiar with the meetings"
    )
    assert attribution.claim.quote == SPAN
