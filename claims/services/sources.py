"""Writes to sources (people, organisations…) and their aliases, including merges."""

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.models import (
    AnnotationSet,
    Attribution,
    ChangeAction,
    ChangeRecord,
    Source,
    SourceAlias,
    SourceKind,
)
from claims.services import actions
from claims.services.history import snapshot
from claims.services.versioning import soft_delete, versioned_save


def fold_name(name: str) -> str:
    """The matching form of a name: look-alike letters, case and spacing folded, so
    "Sergey Kislyak" typed with Cyrillic letters finds the same source."""
    from claims.nlp.normalize import fold

    return " ".join(fold(name).text.split())[:300]


def source_create(
    *,
    annotation_set: AnnotationSet,
    name: str,
    user: Any,
    kind: str = SourceKind.PERSON,
    description: str = "",
    aliases: Iterable[str] = (),
    group: Any = None,
) -> Source:
    source = source_build(
        annotation_set_id=annotation_set.pk,
        name=name,
        user=user,
        kind=kind,
        description=description,
    )
    clash = Source.objects.live().filter(
        annotation_set=annotation_set, folded_name=source.folded_name
    )
    if clash.exists():
        raise ValidationError(
            {"name": f"A source named {source.name!r} already exists in this set."}
        )
    alias_names = list(aliases)
    with actions.atomic():
        actions.create(source, annotation_set_id=annotation_set.pk, user=user, group=group)
        for alias in alias_names:
            source_alias_add(source=source, name=alias, user=user, group=group)
    return source


def source_build(
    *,
    annotation_set_id: int,
    name: str,
    user: Any,
    kind: str = SourceKind.PERSON,
    description: str = "",
) -> Source:
    """A validated, unsaved source (the caller has looked for one of that name: the database
    refuses a second live one)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "A source needs a name."})
    source = Source(
        annotation_set_id=annotation_set_id,
        name=name,
        folded_name=fold_name(name),
        kind=kind,
        description=description,
        created_by=actions.acting_user(user),
    )
    actions.clean(source)
    return source


def _new_aliases(source: Source, names: Iterable[str]) -> list[SourceAlias]:
    """Unsaved aliases for the names ``source`` does not answer to yet."""
    have = set(source.aliases.values_list("folded_name", flat=True)) | {source.folded_name}
    new: list[SourceAlias] = []
    for raw in names:
        name = " ".join(raw.split())
        folded = fold_name(name)
        if name and folded not in have:
            have.add(folded)
            new.append(SourceAlias(source=source, name=name[:300], folded_name=folded))
    return new


def source_alias_add(
    *, source: Source, name: str, user: Any = None, group: Any = None
) -> SourceAlias | None:
    """Add an alias (with its change record); one the source already answers to is a no-op."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"aliases": "An alias cannot be empty."})
    new = _new_aliases(source, [name])
    if not new:
        return None
    with actions.integrity_as_validation(SourceAlias), transaction.atomic():
        alias = new[0]
        alias.save(force_insert=True)
        actions.write_records(
            [
                actions.record(
                    alias,
                    annotation_set_id=source.annotation_set_id,
                    action=ChangeAction.CREATE,
                    user=user,
                    before=None,
                    group=group,
                )
            ]
        )
    return alias


def source_update(
    *,
    source: Source,
    user: Any,
    version: int | None,
    name: str | None = None,
    kind: str | None = None,
    description: str | None = None,
) -> Source:
    changes: dict[str, Any] = {}
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise ValidationError({"name": "A source needs a name."})
        changes.update(name=name, folded_name=fold_name(name))
    if kind is not None:
        changes["kind"] = kind
    if description is not None:
        changes["description"] = description
    return versioned_save(
        obj=source,
        version=version,
        changes=changes,
        user=user,
        annotation_set_id=source.annotation_set_id,
        action=ChangeAction.UPDATE,
    )


def _move_attributions(
    moving: list[Attribution], dst: Source, user: Any, record: Callable[..., ChangeRecord]
) -> list[ChangeRecord]:
    """Point ``moving`` (locked by the caller) at ``dst`` in one UPDATE; their change records."""
    now, editor = timezone.now(), actions.acting_user(user)
    befores = [snapshot(a) for a in moving]
    Attribution.objects.filter(pk__in=[a.pk for a in moving]).update(
        source=dst, version=F("version") + 1, updated_at=now, updated_by=editor
    )
    records = []
    for attribution, before in zip(moving, befores, strict=True):
        attribution.source_id = dst.pk
        attribution.version += 1
        attribution.updated_at = now
        attribution.updated_by = editor
        records.append(record(attribution, action=ChangeAction.UPDATE, before=before))
    return records


