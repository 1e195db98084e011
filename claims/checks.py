"""System checks for settings that depend on optional installs."""

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register()
def semantic_rerank_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """``CLAIMS_SEMANTIC_RERANK`` on without the extra silently ranks lexically: say so."""
    from claims.nlp import embed

    if getattr(settings, "CLAIMS_SEMANTIC_RERANK", False) and not embed.available():
        return [
            Warning(
                "SEMANTIC_RERANK is on but link suggestions will be lexical only.",
                hint=embed.MISSING_EXTRA,
                id="claims.W001",
            )
        ]
    return []
