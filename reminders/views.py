"""The reminders pages: the schedule and its texts (owners), and the customers to call (everyone)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import BusinessRequest, business_view, get_for_business_or_404
from accounts.form_guards import add_errors
from accounts.models import Business
from accounts.submissions import create_once
from accounts.versions import EditConflict, show_conflict

from . import selectors, services
from .forms import ReminderSettingsForm, ReminderStepForm
from .models import ReminderStep
from .placeholders import PLACEHOLDERS
from .schedule import CATCH_UP_DAYS
from .selectors import DueReminder
from .sending import reminder_message

EXAMPLE_BALANCE = Decimal("1250.00")


def example_preview(business: Business, step: ReminderStep) -> tuple[str, str]:
    """The step's e-mail for a made-up invoice on the day the step goes out (shown as an example)."""
    today = timezone.localdate()
    item = DueReminder(
        invoice_id=0,
        invoice_number="1042",
        customer_id=0,
        customer_name="Example Customer Ltd",
        email="",
        phone="",
        balance=EXAMPLE_BALANCE,
        due_date=today - datetime.timedelta(days=step.days),
        step=step,
        today=today,
    )
    return reminder_message(business, item)


@business_view(owner_only=True)
def reminder_settings(request: BusinessRequest) -> HttpResponse:
    settings = services.reminder_settings_for(business=request.business)
    form = ReminderSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_settings_update(
                settings=settings, enabled=form.cleaned_data["enabled"], expected_version=form.expected_version()
            )
        except EditConflict as conflict:
            show_conflict(form, conflict)
        else:
            if settings.enabled:
                messages.success(request, "Payment reminders are on: they go out each morning on this schedule.")
            else:
                messages.success(request, "Payment reminders are off: none will be sent.")
            return redirect("reminder_settings")
    context = {
        "form": form,
        "steps": selectors.schedule_steps(request.business),
        "placeholders": PLACEHOLDERS,
        "catch_up_days": CATCH_UP_DAYS,
    }
    return render(request, "reminders/settings.html", context)


@business_view(owner_only=True)
def reminder_step_create(request: BusinessRequest) -> HttpResponse:
    form = ReminderStepForm(request.POST or None, business=request.business)

    def create() -> str:
        step = services.reminder_step_create(
            business=request.business, created_by=request.user, **{f: form.cleaned_data[f] for f in STEP_FIELDS}
        )
        messages.success(request, f"The reminder {step.name} was added to the schedule.")
        return reverse("reminder_settings")

    if (done := create_once(request, form, create)) is not None:
        return done
    return render(request, "reminders/step_form.html", {"form": form, "title": "Add a reminder", "preview": None})


STEP_FIELDS = ("days", "subject", "body")


@business_view(owner_only=True)
def reminder_step_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    step = get_for_business_or_404(ReminderStep, request, pk=pk)
    form = ReminderStepForm(request.POST or None, instance=step, business=request.business)
    preview = example_preview(request.business, step)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in STEP_FIELDS}
        if "preview" in request.POST:
            preview = example_preview(request.business, ReminderStep(business=request.business, **fields))
        else:
            try:
                services.reminder_step_update(step=step, expected_version=form.expected_version(), **fields)
            except ValidationError as exc:
                add_errors(form, exc)
            except EditConflict as conflict:
                show_conflict(form, conflict)
            else:
                messages.success(request, f"The reminder {step.name} was saved.")
                return redirect("reminder_settings")
    context = {"form": form, "title": f"Reminder {step.name}", "step": step, "preview": preview}
    return render(request, "reminders/step_form.html", context)


@require_POST
@business_view(owner_only=True)
def reminder_step_delete(request: BusinessRequest, pk: int) -> HttpResponse:
    step = get_for_business_or_404(ReminderStep, request, pk=pk)
    services.reminder_step_delete(step=step)
    messages.success(request, f"The reminder {step.name} was removed; those already sent stay on their invoices.")
    return redirect("reminder_settings")


@business_view
def reminders_to_call_list(request: BusinessRequest) -> HttpResponse:
    """Reminders due today for customers without an e-mail address, and e-mails that did not go out."""
    today = timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=CATCH_UP_DAYS)
    context = {
        "enabled": selectors.reminders_enabled(request.business),
        "to_call": selectors.reminders_to_call(request.business, today),
        "unconfirmed": list(selectors.reminders_unconfirmed(request.business, since)),
        "today": today,
        "catch_up_days": CATCH_UP_DAYS,
    }
    return render(request, "reminders/to_call.html", context)
