"""Input parsing for the source registry pages."""

from django import forms

from claims.models import SourceKind


class AliasForm(forms.Form):
    name = forms.CharField(max_length=300, strip=True)


class KindForm(forms.Form):
    kind = forms.ChoiceField(choices=SourceKind.choices)
    version = forms.IntegerField(min_value=1)


class MergeForm(forms.Form):
    into = forms.IntegerField(min_value=1)
