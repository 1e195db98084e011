"""Input parsing for the search page."""

from django import forms

from claims.models import AttributionKind, ClaimStatus


class SearchPageForm(forms.Form):
    q = forms.CharField(required=False, max_length=300, strip=True, label="Words")
    set = forms.IntegerField(required=False, min_value=1)
    outlet = forms.CharField(required=False, max_length=200, strip=True)
    published_from = forms.DateField(required=False, label="Published from")
    published_to = forms.DateField(required=False, label="Published to")
    kind = forms.ChoiceField(
        required=False, choices=[("", "Any kind"), *AttributionKind.choices], label="Kind"
    )
    source = forms.IntegerField(required=False, min_value=1)
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *ClaimStatus.choices], label="Status"
    )
