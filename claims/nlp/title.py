"""An article's title from its text: the first line that is not page furniture.

Scraped pages start with navigation ("Home | WebMail | Register or Login"), sign-up forms and
section labels ("World") before the headline. Boilerplate is recognised by `find_boilerplate`
(run on the head of the text only: the title is near the top); section labels are one-word
lines. When nothing qualifies, the first non-blank line is the title.
"""

from __future__ import annotations

import re

from claims.nlp.boilerplate import find_boilerplate

__all__ = ["title_from_text"]

_HEAD_LINES = 40  # lines of text looked at
_MIN_WORDS = 2  # "World", "Politics": a section label; "Brexit chaos" may be a headline
_MAX_LENGTH = 500  # Article.title's length
_WORD = re.compile(r"\w+")


def title_from_text(text: str) -> str:
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lines.append((pos, pos + len(raw), stripped))
            if len(lines) >= _HEAD_LINES:
                break
        pos += len(raw) + 1
    if not lines:
        return ""
    head = text[: lines[-1][1]]
    furniture = [(r.start, r.end) for r in find_boilerplate(head)]
    for start, end, line in lines:
        if any(s <= start and end <= e for s, e in furniture):
            continue
        if len(_WORD.findall(line)) < _MIN_WORDS or line.count("|") >= 2:
            continue
        return line[:_MAX_LENGTH]
    return lines[0][2][:_MAX_LENGTH]
