"""Machine attribution suggestions stored for people to accept or reject.

Placeholder until the attribution suggester lands: stores nothing.
"""

from typing import Any


def suggestions_store(*, article_ids: list[int]) -> dict[str, Any]:
    return {"articles": len(article_ids), "claims": 0, "attributions": 0}
