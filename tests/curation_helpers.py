"""An article two annotators marked differently, for curation tests (views, API, browser)."""

from typing import Any

from claims.models import Article, AttributionKind
from claims.services.attributions import attribution_create
from claims.services.claims import claim_create


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def mark(article: Article, user: Any, content: str, cue: str, kind: str, source: str = "") -> Any:
    text = article.text
    start, end = span(text, content)
    claim = claim_create(article=article, start=start, end=end, user=user, status="submitted")
    return attribution_create(
        article=article,
        claim=claim,
        kind=kind,
        user=user,
        cue_span=list(span(text, cue)),
        source_span=list(span(text, source)) if source else None,
    )


def two_versions(article: Article, first: Any, second: Any) -> dict[str, Any]:
    """Both mark the officials' claim alike; they differ on the mayor's quote (kind and
    content span); only the first marks the council's refusal."""
    return {
        "officials_1": mark(
            article, first, "the deal was close", "said", AttributionKind.ANONYMOUS, "Officials"
        ),
        "officials_2": mark(
            article, second, "the deal was close", "said", AttributionKind.ANONYMOUS, "Officials"
        ),
        "mayor_1": mark(
            article, first, "We are nearly there,", "told", AttributionKind.QUOTED, "Mayor Ana Ruiz"
        ),
        "mayor_2": mark(
            article,
            second,
            "We are nearly there",
            "told",
            AttributionKind.SOURCED,
            "Mayor Ana Ruiz",
        ),
        "council_1": mark(
            article, first, "to comment", "declined", AttributionKind.SOURCED, "The council"
        ),
    }
