"""Writes to sources (people, organisations…) and their aliases, including merges."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import AnnotationSet, Attribution, ChangeAction, Source, SourceAlias, SourceKind
from claims.services.history import record_change, snapshot
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
) -> Source:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "A source needs a name."})
    folded = fold_name(name)
    clash = Source.objects.filter(
        annotation_set=annotation_set,
        folded_name=folded,
        deleted_at__isnull=True,
        merged_into__isnull=True,
    )
    if clash.exists():
        raise ValidationError({"name": f"A source named {name!r} already exists in this set."})
    source = Source(
        annotation_set=annotation_set,
        name=name,
        folded_name=folded,
        kind=kind,
        description=description,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    with transaction.atomic():
        source.full_clean(validate_unique=False, validate_constraints=False)
        source.save()
        for alias in aliases:
            source_alias_add(source=source, name=alias)
        record_change(
            obj=source,
            annotation_set_id=annotation_set.pk,
            action=ChangeAction.CREATE,
            user=user,
            before=None,
        )
    return source


def source_alias_add(*, source: Source, name: str) -> SourceAlias | None:
    """Add an alias; adding one the source already answers to is a no-op."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"aliases": "An alias cannot be empty."})
    folded = fold_name(name)
    if folded == source.folded_name:
        return None
    alias, _ = SourceAlias.objects.get_or_create(
        source=source, folded_name=folded, defaults={"name": name}
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


def source_merge(*, source: Source, into: Source, user: Any) -> Source:
    """Fold ``source`` into ``into``: its attributions and aliases move, its name becomes an
    alias, and it stays on record (``merged_into``) so the merge can be traced."""
    if source.pk == into.pk:
        raise ValidationError({"into": "A source cannot be merged into itself."})
    if source.annotation_set_id != into.annotation_set_id:
        raise ValidationError({"into": "Sources from different sets cannot be merged."})
    if into.merged_into_id is not None or into.deleted_at is not None:
        raise ValidationError({"into": "The target source was itself merged or deleted."})
    with transaction.atomic():
        before = snapshot(source)
        Attribution.objects.filter(source=source).update(source=into)
        for alias in list(source.aliases.all()):
            source_alias_add(source=into, name=alias.name)
        source_alias_add(source=into, name=source.name)
        source.merged_into = into
        source.save(update_fields=["merged_into"])
        record_change(
            obj=source,
            annotation_set_id=source.annotation_set_id,
            action=ChangeAction.MERGE,
            user=user,
            before=before,
        )
    return into


def source_delete(*, source: Source, user: Any, version: int | None) -> Source:
    return soft_delete(
        obj=source, user=user, version=version, annotation_set_id=source.annotation_set_id
    )
