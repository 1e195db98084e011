"""Input parsing for the annotation workspace's htmx requests.

Offsets arrive as Python code-point indices: static/js/selection.js converts the browser's
UTF-16 positions before anything is sent. Forms only check shape (integers, pairs, choices);
the services check offsets against the article text.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from claims.models import AttributionKind, ClaimStatus, LinkRelation, SourceKind

KIND_CHOICES = [("", "No attribution"), *AttributionKind.choices]
EDITABLE_STATUS = [
    ("", "Unchanged"),
    (ClaimStatus.DRAFT, "Draft"),
    (ClaimStatus.SUBMITTED, "Submitted"),
]


def _pair(cleaned: dict[str, Any], role: str, label: str) -> tuple[int, int] | None:
    start, end = cleaned.get(f"{role}_start"), cleaned.get(f"{role}_end")
    if start is None and end is None:
        return None
    if start is None or end is None or start >= end:
        raise ValidationError({f"{role}_start": f"The {label} needs a start before its end."})
    return (start, end)


class SpanForm(forms.Form):
    """A selection to open the editor on (GET claim-new)."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "start" in cleaned and "end" in cleaned and cleaned["start"] >= cleaned["end"]:
            self.add_error("end", "The end must come after the start.")
        return cleaned


class ClaimEditorForm(forms.Form):
    """The claim editor: the claim's span and note plus one attribution."""

    start = forms.IntegerField(min_value=0, required=False)
    end = forms.IntegerField(min_value=1, required=False)
    version = forms.IntegerField(min_value=1, required=False)
    note = forms.CharField(required=False, max_length=5000, strip=True)
    status = forms.ChoiceField(choices=EDITABLE_STATUS, required=False)
    attribution = forms.IntegerField(min_value=1, required=False)
    attribution_version = forms.IntegerField(min_value=1, required=False)
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False)
    source = forms.IntegerField(min_value=1, required=False)
    source_query = forms.CharField(required=False, max_length=300)
    source_new = forms.CharField(required=False, max_length=300)
    # The kind of the new source, or a change to the picked one's (checked against its version).
    source_kind = forms.ChoiceField(
        choices=[("", "Unchanged"), *SourceKind.choices], required=False
    )
    source_version = forms.IntegerField(min_value=1, required=False)
    source_start = forms.IntegerField(min_value=0, required=False)
    source_end = forms.IntegerField(min_value=1, required=False)
    cue_start = forms.IntegerField(min_value=0, required=False)
    cue_end = forms.IntegerField(min_value=1, required=False)
    intent = forms.ChoiceField(
        choices=[("save", "Save"), ("merge", "Merge")], required=False, initial="save"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            cleaned["source_span"] = _pair(cleaned, "source", "source mention")
            cleaned["cue_span"] = _pair(cleaned, "cue", "cue")
        except ValidationError as error:
            self.add_error(None, error)
        if cleaned.get("source") and cleaned.get("source_new"):
            self.add_error("source_new", "Pick an existing source or name a new one, not both.")
        picked = cleaned.get("source") or cleaned.get("source_new")
        if cleaned.get("source_query", "").strip() and not picked:
            self.add_error(
                "source_query", "Pick a source from the list (arrow down, Enter) or create one."
            )
        if picked and not cleaned.get("kind"):
            self.add_error("kind", "Choose how the claim is attributed (1, 2 or 3).")
        return cleaned


class NewClaimEditorForm(ClaimEditorForm):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)


class ExistingClaimEditorForm(ClaimEditorForm):
    version = forms.IntegerField(min_value=1)


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1)


class PanelFilterForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *AttributionKind.choices, ("none", "None")], required=False
    )
    status = forms.ChoiceField(choices=[("", "All statuses"), *ClaimStatus.choices], required=False)
    # Show the pending suggestions hidden below the set's threshold too.
    low = forms.BooleanField(required=False)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=300, strip=True)


class SourceQueryForm(forms.Form):
    source_query = forms.CharField(required=False, max_length=300, strip=True)


class LinkForm(forms.Form):
    relation = forms.ChoiceField(choices=LinkRelation.choices)
    to_claim = forms.IntegerField(min_value=1, required=False)
    to_sentence = forms.IntegerField(min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("to_claim")) == bool(cleaned.get("to_sentence")):
            self.add_error("to_claim", "Choose one claim or sentence to link to.")
        return cleaned


class DoneForm(forms.Form):
    done = forms.BooleanField(required=False)
