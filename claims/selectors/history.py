"""Change history as people read it: who changed what and when, field by field, with the
reviewers' comments next to their decisions; and a set's deleted items for managers."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from claims.models import (
    AnnotationSet,
    Attribution,
    AttributionKind,
    ChangeRecord,
    Claim,
    ClaimLink,
    ClaimStatus,
    LinkRelation,
    Origin,
    ReviewComment,
    Source,
    SourceKind,
)

HISTORY_LIMIT = 200
DELETED_LIMIT = 200

# Field -> label, in the order a diff lists them; spans are shown as their text.
LABELS = {
    "quote": "Text",
    "status": "Status",
    "kind": "Kind",
    "source_id": "Source",
    "source_span": "Source mention",
    "cue_span": "Cue",
    "relation": "Relation",
    "to_claim_id": "Linked claim",
    "name": "Name",
    "description": "Description",
    "merged_into_id": "Merged into",
    "note": "Note",
    "deleted_at": "Deleted",
}
CHOICES = {
    "status": dict(ClaimStatus.choices),
    "kind": {**dict(AttributionKind.choices), **dict(SourceKind.choices)},
    "relation": dict(LinkRelation.choices),
    "origin": dict(Origin.choices),
}
ENTITY_LABELS = {
    "claim": "Claim",
    "attribution": "Attribution",
    "claimlink": "Link",
    "source": "Source",
}


@dataclass(slots=True)
class HistoryEntry:
    record: ChangeRecord
    entity_label: str
    changes: list[tuple[str, str, str]]
    comments: list[ReviewComment] = field(default_factory=list)
    restorable: bool = False


def _span_text(text: str, state: dict[str, Any], role: str) -> str:
    start, end = state.get(f"{role}_start"), state.get(f"{role}_end")
    if start is None or end is None:
        return ""
    return text[start:end]


def _readable(state: dict[str, Any] | None, text: str, sources: dict[int, str]) -> dict[str, str]:
    if not state:
        return {}
    shown: dict[str, str] = {}
    for name in LABELS:
        if name in ("source_span", "cue_span"):
            role = name.removesuffix("_span")
            if f"{role}_start" in state:
                shown[name] = _span_text(text, state, role)
            continue
        if name not in state:
            continue
        value = state[name]
        if name == "deleted_at":
            shown[name] = "yes" if value else "no"
        elif name in ("source_id", "merged_into_id"):
            shown[name] = sources.get(value, f"#{value}") if value else ""
        elif name == "to_claim_id":
            shown[name] = f"#{value}" if value else ""
        elif name in CHOICES:
            shown[name] = str(CHOICES[name].get(value, value or ""))
        else:
            shown[name] = "" if value is None else str(value)
    return shown


def _diff(record: ChangeRecord, text: str, sources: dict[int, str]) -> list[tuple[str, str, str]]:
    before = _readable(record.before, text, sources)
    after = _readable(record.after, text, sources)
    rows = []
    for name, label in LABELS.items():
        old, new = before.get(name, ""), after.get(name, "")
        if name == "deleted_at" and {old, new} <= {"", "no"}:
            continue  # "not deleted" on creation is no news
        if old != new and (old or new):
            rows.append((label, old, new))
    return rows


def _source_names(records: list[ChangeRecord]) -> dict[int, str]:
    ids = {
        state[key]
        for record in records
        for state in (record.before or {}, record.after or {})
        for key in ("source_id", "merged_into_id")
        if state.get(key)
    }
    return dict(Source.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _entries(records: QuerySet[ChangeRecord], text: str) -> list[HistoryEntry]:
    found = list(
        records.select_related("user").prefetch_related(
            Prefetch("comments", queryset=ReviewComment.objects.select_related("author"))
        )[:HISTORY_LIMIT]
    )
    sources = _source_names(found)
    seen: set[tuple[str, int]] = set()
    entries = []
    for record in found:  # newest first: the first record of an object is its current state
        key = (record.entity, record.object_id)
        older = key in seen
        seen.add(key)
        after = record.after or {}
        entries.append(
            HistoryEntry(
                record=record,
                entity_label=ENTITY_LABELS.get(record.entity, record.entity),
                changes=_diff(record, text, sources),
                comments=list(record.comments.all()),
                restorable=older and bool(after) and not after.get("deleted_at"),
            )
        )
    return entries


def claim_history(*, claim: Claim) -> list[HistoryEntry]:
    """Changes to the claim, its attributions and its links, newest first."""
    attribution_ids = Attribution.objects.filter(claim=claim).values("pk")
    link_ids = ClaimLink.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)).values("pk")
    records = ChangeRecord.objects.filter(
        Q(entity="claim", object_id=claim.pk)
        | Q(entity="attribution", object_id__in=attribution_ids)
        | Q(entity="claimlink", object_id__in=link_ids),
        annotation_set_id=claim.article.annotation_set_id,
    ).order_by("-id")
    return _entries(records, claim.article.text)


def source_history(*, source: Source) -> list[HistoryEntry]:
    records = ChangeRecord.objects.filter(
        entity="source", object_id=source.pk, annotation_set_id=source.annotation_set_id
    ).order_by("-id")
    return _entries(records, "")


def history_record(*, record_id: int) -> ChangeRecord | None:
    return ChangeRecord.objects.filter(pk=record_id).first()


def history_subject(*, record: ChangeRecord) -> tuple[Claim | None, Source | None]:
    """The claim (for claims, attributions, links) or source whose history holds ``record``."""
    if record.entity == "source":
        return None, Source.objects.filter(pk=record.object_id).first()
    if record.entity == "claim":
        claim_id: int | None = record.object_id
    elif record.entity == "attribution":
        claim_id = (
            Attribution.objects.filter(pk=record.object_id).values_list("claim_id", flat=True)
        ).first()
    else:
        claim_id = (
            ClaimLink.objects.filter(pk=record.object_id).values_list("from_claim_id", flat=True)
        ).first()
    claim = (
        Claim.objects.select_related("article").filter(pk=claim_id).first() if claim_id else None
    )
    return claim, None


def source_for_history(*, source_id: int) -> Source | None:
    return Source.objects.filter(pk=source_id).first()


# --- Deleted items ----------------------------------------------------------------------


@dataclass(slots=True)
class DeletedItems:
    claims: list[Claim]
    attributions: list[Attribution]
    links: list[ClaimLink]
    sources: list[Source]


def deleted_items(*, annotation_set: AnnotationSet) -> DeletedItems:
    """The most recently deleted claims, attributions, links and sources of a set. Rejected
    machine suggestions are left out: they stay deleted so the suggester never repeats them."""
    in_set = Q(article__annotation_set=annotation_set, article__deleted_at__isnull=True)
    claims = (
        Claim.objects.filter(in_set, deleted_at__isnull=False)
        .exclude(origin=Origin.SUGGESTED, status=ClaimStatus.REJECTED)
        .select_related("article", "updated_by")
        .defer("article__text")
        .order_by("-deleted_at")[:DELETED_LIMIT]
    )
    attributions = (
        Attribution.objects.filter(in_set, deleted_at__isnull=False, claim__deleted_at__isnull=True)
        .exclude(origin=Origin.SUGGESTED, claim__isnull=True)
        .select_related("claim", "source", "updated_by")
        .order_by("-deleted_at")[:DELETED_LIMIT]
    )
    links = (
        ClaimLink.objects.filter(
            from_claim__article__annotation_set=annotation_set, deleted_at__isnull=False
        )
        .select_related("from_claim", "to_claim")
        .order_by("-deleted_at")[:DELETED_LIMIT]
    )
    sources = Source.objects.filter(
        annotation_set=annotation_set, deleted_at__isnull=False
    ).order_by("-deleted_at")[:DELETED_LIMIT]
    return DeletedItems(list(claims), list(attributions), list(links), list(sources))


DELETABLE: dict[str, Any] = {
    "claim": (Claim, "article__annotation_set"),
    "attribution": (Attribution, "article__annotation_set"),
    "claimlink": (ClaimLink, "from_claim__article__annotation_set"),
    "source": (Source, "annotation_set"),
}


def deleted_item(*, annotation_set: AnnotationSet, entity: str, object_id: int) -> Any:
    """One deleted object of the set, or ``None``."""
    if entity not in DELETABLE:
        return None
    model, path = DELETABLE[entity]
    return model.objects.filter(
        pk=object_id, deleted_at__isnull=False, **{path: annotation_set}
    ).first()
