"""Optimistic concurrency shared by every editable model: a write names the version it
edited; if someone saved since, nothing is written and the caller gets the current state."""

from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from claims.models import ChangeAction
from claims.services.errors import ConflictError
from claims.services.history import record_change, snapshot

M = TypeVar("M", bound=models.Model)


def versioned_save[M: models.Model](
    *,
    obj: M,
    version: int | None,
    changes: dict[str, Any],
    user: Any,
    annotation_set_id: int,
    action: str,
) -> M:
    """Apply ``changes`` to ``obj`` if its stored version is still ``version``.

    ``version=None`` means "whatever is stored" (used by machine and admin paths that hold a
    lock). Validation runs on the changed object before anything is written.
    """
    model = type(obj)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if version is not None and current.version != version:  # type: ignore[attr-defined]
            raise ConflictError(
                f"This {model._meta.verbose_name} was changed by someone else "
                f"(you edited version {version}, it is now version "
                f"{current.version}).",  # type: ignore[attr-defined]
                current=snapshot(current),
            )
        before = snapshot(current)
        for name, value in changes.items():
            setattr(current, name, value)
        if hasattr(current, "updated_by_id") and getattr(user, "is_authenticated", False):
            current.updated_by = user  # type: ignore[attr-defined]
        current.full_clean(validate_unique=False)
        current.version = F("version") + 1  # type: ignore[attr-defined]
        current.save()
        current.refresh_from_db()
        record_change(
            obj=current,
            annotation_set_id=annotation_set_id,
            action=action,
            user=user,
            before=before,
        )
    return current


def soft_delete[M: models.Model](
    *, obj: M, user: Any, version: int | None, annotation_set_id: int
) -> M:
    """Hide ``obj`` from lists and exports; it stays in the database and can be restored."""
    return versioned_save(
        obj=obj,
        version=version,
        changes={"deleted_at": timezone.now()},
        user=user,
        annotation_set_id=annotation_set_id,
        action=ChangeAction.DELETE,
    )


def soft_restore[M: models.Model](*, obj: M, user: Any, annotation_set_id: int) -> M:
    return versioned_save(
        obj=obj,
        version=None,
        changes={"deleted_at": None},
        user=user,
        annotation_set_id=annotation_set_id,
        action=ChangeAction.RESTORE,
    )
