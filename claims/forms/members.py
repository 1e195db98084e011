"""Input parsing for a set's members, settings and assignments pages."""

from django import forms

from claims.models import Role


class MemberAddForm(forms.Form):
    username = forms.CharField(max_length=254, strip=True, label="Username or e-mail")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.ANNOTATOR)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class SetSettingsForm(forms.Form):
    name = forms.CharField(max_length=200, strip=True)
    description = forms.CharField(required=False, widget=forms.Textarea, max_length=5000)
    guidelines = forms.CharField(required=False, widget=forms.Textarea, max_length=100_000)
    annotators_may_import = forms.BooleanField(required=False)
    # Blank keeps the stored value (a form saved by an older page must not reset it).
    suggestion_threshold = forms.FloatField(required=False, min_value=0.0, max_value=1.0)


class AssignForm(forms.Form):
    """Assign the checked articles (``article`` repeated) to one annotator."""

    annotator = forms.IntegerField(min_value=1)
    article = forms.TypedMultipleChoiceField(coerce=int, choices=[])

    def __init__(self, *args: object, article_ids: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["article"].choices = [(pk, pk) for pk in article_ids]  # type: ignore[attr-defined]


class RoundRobinForm(forms.Form):
    overlap = forms.IntegerField(min_value=1, max_value=20, initial=1)
    annotator = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=False)
    only_unassigned = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args: object, annotator_ids: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["annotator"].choices = [(pk, pk) for pk in annotator_ids]  # type: ignore[attr-defined]
