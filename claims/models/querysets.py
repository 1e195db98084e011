"""One definition of "live" for every read: not deleted, parents not deleted, sources not
merged away. Selectors, API querysets, serializer fields and exports all call ``.live()``;
``_default_manager`` still sees every row, so history and restores can reach deleted ones."""

from __future__ import annotations

from typing import Any

from django.db import models


class ClaimQuerySet(models.QuerySet[Any]):
    def live(self) -> ClaimQuerySet:
        return self.filter(deleted_at__isnull=True, article__deleted_at__isnull=True)


class AttributionQuerySet(models.QuerySet[Any]):
    def live(self) -> AttributionQuerySet:
        # ``claim`` is nullable: across the LEFT JOIN a missing claim counts as live.
        return self.filter(
            deleted_at__isnull=True,
            article__deleted_at__isnull=True,
            claim__deleted_at__isnull=True,
        )


class ClaimLinkQuerySet(models.QuerySet[Any]):
    def live(self) -> ClaimLinkQuerySet:
        return self.filter(
            deleted_at__isnull=True,
            from_claim__deleted_at__isnull=True,
            to_claim__deleted_at__isnull=True,
            from_claim__article__deleted_at__isnull=True,
            to_claim__article__deleted_at__isnull=True,
        )

    def within_one_set(self) -> ClaimLinkQuerySet:
        """Links whose two claims are in the same set: what a set's export may carry (a link
        into another set would hand that set's claim ids and sources to whoever exports)."""
        return self.filter(
            to_claim__article__annotation_set=models.F("from_claim__article__annotation_set")
        )


class SourceQuerySet(models.QuerySet[Any]):
    def live(self) -> SourceQuerySet:
        return self.filter(deleted_at__isnull=True, merged_into__isnull=True)
