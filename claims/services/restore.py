"""Put an object back the way a change record found it: undo an edit, a deletion, a
creation, a whole grouped step (a merge, an import, a suggestion run), or everything since
some point (:func:`changes_revert`)."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from claims.models import (
    Attribution,
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimLink,
    Source,
    SourceAlias,
)
from claims.services import actions
from claims.services.history import snapshot
from claims.services.versioning import soft_restore, versioned_save

MODELS: dict[str, type[models.Model]] = {
    "claim": Claim,
    "attribution": Attribution,
    "claimlink": ClaimLink,
    "source": Source,
    "sourcealias": SourceAlias,
}
# Bookkeeping that a restore must not rewind.
NEVER_RESTORED = {"id", "version", "created_at", "updated_at", "created_by_id", "updated_by_id"}
# Whether an object exists at all is not an edit: reverting an edit leaves it as it is.
LIFECYCLE = {"deleted_at", "merged_into_id"}
EDITS = {ChangeAction.UPDATE, ChangeAction.REVIEW, ChangeAction.ACCEPT}


def _changes(model: type[models.Model], record: ChangeRecord) -> dict[str, Any]:
    skip = NEVER_RESTORED | (LIFECYCLE if record.action in EDITS else set())
    assert record.before is not None
    changes = {name: value for name, value in record.before.items() if name not in skip}
    for field in model._meta.concrete_fields:
        # Snapshots hold JSON; let the field turn strings back into dates.
        if field.attname in changes and changes[field.attname] is not None:
            changes[field.attname] = field.to_python(changes[field.attname])
    return changes


def _revert_alias(record: ChangeRecord, user: Any, group: uuid.UUID | None) -> None:
    """Aliases have no versions: undoing their creation deletes them, undoing a deletion
    puts them back with the same id; both are recorded."""
    alias = SourceAlias.objects.filter(pk=record.object_id).first()
    if record.before is None:
        if alias is None:
            return
        before, after, action = snapshot(alias), None, ChangeAction.DELETE
        alias.delete()
        alias.pk = record.object_id
    else:
        if alias is not None:
            return
        alias = SourceAlias(**{k: v for k, v in record.before.items()})
        with actions.integrity_as_validation(SourceAlias):
            alias.save(force_insert=True)
        before, after, action = None, snapshot(alias), ChangeAction.CREATE
    entry = actions.record(
        alias,
        annotation_set_id=record.annotation_set_id,
        action=action,
        user=user,
        before=before,
        group=group,
        after=after or {},
    )
    entry.after = after
    actions.write_records([entry])


def _revert_one(
    record: ChangeRecord, user: Any, group: uuid.UUID | None, *, strict: bool = True
) -> models.Model | None:
    model = MODELS[record.entity]
    if model is SourceAlias:
        _revert_alias(record, user, group)
        return None
    obj = model._default_manager.filter(pk=record.object_id).first()
    if obj is None:
        raise ValidationError({"record": "The object of this change no longer exists."})
    if record.before is None:  # a creation: undo it by deleting what it created
        if getattr(obj, "deleted_at", None) is not None:
            return obj
        from claims.services.sources import source_not_in_use

        return versioned_save(
            obj=obj,
            version=None,
            changes=actions.soft_delete_now(),
            user=user,
            annotation_set_id=record.annotation_set_id,
            action=ChangeAction.DELETE,
            live=False,
            group=group,
            check=source_not_in_use if isinstance(obj, Source) else None,
        )
    if record.action in EDITS and getattr(obj, "merged_into_id", None) is not None:
        raise ValidationError(
            {"record": "This source has since been merged into another; revert the merge first."}
        )
    return versioned_save(
        obj=obj,
        version=None,
        changes=_changes(model, record),
        user=user,
        annotation_set_id=record.annotation_set_id,
        action=ChangeAction.RESTORE,
        live=False,
        group=group,
        orphan_check=strict,
    )


def change_revert(*, record: ChangeRecord, user: Any) -> models.Model | None:
    """Restore the state before ``record``. The restore is itself a new, versioned change,
    so it can be undone too; nothing in between is lost from the history.

    A merge is reverted with its whole group (attributions moved back, aliases removed); a
    creation is reverted by deleting (softly) what it created. Reverting one record never
    brings back an orphan: an attribution or link whose claim was deleted since, or an edit
    of a source merged away since, is refused."""
    if record.action == ChangeAction.MERGE and record.group is not None:
        results = change_group_revert(group=record.group, user=user)
        return next((r for r in results if isinstance(r, Source)), None)
    with transaction.atomic():
        return _revert_one(record, user, None)


def change_group_revert(*, group: uuid.UUID, user: Any) -> list[models.Model | None]:
    """Undo a grouped step (merge, import, suggestion run) as one: its records newest first,
    in one transaction, the restores themselves sharing a new group."""
    records = list(ChangeRecord.objects.filter(group=group).order_by("-id"))
    if not records:
        raise ValidationError({"group": "No changes in this group."})
    restore_group = actions.new_group()
    with transaction.atomic():
        return [_revert_one(record, user, restore_group) for record in records]


def changes_revert(*, records: Iterable[ChangeRecord], user: Any) -> uuid.UUID:
    """Undo a stretch of history: ``records``, newest first, in one transaction and one new
    group. Each step returns an object to a state it really had, so a child may come back
    while its claim is still deleted (hidden, as it was then) — unlike a one-off revert."""
    restore_group = actions.new_group()
    with transaction.atomic():
        for record in sorted(records, key=lambda r: r.pk, reverse=True):
            _revert_one(record, user, restore_group, strict=False)
    return restore_group


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
        # Content only (deletion is kept): a deleted item's version can be restored too,
        # and it stays hidden until the item itself is restored.
        live=False,
    )


def deleted_item_restore(*, obj: models.Model, user: Any, annotation_set_id: int) -> models.Model:
    """Undelete a soft-deleted claim, attribution, link or source (managers' list)."""
    return soft_restore(obj=obj, user=user, annotation_set_id=annotation_set_id)
