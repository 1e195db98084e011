"""Change history: every service write leaves a ``ChangeRecord`` with the state before and
after, so any edit or deletion can be looked up and restored."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from claims.models import ChangeAction, ChangeRecord
from claims.services.tallies import tallies_note

ENTITY_NAMES = {
    "Claim": "claim",
    "Attribution": "attribution",
    "ClaimLink": "claimlink",
    "Source": "source",
    "SourceAlias": "sourcealias",
    "LinkSuggestionRejection": "linkrejection",
}


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's concrete field values, JSON-safe, keyed by attribute name (``*_id``)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        data[field.attname] = value
    return data


def record_change(
    *,
    obj: models.Model,
    annotation_set_id: int,
    action: str,
    user: Any,
    before: dict[str, Any] | None,
    group: Any = None,
) -> ChangeRecord:
    after = None if action == ChangeAction.DELETE and before is None else snapshot(obj)
    written = ChangeRecord.objects.create(
        annotation_set_id=annotation_set_id,
        entity=ENTITY_NAMES[type(obj).__name__],
        object_id=obj.pk,
        action=action,
        version=getattr(obj, "version", None),
        user=user if getattr(user, "is_authenticated", False) else None,
        before=before,
        after=after,
        group=group,
    )
    tallies_note([written])
    return written


def history_for(obj: models.Model) -> models.QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(
        entity=ENTITY_NAMES[type(obj).__name__], object_id=obj.pk
    ).select_related("user")
