"""Input parsing for the source registry pages."""

from typing import Any

from django import forms

from claims.models import SourceKind


class AliasForm(forms.Form):
    name = forms.CharField(max_length=300, strip=True)


class KindForm(forms.Form):
    kind = forms.ChoiceField(choices=SourceKind.choices)
    version = forms.IntegerField(min_value=1)


class MergeForm(forms.Form):
    into = forms.IntegerField(min_value=1)


class SplitForm(forms.Form):
    """Split a source: the new source's name and kind, and what moves to it (ids of the
    source's own aliases and live attributions, given as ``choices``)."""

    name = forms.CharField(max_length=300, strip=True)
    kind = forms.ChoiceField(choices=SourceKind.choices)
    alias = forms.TypedMultipleChoiceField(coerce=int, required=False)
    attribution = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, aliases: list[int], attributions: list[int], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["alias"].choices = [(pk, pk) for pk in aliases]  # type: ignore[attr-defined]
        self.fields["attribution"].choices = [(pk, pk) for pk in attributions]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("alias") and not cleaned.get("attribution"):
            raise forms.ValidationError("Choose at least one alias or attribution to move.")
        return cleaned
