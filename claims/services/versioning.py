"""Optimistic concurrency shared by every editable model: a write names the version it
edited; if someone saved since, nothing is written and the caller gets the current state.

These are the historical entry points; the work is done by :mod:`claims.services.actions`."""

import uuid
from typing import Any, TypeVar

from django.db import models

from claims.models import ChangeAction
from claims.services import actions

M = TypeVar("M", bound=models.Model)


def versioned_save[M: models.Model](
    *,
    obj: M,
    version: int | None,
    changes: dict[str, Any],
    user: Any,
    annotation_set_id: int,
    action: str,
    live: bool = True,
    check: actions.Check | None = None,
    group: uuid.UUID | None = None,
    orphan_check: bool = True,
) -> M:
    """Apply ``changes`` to ``obj`` if its stored version is still ``version``.

    ``version=None`` means "whatever is stored" (machine paths and restores). ``live=True``
    refuses a row (409) that was deleted or whose parent was; restores pass ``live=False``.
    """
    result: M = actions.change(
        obj=obj,
        version=version,
        changes=changes,
        user=user,
        annotation_set_id=annotation_set_id,
        action=action,
        live=live,
        check=check,
        group=group,
        orphan_check=orphan_check,
    )
    return result


def soft_delete[M: models.Model](
    *, obj: M, user: Any, version: int | None, annotation_set_id: int, check: Any = None
) -> M:
    """Hide ``obj`` from lists and exports; it stays in the database and can be restored."""
    return versioned_save(
        obj=obj,
        version=version,
        changes=actions.soft_delete_now(),
        user=user,
        annotation_set_id=annotation_set_id,
        action=ChangeAction.DELETE,
        check=check,
    )


def soft_restore[M: models.Model](*, obj: M, user: Any, annotation_set_id: int) -> M:
    """Bring a deleted object back; refused while its claim, article or source is gone."""
    return versioned_save(
        obj=obj,
        version=None,
        changes={"deleted_at": None},
        user=user,
        annotation_set_id=annotation_set_id,
        action=ChangeAction.RESTORE,
        live=False,
    )
