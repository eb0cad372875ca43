"""Writes of the reminders app: the schedule and its texts (owners), and claiming reminders for sending.

Sending is ``reminders.sending``; this module holds what the settings pages change.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Business
from accounts.versions import version_check

from .defaults import DEFAULT_STEPS
from .models import MAX_STEPS, ReminderSettings, ReminderStep, step_name
from .placeholders import placeholders_check

DAYS_TAKEN = "The schedule already has a reminder {name}. Choose another day, or edit that one."


def reminder_settings_for(*, business: Business) -> ReminderSettings:
    """The business's reminder settings; the first time, with the default schedule (reminders still off)."""
    with transaction.atomic():
        settings, created = ReminderSettings.objects.get_or_create(business=business)
        if created:
            ReminderStep.objects.bulk_create(
                ReminderStep(business=business, days=days, subject=subject, body=body)
                for days, subject, body in DEFAULT_STEPS
            )
    return settings


def reminder_settings_update(
    *, settings: ReminderSettings, enabled: bool, expected_version: int | None = None
) -> ReminderSettings:
    """Switch the business's reminders on or off (an edit conflict if someone saved since the form opened)."""
    with transaction.atomic():
        version_check(record=settings, expected=expected_version)
        settings.enabled = enabled
        settings.save()
    return settings


def _check_texts(*, subject: str, body: str) -> None:
    errors = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            placeholders_check(text)
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)


def reminder_step_create(
    *, business: Business, days: int, subject: str, body: str, created_by: User | None = None
) -> ReminderStep:
    """Add a step to the schedule; a day already taken, or an unknown placeholder, is refused."""
    _check_texts(subject=subject, body=body)
    step = ReminderStep(business=business, days=days, subject=subject, body=body, created_by=created_by)
    step.full_clean(exclude=["business", "created_by"])
    try:
        with transaction.atomic():
            # Serialise the business's step additions, so two at once cannot pass the limit together.
            ReminderSettings.objects.select_for_update().filter(business=business).first()
            if ReminderStep.objects.filter(business=business).count() >= MAX_STEPS:
                raise ValidationError(f"A schedule has at most {MAX_STEPS} reminders. Remove one first.")
            step.save()
    except IntegrityError as exc:
        raise ValidationError({"days": DAYS_TAKEN.format(name=step_name(days))}) from exc
    return step


def reminder_step_update(
    *, step: ReminderStep, days: int, subject: str, body: str, expected_version: int | None = None
) -> ReminderStep:
    """Change a step's day or text. Reminders already sent keep the text they were sent with."""
    _check_texts(subject=subject, body=body)
    step.days, step.subject, step.body = days, subject, body
    step.full_clean(exclude=["business", "created_by"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            version_check(record=step, expected=expected_version)
            step.save()
    except IntegrityError as exc:
        raise ValidationError({"days": DAYS_TAKEN.format(name=step_name(days))}) from exc
    return step


def reminder_step_delete(*, step: ReminderStep) -> None:
    """Remove a step; the reminders sent for it stay in the invoices' follow-ups."""
    step.delete()
