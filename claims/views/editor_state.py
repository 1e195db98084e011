"""What the claim editor shows and sends: the field values of a claim and one of its
attributions, read from the database, from a POST, or merged after a conflict.

Kept out of the view functions so they stay short; no writes happen here except through
``claims.services.workspace.claim_save``.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from claims import permissions
from claims.models import (
    Article,
    Attribution,
    AttributionKind,
    Claim,
    ClaimStatus,
    LinkRelation,
    Source,
    SourceKind,
)
from claims.selectors.claims import claim_links
from claims.selectors.review import latest_rejection
from claims.selectors.sources import live_sources
from claims.services.workspace import AttributionInput, claim_save

FIELD_LABELS = {
    "note": "Note",
    "status": "Status",
    "kind": "Attribution",
    "source_label": "Source",
    "cue_text": "Cue",
    "source_text": "Source mention",
}


def _slice(article: Article, start: Any, end: Any) -> str:
    try:
        lo, hi = int(start), int(end)
    except (TypeError, ValueError):
        return ""
    return article.text[lo:hi] if 0 <= lo < hi <= len(article.text) else ""


def _with_texts(article: Article, values: dict[str, Any]) -> dict[str, Any]:
    values["quote"] = _slice(article, values.get("start"), values.get("end"))
    values["cue_text"] = _slice(article, values.get("cue_start"), values.get("cue_end"))
    values["source_text"] = _slice(article, values.get("source_start"), values.get("source_end"))
    return values


def _source_label(article: Article, source_id: Any, new_name: str = "") -> str:
    if new_name:
        return new_name
    if not source_id:
        return ""
    source = live_sources(annotation_set=article.annotation_set_id).filter(pk=source_id).first()
    return source.name if source else ""


def stored_values(
    article: Article, claim: Claim, attribution: Attribution | None
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "start": claim.start,
        "end": claim.end,
        "version": claim.version,
        "note": claim.note,
        "status": claim.status,
    }
    if attribution is not None:
        values.update(
            attribution=attribution.pk,
            attribution_version=attribution.version,
            kind=attribution.kind,
            source=attribution.source_id or "",
            source_label=attribution.source.name if attribution.source else "",
            source_kind=attribution.source.kind if attribution.source else "",
            source_version=attribution.source.version if attribution.source else "",
            source_start=attribution.source_start,
            source_end=attribution.source_end,
            cue_start=attribution.cue_start,
            cue_end=attribution.cue_end,
        )
    return _with_texts(article, values)


def _chosen_attribution(claim: Claim, choice: Any) -> Attribution | None:
    attributions = list(getattr(claim, "live_attributions", []))
    if choice == "new" or not attributions:
        return None
    for attribution in attributions:
        if str(attribution.pk) == str(choice):
            return attribution
    return attributions[0]


def editor_context(
    request: HttpRequest,
    article: Article,
    claim: Claim | None,
    values: dict[str, Any] | None = None,
    *,
    attribution_choice: Any = "",
) -> dict[str, Any]:
    """Context of the ``editor`` partial for a new selection or an existing claim."""
    set_id = article.annotation_set_id
    if claim is None:
        values = _with_texts(article, dict(values or {}))
        can_edit = permissions.can_annotate(request.user, set_id)
    else:
        if values is None:
            attribution = _chosen_attribution(claim, attribution_choice)
            values = stored_values(article, claim, attribution)
        can_edit = permissions.can_edit_work(request.user, set_id, claim.created_by_id)
    return {
        "article": article,
        "claim": claim,
        "values": values,
        "attributions": getattr(claim, "live_attributions", []) if claim else [],
        "links": claim_links(claim=claim, user=request.user) if claim else [],
        "kinds": AttributionKind.choices,
        "source_kinds": SourceKind.choices,
        "relations": LinkRelation.choices,
        "can_edit": can_edit,
        "rejection": latest_rejection(claim=claim) if claim else None,
    }


def posted_values(article: Article, form: forms.Form) -> dict[str, Any]:
    """The submitted values, raw, so a rejected form shows what the user typed."""
    values = {name: form.data.get(name, "") for name in form.fields}
    values["source_label"] = _source_label(
        article, values.get("source"), str(values.get("source_new") or "")
    )
    return _with_texts(article, values)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's field errors next to the form's fields (or on top if unknown)."""
    for field, messages in error.message_dict.items():
        name = field if field in form.fields else None
        for message in messages:
            form.add_error(name, message if name else f"{field}: {message}")


