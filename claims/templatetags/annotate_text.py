"""``{% annotated_text text %}``: the article text of the annotate page as HTML.

Built in Python rather than with template loops because an article has thousands of runs
and the page must render about as fast with 500 claims as with none (bench/annotate_page.py).
Article text is untrusted: every value written into the markup goes through ``html.escape``
with ``quote=True`` (the same five characters Django's autoescape replaces), so the result
can be marked safe as a whole. No whitespace is added between elements — the text is shown
with ``white-space: pre-wrap``, so every character on screen is one of the article's and
offsets stay exact.
"""

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from claims.selectors.claims import RunView, SentenceView

register = template.Library()


def _run(run: RunView) -> str:
    if not run.css:
        return f'<span class="run" data-start="{run.start}" data-end="{run.end}">{escape(run.text)}</span>'
    claims = f' data-claims="{escape(run.claim_ids)}"' if run.claim_ids else ""
    title = f' title="{escape(run.title)}"' if run.title else ""
    return (
        f'<span class="run {escape(run.css)}" data-start="{run.start}" data-end="{run.end}"'
        f"{claims}{title}>{escape(run.text)}</span>"
    )


def _piece(piece: SentenceView) -> str:
    if not piece.is_sentence:
        text = escape("".join(r.text for r in piece.runs))
        return f'<span class="gap" data-start="{piece.start}" data-end="{piece.end}">{text}</span>'
    extra = f' data-suggested="{piece.suggested}"' if piece.suggested else ""
    css = "sentence has-suggestions" if piece.suggested else "sentence"
    runs = "".join(_run(r) for r in piece.runs)
    return (
        f'<span class="{css}" id="s{piece.index}" tabindex="-1" data-index="{piece.index}" '
        f'data-start="{piece.start}" data-end="{piece.end}"{extra}>{runs}</span>'
    )


@register.simple_tag
def annotated_text(pieces: Iterable[SentenceView]) -> SafeString:
    # Safe: built only from integers, our own class names and escape()d strings (above).
    return mark_safe("".join(_piece(p) for p in pieces))  # noqa: S308
