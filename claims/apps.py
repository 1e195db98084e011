from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from claims.search_index import ensure_search_index

    ensure_search_index(connections[using])


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        # Schema upkeep, not business logic: see claims.search_index for why it re-runs.
        post_migrate.connect(_ensure_search_index, sender=self)

        from claims import checks, receivers  # noqa: F401 - checks register on import

        receivers.connect()