def _attribution_of(claim: Claim | None, attribution_id: int | None) -> Attribution | None:
    if claim is None or not attribution_id:
        return None
    for attribution in getattr(claim, "live_attributions", []):
        if attribution.pk == attribution_id:
            return attribution
    raise ValidationError({"attribution": "That attribution is gone or belongs elsewhere."})


def _source_of(article: Article, source_id: int | None) -> Source | None:
    if not source_id:
        return None
    source = live_sources(annotation_set=article.annotation_set_id).filter(pk=source_id).first()
    if source is None:
        raise ValidationError({"source": "That source does not exist in this set."})
    return source


def save_claim(
    request: HttpRequest, article: Article, claim: Claim | None, form: forms.Form
) -> Claim | None:
    """Validate and save; ``None`` (with errors on the form) when the input is bad.
    ``ConflictError`` propagates for the caller's conflict panel."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return claim_save(
            article=article,
            user=request.user,
            claim=claim,
            version=data.get("version"),
            start=data.get("start"),
            end=data.get("end"),
            note=data["note"],
            status=data["status"] or None,
            attribution=_attribution_of(claim, data["attribution"]),
            attribution_version=data["attribution_version"],
            data=AttributionInput(
                kind=data["kind"],
                source=_source_of(article, data["source"]),
                new_source_name=data["source_new"],
                source_kind=data["source_kind"],
                source_version=data["source_version"],
                source_span=data["source_span"],
                cue_span=data["cue_span"],
            ),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _display(values: dict[str, Any], name: str) -> str:
    value = values.get(name) or ""
    if name == "kind" and value:
        return str(AttributionKind(value).label)
    if name == "status" and value:
        return str(ClaimStatus(value).label)
    return str(value)


def _row(label: str, name: str, theirs: dict[str, Any], mine: dict[str, Any]) -> dict[str, Any]:
    their_value, my_value = _display(theirs, name), _display(mine, name)
    if name == "status" and not my_value:
        my_value = f"{their_value} (unchanged)"  # the editor sends no status unless chosen
        return {"label": label, "theirs": their_value, "mine": my_value, "differs": False}
    return {
        "label": label,
        "theirs": their_value,
        "mine": my_value,
        "differs": their_value != my_value,
    }


def conflict_context(
    request: HttpRequest, article: Article, fresh: Claim, form: forms.Form
) -> dict[str, Any]:
    """Both versions side by side, and the fields to resend with the current versions if
    the user takes theirs over ours ("use mine")."""
    mine = posted_values(article, form)
    chosen = _chosen_attribution(fresh, mine.get("attribution") or "")
    if (
        mine.get("attribution")
        and chosen is not None
        and str(chosen.pk) != str(mine["attribution"])
    ):
        chosen = None  # their attribution was deleted: resend mine as a new one
    theirs = stored_values(article, fresh, chosen)
    resend = {**mine, "version": fresh.version}
    resend["attribution"] = chosen.pk if chosen and mine.get("attribution") else ""
    resend["attribution_version"] = chosen.version if chosen and mine.get("attribution") else ""
    rows = [_row(label, name, theirs, mine) for name, label in FIELD_LABELS.items()]
    return {
        "article": article,
        "claim": fresh,
        "rows": rows,
        "resend": resend,
        "updated_by": fresh.updated_by if fresh.updated_by_id else None,
        "editor_fields": [name for name in form.fields if name != "intent"],
    }


def merged_values(article: Article, claim: Claim, form: forms.Form) -> dict[str, Any]:
    """Start the editor from the current version, with every field the user filled in taken
    from their edit, and both notes kept when they differ. Nothing is saved yet."""
    mine = posted_values(article, form)
    chosen = _chosen_attribution(claim, mine.get("attribution") or "")
    theirs = stored_values(article, claim, chosen)
    merged = dict(theirs)
    for name in (
        "kind",
        "source",
        "source_new",
        "source_kind",
        "source_start",
        "source_end",
        "cue_start",
        "cue_end",
        "status",
    ):
        if mine.get(name) not in (None, ""):
            merged[name] = mine[name]
    if mine.get("source") or mine.get("source_new"):
        merged["source_label"] = mine["source_label"]
    their_note, my_note = (theirs.get("note") or "").strip(), (mine.get("note") or "").strip()
    if my_note and my_note != their_note:
        merged["note"] = f"{their_note}\n{my_note}".strip()
    merged["merged"] = True
    return _with_texts(article, merged)
