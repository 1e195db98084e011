"""Input parsing for the curation editor: offsets as pairs, each pair named after its span."""

from typing import Any

from django import forms

from claims.models import AttributionKind

SPANS = ("content", "cue", "source")


class CurationEditForm(forms.Form):
    """``<span>_start``/``<span>_end`` offsets (code points, half-open); both empty clears a
    cue or source span, and leaves the content as it is. ``source_id`` empty: no record."""

    target = forms.CharField(max_length=40)
    kind = forms.ChoiceField(choices=AttributionKind.choices, required=False)
    source_id = forms.CharField(required=False, max_length=20)
    content_start = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    content_end = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    cue_start = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    cue_end = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    source_start = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    source_end = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in SPANS:
            start, end = cleaned.get(f"{name}_start"), cleaned.get(f"{name}_end")
            if f"{name}_start" in self.errors or f"{name}_end" in self.errors:
                continue
            if (start is None) != (end is None):
                self.add_error(f"{name}_start", "Give both start and end (or neither).")
            elif start is not None and end is not None and start >= end:
                self.add_error(f"{name}_start", f"Start ({start}) must be before end ({end}).")
            else:
                cleaned[name] = None if start is None else (start, end)
        source_id = cleaned.get("source_id") or ""
        if source_id and not source_id.isdigit():
            self.add_error("source_id", "Pick one from the list.")
        return cleaned

    def span_errors(self) -> dict[str, list[str]]:
        """Errors keyed by span (``content``, ``cue``, ``source``) or field, for the editor."""
        out: dict[str, list[str]] = {}
        for name, errors in self.errors.items():
            key = name.removesuffix("_start").removesuffix("_end").removesuffix("_id")
            out.setdefault(key, []).extend(str(e) for e in errors)
        return out
