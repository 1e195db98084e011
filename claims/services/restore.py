"""Put an object back the way a change record found it: undo an edit or a deletion."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from claims.models import Attribution, ChangeAction, ChangeRecord, Claim, ClaimLink, Source
from claims.services.versioning import versioned_save

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
