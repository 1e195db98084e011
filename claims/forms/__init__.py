"""Input parsing for form and htmx POSTs (upload forms here; others in their modules)."""

from typing import Any

from django import forms

FORMAT_CHOICES = [
    ("auto", "Detect from the file name"),
    ("text", "Plain text (UTF-8)"),
    ("html", "HTML page"),
    ("jsonl", "JSON Lines (one article per line)"),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        items = list(data) if isinstance(data, list | tuple) else [data] if data else []
        if not items and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [single(item, initial) for item in items]


class ImportUploadForm(forms.Form):
    uploads = MultipleFileField(help_text=".txt, .html or .jsonl files")
    format = forms.ChoiceField(choices=FORMAT_CHOICES, initial="auto")