def source_merge(*, source: Source, into: Source, user: Any) -> Source:
    """Fold ``source`` into ``into``: its attributions and aliases move, its name becomes an
    alias, and it stays on record (``merged_into``) so the merge can be traced.

    Both sources are locked and checked as stored (not as the caller last saw them); every
    moved attribution and added alias gets a change record in the merge's group, written
    before the merge record, so reverting the merge (its group, newest first) un-merges the
    source, removes the aliases and moves the attributions back."""
    if source.pk == into.pk:
        raise ValidationError({"into": "A source cannot be merged into itself."})
    if source.annotation_set_id != into.annotation_set_id:
        raise ValidationError({"into": "Sources from different sets cannot be merged."})
    set_id = source.annotation_set_id
    group = actions.new_group()
    with actions.integrity_as_validation(Source), transaction.atomic():
        locked = {
            s.pk: s
            for s in Source.objects.filter(pk__in=[source.pk, into.pk])
            .order_by("pk")
            .select_for_update()
        }
        src, dst = locked.get(source.pk), locked.get(into.pk)
        if src is None or dst is None:
            raise ValidationError({"into": "The source no longer exists."})
        if src.merged_into_id is not None or src.deleted_at is not None:
            raise ValidationError({"source": "This source was already merged or deleted."})
        if dst.merged_into_id is not None or dst.deleted_at is not None:
            raise ValidationError({"into": "The target source was itself merged or deleted."})
        moving = list(Attribution.objects.filter(source=src).select_for_update().order_by("pk"))
        # Every record of the merge shares its set, user and group.
        record = partial(actions.record, annotation_set_id=set_id, user=user, group=group)
        records = _move_attributions(moving, dst, user, record)
        aliases = SourceAlias.objects.bulk_create(
            _new_aliases(dst, [*src.aliases.values_list("name", flat=True), src.name])
        )
        records.extend(record(alias, action=ChangeAction.CREATE, before=None) for alias in aliases)
        before = snapshot(src)
        src.merged_into = dst
        src.version += 1
        src.save()
        records.append(record(src, action=ChangeAction.MERGE, before=before))
        actions.write_records(records)
    return dst


def source_split(
    *,
    source: Source,
    name: str,
    kind: str,
    alias_ids: Iterable[int],
    attribution_ids: Iterable[int],
    user: Any,
) -> Source:
    """The inverse of a merge, for a source that conflated two people (or bodies): a new
    source ``name`` takes the chosen aliases and attributions of ``source``.

    One change group, in this order: the new source's creation, each moved attribution,
    each alias removed from ``source``, each alias added to the new source. Reverting the
    group (newest first) puts the aliases and attributions back and deletes the new source."""
    alias_ids, attribution_ids = set(alias_ids), set(attribution_ids)
    if not alias_ids and not attribution_ids:
        raise ValidationError({"split": "Choose at least one alias or attribution to move."})
    set_id = source.annotation_set_id
    group = actions.new_group()
    with actions.integrity_as_validation(Source), transaction.atomic():
        src = Source.objects.select_for_update().filter(pk=source.pk).first()
        if src is None or not actions.is_live(src):
            raise ValidationError({"source": "This source was merged or deleted."})
        aliases = list(SourceAlias.objects.filter(source=src, pk__in=alias_ids).order_by("pk"))
        moving = list(
            Attribution.objects.filter(source=src, pk__in=attribution_ids, deleted_at__isnull=True)
            .select_for_update()
            .order_by("pk")
        )
        if len(aliases) != len(alias_ids) or len(moving) != len(attribution_ids):
            raise ValidationError(
                {
                    "split": "Some of the chosen aliases or attributions no longer belong to this "
                    "source; reload the page and choose again."
                }
            )
        new = source_create(
            annotation_set=src.annotation_set, name=name, kind=kind, user=user, group=group
        )
        record = partial(actions.record, annotation_set_id=set_id, user=user, group=group)
        records = _move_attributions(moving, new, user, record)
        for alias in aliases:
            removal = record(alias, action=ChangeAction.DELETE, before=snapshot(alias), after={})
            removal.after = None
            records.append(removal)
        SourceAlias.objects.filter(pk__in=[a.pk for a in aliases]).delete()
        added = SourceAlias.objects.bulk_create(_new_aliases(new, [a.name for a in aliases]))
        records.extend(record(alias, action=ChangeAction.CREATE, before=None) for alias in added)
        actions.write_records(records)
    return new


def source_not_in_use(current: Source) -> None:
    # Attributions hidden under a deleted claim count: restoring the claim brings them back.
    in_use = Attribution.objects.filter(source=current, deleted_at__isnull=True).count()
    if in_use:
        raise ValidationError(
            {
                "source": f"{in_use} attribution(s) use this source; merge it into another "
                "source or change them first."
            }
        )


def source_delete(*, source: Source, user: Any, version: int | None) -> Source:
    """Soft delete a source no live attribution uses (one in use would leave them pointing
    at a deleted source)."""
    return soft_delete(
        obj=source,
        user=user,
        version=version,
        annotation_set_id=source.annotation_set_id,
        check=source_not_in_use,
    )
