"""What every form of the app does on top of Django's: sane bounds on what people type.

``GuardedFormMixin`` goes first in a form's bases. It gives every date and
date-time field the sane range of ``accounts.bounds`` and, on model forms,
checks the model field's own bounds (notice periods, durations...) while the
field is cleaned, so a form's ``clean()`` never does arithmetic on a value that
could overflow.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from .bounds import date_validators, moment_validators
from .versions import EDIT_VERSION_FIELD


def guard_fields(form: forms.BaseForm) -> None:
    """Add range validators to the fields of one form instance (its own copies)."""
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    for name, field in form.fields.items():
        extra: list = []
        if isinstance(field, forms.DateTimeField):
            extra = moment_validators()
        elif isinstance(field, forms.DateField):
            extra = date_validators()
        if model is not None:
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                model_field = None
            if model_field is not None and not isinstance(field, forms.DateField | forms.DateTimeField):
                extra += [v for v in model_field.validators if isinstance(v, MinValueValidator | MaxValueValidator)]
        field.validators += [v for v in extra if v not in field.validators]


class GuardedFormMixin:
    """Bounds on every date, date-time and bounded number of the form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_fields(self)  # type: ignore[arg-type]


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (on its field when the form has one)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


SUBMISSION_KEY_FIELD = "submission_key"
DAMAGED_VERSION = "This form was sent with a damaged version marker. Reload the page and make your change again."
MISSING_KEY = "This form was sent without its one-time key. Reload the page and send it again."


class OneTimeSubmissionMixin(GuardedFormMixin):
    """A hidden, random key per displayed create form, so a double submit records once.

    Used with ``accounts.submissions.create_once``; the key survives a re-shown
    form (it is in the posted data), so correcting a mistake keeps it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.creates():
            self.fields[SUBMISSION_KEY_FIELD] = forms.UUIDField(  # type: ignore[attr-defined]
                widget=forms.HiddenInput, required=False, initial=uuid.uuid4
            )

    def creates(self) -> bool:
        """Whether the form makes a new record (editing forms need no key); model forms by their instance."""
        instance = getattr(self, "instance", None)
        return instance is None or instance.pk is None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        if self.creates() and cleaned.get(SUBMISSION_KEY_FIELD) is None:
            self.add_error(None, MISSING_KEY)  # type: ignore[attr-defined]
        return cleaned


class VersionedFormMixin(GuardedFormMixin):
    """The version of the record an edit form showed, sent back to detect edit conflicts (``accounts.versions``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record = self.edited_record()
        if record is not None:
            self.fields[EDIT_VERSION_FIELD] = forms.IntegerField(  # type: ignore[attr-defined]
                widget=forms.HiddenInput, required=False, initial=record.version, min_value=1
            )

    def edited_record(self) -> Any:
        """The record being edited (None on a create form); model forms edit their instance."""
        instance = getattr(self, "instance", None)
        return instance if instance is not None and instance.pk is not None else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        if EDIT_VERSION_FIELD in self.errors:  # type: ignore[attr-defined]
            # A hidden field's error is not shown next to it: say it for the whole form.
            self.add_error(None, DAMAGED_VERSION)  # type: ignore[attr-defined]
        return cleaned

    def expected_version(self) -> int | None:
        return self.cleaned_data.get(EDIT_VERSION_FIELD)  # type: ignore[attr-defined]


class RecordFormMixin(OneTimeSubmissionMixin, VersionedFormMixin):
    """For a form that both creates and edits a record: a submission key when new, a version when editing."""
