"""Checks shared by every write that stores a span into an article's text."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError

CONTEXT_CHARS = 32

Span = tuple[int, int]


def validate_span(text: str, start: int | None, end: int | None, *, field: str) -> Span:
    """``[start, end)`` must be a non-empty range of code points inside ``text``."""
    if start is None or end is None:
        raise ValidationError({field: "Both start and end are required."})
    if isinstance(start, bool) or isinstance(end, bool):
        raise ValidationError({field: "Offsets must be integers."})
    if not 0 <= start < end:
        raise ValidationError({field: f"Need 0 <= start < end, got [{start}, {end})."})
    if end > len(text):
        raise ValidationError(
            {field: f"End {end} is past the end of the article text ({len(text)} characters)."}
        )
    return start, end


def validate_parts(text: str, parts: Sequence[Sequence[int]], *, field: str) -> list[list[int]]:
    """Pieces of a discontinuous span: each valid, in order, not overlapping."""
    cleaned: list[list[int]] = []
    for piece in parts:
        if len(piece) != 2:
            raise ValidationError({field: "Each part must be a [start, end] pair."})
        start, end = validate_span(text, piece[0], piece[1], field=field)
        if cleaned and start < cleaned[-1][1]:
            raise ValidationError({field: "Parts must be in order and must not overlap."})
        cleaned.append([start, end])
    return cleaned


def envelope(parts: Sequence[Sequence[int]]) -> Span:
    return parts[0][0], parts[-1][1]


def quote_with_context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The exact quote plus a short prefix and suffix for re-anchoring (W3C TextQuote)."""
    return (
        text[start:end],
        text[max(0, start - CONTEXT_CHARS) : start],
        text[end : end + CONTEXT_CHARS],
    )
