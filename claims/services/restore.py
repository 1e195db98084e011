"""Put an object back the way a change record found it: undo an edit or a deletion."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from claims.models import Attribution, ChangeAction, ChangeRecord, Claim, ClaimLink, Source
from claims.services.versioning import soft_restore, versioned_save

MODELS: dict[str, type[models.Model]] = {
    "claim": Claim,
    "attribution": Attribution,
    "claimlink": ClaimLink,
    "source": Source,
}
# Bookkeeping that a restore must not rewind.
NEVER_RESTORED = {"id", "version", "created_at", "updated_at", "created_by_id", "updated_by_id"}


def change_revert(*, record: ChangeRecord, user: Any) -> models.Model:
    """Restore the state before ``record``. The restore is itself a new, versioned change,
    so it can be undone too; nothing in between is lost from the history."""
    if record.before is None:
        raise ValidationError({"record": "This change created the object; delete it instead."})
    model = MODELS[record.entity]
    obj = model._default_manager.get(pk=record.object_id)
    changes = {
        name: value
        for name, value in record.before.items()
        if name not in NEVER_RESTORED and hasattr(obj, name)
    }
    for field in model._meta.concrete_fields:
        # Snapshots hold JSON; let the field turn strings back into dates.
        if field.attname in changes and changes[field.attname] is not None:
            changes[field.attname] = field.to_python(changes[field.attname])
    return versioned_save(
        obj=obj,
        version=None,
        changes=changes,
        user=user,
        annotation_set_id=record.annotation_set_id,
        action=ChangeAction.RESTORE,
    )


# A version restore edits content; review status and deletion have their own actions.
VERSION_KEEPS = {"status", "accepted_by_id", "accepted_at", "deleted_at", "merged_into_id"}


def change_restore_version(*, record: ChangeRecord, user: Any) -> models.Model:
    """Bring an object back to the state ``record`` left it in (an earlier version). Like
    ``change_revert`` it writes a new, versioned ``restore`` change, so it can be undone."""
    if not record.after or record.after.get("deleted_at"):
        raise ValidationError({"record": "This version is a deletion; restore the item instead."})
    model = MODELS[record.entity]
    obj = model._default_manager.get(pk=record.object_id)
    changes = {
        name: value
        for name, value in record.after.items()
        if name not in NEVER_RESTORED | VERSION_KEEPS and hasattr(obj, name)
    }
    for field in model._meta.concrete_fields:
        if field.attname in changes and changes[field.attname] is not None:
            changes[field.attname] = field.to_python(changes[field.attname])
    return versioned_save(
        obj=obj,
        version=None,
        changes=changes,
        user=user,
        annotation_set_id=record.annotation_set_id,
        action=ChangeAction.RESTORE,
    )


def deleted_item_restore(*, obj: models.Model, user: Any, annotation_set_id: int) -> models.Model:
    """Undelete a soft-deleted claim, attribution, link or source (managers' list)."""
    return soft_restore(obj=obj, user=user, annotation_set_id=annotation_set_id)
