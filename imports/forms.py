from __future__ import annotations

from django import forms

from .formats import FIELDS
from .models import Import, Kind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds", choices=Kind.choices)
    file = forms.FileField(label="CSV or Excel (.xlsx) file")


class MappingForm(forms.Form):
    """One choice of the file's columns per field of the kind."""

    def __init__(self, *args, job: Import, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— not in this file —")] + [(h, h) for h in job.headers if h]
        by_label = {h.casefold(): h for h in job.headers if h}
        for field in FIELDS[job.kind]:
            self.fields[field.name] = forms.ChoiceField(label=field.label, choices=choices, required=field.required)
            self.initial.setdefault(field.name, job.mapping.get(field.name) or by_label.get(field.label.casefold(), ""))
