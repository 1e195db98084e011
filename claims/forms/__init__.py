"""Input parsing for form and htmx POSTs (upload forms here; others in their modules)."""

from typing import Any

from django import forms

from claims.services.limits import upload_size_error

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

    def clean_uploads(self) -> list[Any]:
        uploads: list[Any] = self.cleaned_data["uploads"]
        for upload in uploads:
            if problem := upload_size_error(upload.size or 0):
                raise forms.ValidationError(f"{upload.name}: {problem}.")
        return uploads
