"""Template tags of the annotate page: the article text and the claims-panel rows as HTML.

Built in Python rather than with template loops because an article has thousands of runs
and the page must render about as fast with 500 claims as with none (bench/annotate_page.py).
Article text, quotes and names are untrusted: every one goes through ``html.escape`` with
``quote=True`` (the same five characters Django's autoescape replaces) before it is written,
so the result can be marked safe as a whole. No whitespace is added between the text's
elements — it is shown with ``white-space: pre-wrap``, so every character on screen is one
of the article's and offsets stay exact.
"""

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from claims.nlp.layout import Piece, Run
from claims.selectors.claims import ClaimView

register = template.Library()

FLAG_TITLES = {
    "run_together": "Run-together words",
    "lookalike": "Look-alike letters from another script",
    "boilerplate": "Boilerplate",
}


def _run(run: Run) -> str:
    text = escape(run.text)
    if not run.marks:
        return f'<span class="run" data-start="{run.start}" data-end="{run.end}">{text}</span>'
    # Class names come from our code and DB-constrained choices (FlagKind, AttributionKind).
    classes: list[str] = ["run"]
    titles: list[str] = []
    claims: list[ClaimView] = []
    for mark in run.marks:
        if mark.kind == "claim":
            claims.append(mark.payload)
        else:
            classes.append(f"mark-{mark.kind}")
            titles.append(escape(FLAG_TITLES.get(mark.kind, mark.kind)))
    ids = ""
    if claims:
        # Innermost (shortest) claim first: it sets the colour, and a click edits it.
        if len(claims) > 1:
            claims.sort(key=lambda c: (c.end - c.start, c.start))
        inner = claims[0]
        classes += ["claim", f"k-{inner.kind}", f"depth-{min(len(claims), 3)}"]
        if any(c.suggested for c in claims):
            classes.append("st-suggested")
        if run.start == inner.start:
            classes.append("claim-start")
        titles += [c.summary_html for c in claims]
        ids = f' data-claims="{" ".join(str(c.pk) for c in claims)}"'
    title = f' title="{chr(10).join(titles)}"' if titles else ""  # parts escaped above
    return (
        f'<span class="{" ".join(classes)}" data-start="{run.start}" '
        f'data-end="{run.end}"{ids}{title}>{text}</span>'
    )


def _piece(piece: Piece) -> str:
    if piece.index is None:
        text = escape("".join(r.text for r in piece.runs))
        return f'<span class="gap" data-start="{piece.start}" data-end="{piece.end}">{text}</span>'
    suggested = {
        m.payload.pk
        for r in piece.runs
        for m in r.marks
        if m.kind == "claim" and m.payload.suggested and piece.start <= m.start < piece.end
    }
    extra = f' data-suggested="{len(suggested)}"' if suggested else ""
    css = "sentence has-suggestions" if suggested else "sentence"
    runs = "".join(_run(r) for r in piece.runs)
    return (
        f'<span class="{css}" id="s{piece.index}" tabindex="-1" data-index="{piece.index}" '
        f'data-start="{piece.start}" data-end="{piece.end}"{extra}>{runs}</span>'
    )


@register.simple_tag
def annotated_text(pieces: Iterable[Piece]) -> SafeString:
    # Safe: built only from integers, our own class names and escape()d strings (above).
    return mark_safe("".join(_piece(p) for p in pieces))


def _row(row: ClaimView, claim_url: str) -> str:
    suggested = " st-suggested" if row.suggested else ""
    sources = f" {escape(row.sources)}" if row.sources else ""
    return (
        f'<li><button type="button" class="claim-item k-{row.kind}{suggested}" '
        f'data-claim="{row.pk}" hx-get="{escape(claim_url)}{row.pk}/" hx-target="#editor" '
        f'hx-swap="outerHTML">'
        f'<span class="quote-line">{escape(row.short_quote)}</span>'
        f'<span class="meta"><span class="swatch k-{row.kind}">{escape(row.kind_label)}</span>'
        f"{sources} · {escape(row.status_label)}</span></button></li>"
    )


@register.simple_tag
def claim_rows(rows: Iterable[ClaimView], claim_url: str) -> SafeString:
    """The claims panel's list items, one button per claim (opens it in the editor)."""
    return mark_safe("".join(_row(r, claim_url) for r in rows))
