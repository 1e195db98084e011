"""Input parsing for the review desk: queue filters, decisions, bulk approval."""

from typing import Any

from django import forms

from claims.models import AttributionKind, ClaimStatus, ReviewDecision

STATUS_CHOICES = [
    ("", "Any reviewed status"),
    (ClaimStatus.SUBMITTED, "Submitted"),
    (ClaimStatus.APPROVED, "Approved"),
    (ClaimStatus.REJECTED, "Rejected"),
]
KIND_CHOICES = [("", "All kinds"), *AttributionKind.choices, ("none", "No attribution")]


class ReviewFilterForm(forms.Form):
    annotator = forms.CharField(required=False, max_length=150, strip=True)
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False)
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    source = forms.CharField(required=False, max_length=300, strip=True)
    since = forms.DateField(required=False)
    until = forms.DateField(required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date comes before the start date.")
        return cleaned


def review_filter_data(query: Any) -> dict[str, Any]:
    """The queue shows submitted claims unless the filter says otherwise."""
    data = query.copy()
    if "status" not in data:
        data["status"] = ClaimStatus.SUBMITTED
    return data


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(ReviewDecision.APPROVE, "Approve"), (ReviewDecision.REJECT, "Reject")]
    )
    version = forms.IntegerField(min_value=1)
    comment = forms.CharField(required=False, max_length=5000, strip=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == ReviewDecision.REJECT and not cleaned.get("comment"):
            self.add_error("comment", "Say what to fix: a rejection needs a comment.")
        return cleaned


def _pairs(raws: list[str]) -> list[tuple[int, int]] | None:
    pairs = []
    for raw in raws:
        pk, _, version = str(raw).partition(":")
        if not (pk.isdigit() and version.isdigit() and len(pk) < 19 and len(version) < 10):
            return None
        pairs.append((int(pk), int(version)))
    return pairs


class BulkApproveForm(forms.Form):
    """``claim`` and ``attribution`` (cue-only) repeated, each as ``ID:VERSION`` (the
    version the reviewer saw)."""

    claim = forms.CharField(required=False)

    def __init__(self, data: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.raw = {
            name: (data.getlist(name) if data is not None else [])
            for name in ("claim", "attribution")
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        claims, attributions = _pairs(self.raw["claim"]), _pairs(self.raw["attribution"])
        if claims is None or attributions is None:
            self.add_error("claim", "Each selected item is ID:VERSION.")
            return cleaned
        if not claims and not attributions:
            self.add_error("claim", "Select items to approve (x), then press A.")
        cleaned["pairs"], cleaned["attributions"] = claims, attributions
        return cleaned
