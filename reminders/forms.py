"""Owners' forms for the reminders: the on/off switch, and each step's day and texts."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts.form_guards import RecordFormMixin, VersionedFormMixin
from accounts.models import Business

from .models import ReminderSettings, ReminderStep, step_name
from .placeholders import PLACEHOLDERS, placeholders_check


class ReminderSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["enabled"]


class ReminderStepForm(RecordFormMixin, forms.ModelForm):
    """A step of the schedule; unknown placeholders are refused with the list of the allowed ones."""

    class Meta:
        model = ReminderStep
        fields = ["days", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, business: Business, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.business = business
        allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        self.fields["body"].help_text = f"Plain text. Placeholders: {allowed}."

    def _checked(self, field: str) -> str:
        text = self.cleaned_data[field]
        placeholders_check(text)
        return text

    def clean_subject(self) -> str:
        return " ".join(self._checked("subject").split())

    def clean_body(self) -> str:
        return self._checked("body")

    def clean_days(self) -> int:
        days = self.cleaned_data["days"]
        taken = ReminderStep.objects.filter(business=self.instance.business, days=days).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(f"The schedule already has a reminder {step_name(days)}. Choose another day.")
        return days
