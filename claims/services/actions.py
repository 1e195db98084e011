"""The one action layer every domain write goes through (the Wagtail "actions" shape):
lock the row, check (version, liveness of the object, its parents and its targets), execute,
and write the change record, all in one transaction.

Kept lean on purpose, because every annotation click pays for it: validation runs in Python
(no per-constraint or per-foreign-key queries; the database constraints stay the last word,
and a violation becomes a ``ValidationError``), one ``SELECT … FOR UPDATE`` locks the row, the
version is bumped in the same ``UPDATE``, and change records are written in one ``INSERT``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from claims.models import (
    Attribution,
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimLink,
    Source,
)
from claims.services.errors import ConflictError
from claims.services.history import ENTITY_NAMES, snapshot
from claims.services.tallies import tallies_note

Check = Callable[[Any], dict[str, Any] | None]


def new_group() -> uuid.UUID:
    return uuid.uuid4()


def acting_user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def clean(obj: models.Model) -> None:
    """Field validation without queries: foreign keys are checked by the action itself (with
    the lock), constraints by the database."""
    exclude = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


@contextmanager
def integrity_as_validation(model: type[models.Model]) -> Iterator[None]:
    """A database constraint the checks could not see (a race, a clash with a row written
    meanwhile) is bad input, not a server error."""
    try:
        yield
    except IntegrityError as exc:
        raise ValidationError(
            {
                "__all__": f"This {model._meta.verbose_name} conflicts with data already "
                "stored (a duplicate or an invalid reference); reload and try again."
            }
        ) from exc


def record(
    obj: models.Model,
    *,
    annotation_set_id: int,
    action: str,
    user: Any,
    before: dict[str, Any] | None,
    group: uuid.UUID | None = None,
    after: dict[str, Any] | None = None,
) -> ChangeRecord:
    """An unsaved change record for ``obj`` (write them with :func:`write_records`)."""
    return ChangeRecord(
        annotation_set_id=annotation_set_id,
        entity=ENTITY_NAMES[type(obj).__name__],
        object_id=obj.pk,
        action=action,
        version=getattr(obj, "version", None),
        user=acting_user(user),
        before=before,
        after=snapshot(obj) if after is None else after,
        group=group,
    )


@dataclass
class _Batch:
    records: list[ChangeRecord] = field(default_factory=list)
    live: set[tuple[type[models.Model], Any]] = field(default_factory=set)


_batch: ContextVar[_Batch | None] = ContextVar("claims_write_batch", default=None)


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """One transaction for writes that stand or fall together (a nested create). Inside it
    the writes take no savepoints (an error anywhere rolls everything back, so there is
    nothing to roll back to) and their change records go in one INSERT at the end."""
    if _batch.get() is not None:
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        with transaction.atomic():
            yield
            _insert_records(batch.records)
    finally:
        _batch.reset(token)


def atomic() -> Any:
    """``transaction.atomic()``, without a savepoint of its own inside :func:`all_or_nothing`."""
    return transaction.atomic(savepoint=_batch.get() is None)


def vouch_live(obj: models.Model) -> None:
    """Inside :func:`all_or_nothing`: ``obj`` was written or read live in this transaction,
    so a later write that needs it live does not have to ask again."""
    batch = _batch.get()
    if batch is not None:
        batch.live.add((type(obj), obj.pk))


def vouched_live(model: type[models.Model], pk: Any) -> bool:
    batch = _batch.get()
    return batch is not None and (model, pk) in batch.live


def write_records(records: Sequence[ChangeRecord]) -> list[ChangeRecord]:
    """Write the records and, in the same transaction, the dashboard tallies they move
    (inside :func:`all_or_nothing`, once, at its end)."""
    batch = _batch.get()
    if batch is not None:
        batch.records.extend(records)
        return list(records)
    return _insert_records(records)


def _insert_records(records: Sequence[ChangeRecord]) -> list[ChangeRecord]:
    if not records:
        return []
    with transaction.atomic(savepoint=False):  # no savepoint: callers are in one already
        if len(records) == 1:
            records[0].save(force_insert=True)
            written = list(records)
        else:
            written = ChangeRecord.objects.bulk_create(records, batch_size=500)
        tallies_note(written)
    return written


def _live_manager(model: type[models.Model]) -> Any:
    return model.objects  # type: ignore[attr-defined]


def lock(model: type[models.Model], pk: Any, *, live: bool) -> Any:
    """The stored row, locked until the transaction ends. ``live=True`` refuses (409, with
    the current state) a row that was deleted, merged away or whose parent was deleted."""
    qs = _live_manager(model).live() if live else model._default_manager.all()
    found = qs.select_for_update(of=("self",)).filter(pk=pk).first()
    if found is not None:
        return found
    current = model._default_manager.filter(pk=pk).first()
    if current is None:
        raise ValidationError({"id": f"No {model._meta.verbose_name} {pk}."})
    raise ConflictError(
        f"This {model._meta.verbose_name} was deleted (or its claim, article or source was) "
        "since you loaded it.",
        current=snapshot(current),
    )


def parents_live_problem(obj: models.Model) -> str | None:
    """Why ``obj`` cannot be live now (its claim, article, source or target is not), if so."""
    if isinstance(obj, Claim):
        if obj.article.deleted_at is not None:
            return "its article was deleted"
    elif isinstance(obj, Attribution):
        if obj.claim_id is not None and not Claim.objects.live().filter(pk=obj.claim_id).exists():
            return f"its claim {obj.claim_id} was deleted; restore the claim first"
        if (
            obj.source_id is not None
            and not Source.objects.live().filter(pk=obj.source_id).exists()
        ):
            return f"its source {obj.source_id} was deleted or merged away"
    elif isinstance(obj, ClaimLink):
        live = Claim.objects.live().filter(pk__in=[obj.from_claim_id, obj.to_claim_id]).count()
        if live < 2:
            return "one of its claims was deleted; restore it first"
    return None


def is_live(obj: models.Model) -> bool:
    return getattr(obj, "deleted_at", None) is None and getattr(obj, "merged_into_id", None) is None


def create(
    obj: models.Model,
    *,
    annotation_set_id: int,
    user: Any,
    group: uuid.UUID | None = None,
    check: Callable[[], None] | None = None,
) -> Any:
    """Insert ``obj`` (validated by the caller with :func:`clean`) and its creation record.
    ``check`` runs inside the transaction, before the insert (lock parents there)."""
    create_many([obj], set_ids=[annotation_set_id], user=user, group=group, check=check)
    return obj


def create_many(
    objs: Sequence[models.Model],
    *,
    set_ids: Sequence[int],
    user: Any,
    group: uuid.UUID | None = None,
    check: Callable[[], None] | None = None,
) -> list[Any]:
    """Insert validated objects of one model (one statement for many) and their creation
    records; ``set_ids[i]`` is the annotation set of ``objs[i]``."""
    if not objs:
        return []
    model = type(objs[0])
    with integrity_as_validation(model), atomic():
        if check is not None:
            check()
        if len(objs) == 1:
            objs[0].save(force_insert=True)
        else:
            model._default_manager.bulk_create(objs, batch_size=500)
        for obj in objs:
            vouch_live(obj)
        write_records(
            [
                record(
                    obj,
                    annotation_set_id=set_id,
                    action=ChangeAction.CREATE,
                    user=user,
                    before=None,
                    group=group,
                )
                for obj, set_id in zip(objs, set_ids, strict=True)
            ]
        )
    return list(objs)


def change(
    *,
    obj: models.Model,
    version: int | None,
    changes: dict[str, Any],
    user: Any,
    annotation_set_id: int,
    action: str,
    live: bool = True,
    check: Check | None = None,
    group: uuid.UUID | None = None,
    orphan_check: bool = True,
) -> Any:
    """Apply ``changes`` to the stored row if its version is still ``version`` (``None``:
    whatever is stored). ``check(current)`` sees the locked row, may raise, and may return
    more changes. If the result is live, its parents must be too (no orphan revived)."""
    model = type(obj)
    with integrity_as_validation(model), atomic():
        current = lock(model, obj.pk, live=live)
        if version is not None and current.version != version:
            raise ConflictError(
                f"This {model._meta.verbose_name} was changed by someone else "
                f"(you edited version {version}, it is now version {current.version}).",
                current=snapshot(current),
            )
        before = snapshot(current)
        if check is not None:
            changes = {**changes, **(check(current) or {})}
        for name, value in changes.items():
            setattr(current, name, value)
        if orphan_check and not live and is_live(current):
            problem = parents_live_problem(current)
            if problem:
                raise ValidationError({"restore": f"Cannot bring this back: {problem}."})
        if hasattr(current, "updated_by_id") and acting_user(user) is not None:
            current.updated_by = user
        clean(current)
        current.version += 1
        current.save()
        write_records(
            [
                record(
                    current,
                    annotation_set_id=annotation_set_id,
                    action=action,
                    user=user,
                    before=before,
                    group=group,
                )
            ]
        )
    return current


def soft_delete_now() -> dict[str, Any]:
    return {"deleted_at": timezone.now()}


def lock_many(
    model: type[models.Model], wanted: Sequence[tuple[Any, int]]
) -> tuple[list[Any], list[dict[str, Any]]]:
    """Lock the live rows named by ``(pk, version)`` in one statement. Returns the locked
    rows (in ``wanted`` order) and, for each that is gone or at another version, its
    present state, so a caller can refuse the whole batch naming every stale item."""
    ids = [pk for pk, _ in wanted]
    found = {
        obj.pk: obj
        for obj in _live_manager(model).live().select_for_update(of=("self",)).filter(pk__in=ids)
    }
    entity = ENTITY_NAMES[model.__name__]
    stale: list[dict[str, Any]] = []
    gone = [pk for pk in ids if pk not in found]
    stored = {obj.pk: obj for obj in model._default_manager.filter(pk__in=gone)} if gone else {}
    for pk, version in wanted:
        current = found.get(pk)
        if current is not None and current.version == version:
            continue
        row = current if current is not None else stored.get(pk)
        stale.append(
            {
                "type": entity,
                "id": pk,
                "version": version,
                "deleted": current is None,
                "current": snapshot(row) if row is not None else None,
            }
        )
    return [found[pk] for pk, _ in wanted if pk in found], stale


def change_many(
    objs: Sequence[models.Model],
    *,
    changes: dict[str, Any],
    user: Any,
    annotation_set_id: int,
    action: str,
    group: uuid.UUID | None = None,
) -> list[ChangeRecord]:
    """The same ``changes`` on rows locked by :func:`lock_many`: one ``UPDATE`` and one
    ``INSERT`` of change records, whatever their number. Returns the records, in order."""
    if not objs:
        return []
    model = type(objs[0])
    now = timezone.now()
    records = []
    for obj in objs:
        before = snapshot(obj)
        for name, value in changes.items():
            setattr(obj, name, value)
        if acting_user(user) is not None:
            obj.updated_by = user  # type: ignore[attr-defined]
        obj.updated_at = now  # type: ignore[attr-defined]
        obj.version += 1  # type: ignore[attr-defined]
        records.append(
            record(
                obj,
                annotation_set_id=annotation_set_id,
                action=action,
                user=user,
                before=before,
                group=group,
            )
        )
    with integrity_as_validation(model), transaction.atomic():
        fields = [*changes, "updated_by", "updated_at", "version"]
        model._default_manager.bulk_update(objs, fields, batch_size=500)
        return write_records(records)
