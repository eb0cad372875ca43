"""Reads of the reminders app: the schedule, what is due today, whom to call, what was sent.

Each reads a fixed number of queries whatever the number of invoices (the
schedule, then the candidate invoices in one set-based query).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, OuterRef, QuerySet, Subquery

from accounts.models import Business
from customers.models import FollowUp, Invoice

from .models import Reminder, ReminderSettings, ReminderStep
from .schedule import CATCH_UP_DAYS, step_day, step_due


@dataclass(frozen=True)
class DueReminder:
    """One step of one invoice that the schedule says is due today."""

    invoice_id: int
    invoice_number: str
    customer_id: int
    customer_name: str
    email: str
    phone: str
    balance: Decimal
    due_date: datetime.date
    step: ReminderStep
    today: datetime.date

    @property
    def step_date(self) -> datetime.date:
        return step_day(self.due_date, self.step.days)


def schedule_steps(business: Business) -> list[ReminderStep]:
    return list(ReminderStep.objects.filter(business=business).order_by("days"))


def reminders_enabled(business: Business) -> bool:
    return ReminderSettings.objects.filter(business=business, enabled=True).exists()


def _candidates(business: Business, today: datetime.date, steps: list[ReminderStep]) -> QuerySet:
    """Unpaid, not on hold, customer not switched off, due date within reach of some step today: as rows."""
    earliest = min(step.days for step in steps)
    latest = max(step.days for step in steps)
    highest_sent = (
        Reminder.objects.filter(business=business, invoice=OuterRef("pk"))
        .values("invoice")
        .annotate(highest=Max("days"))
        .values("highest")
    )
    last_follow_up = (
        FollowUp.objects.filter(business=business, invoice=OuterRef("pk"))
        .values("invoice")
        .annotate(last=Max("date"))
        .values("last")
    )
    return (
        Invoice.objects.filter(
            business=business,
            paid_in_full_on__isnull=True,
            hold=Invoice.Hold.NONE,
            customer__payment_reminders=True,
            due_date__gte=today - datetime.timedelta(days=latest + CATCH_UP_DAYS),
            due_date__lte=today - datetime.timedelta(days=earliest),
        )
        .with_balance()
        .annotate(highest_sent=Subquery(highest_sent), last_follow_up=Subquery(last_follow_up))
        .order_by("due_date", "number")
        .values(
            "pk",
            "number",
            "customer_id",
            "customer__name",
            "customer__email",
            "customer__phone",
            "open_balance",
            "due_date",
            "highest_sent",
            "last_follow_up",
        )
    )


def reminders_due(business: Business, today: datetime.date) -> list[DueReminder]:
    """Every invoice whose step is due today (customers with and without an e-mail address)."""
    steps = schedule_steps(business)
    if not steps:
        return []
    by_days = {step.days: step for step in steps}
    due = []
    for row in _candidates(business, today, steps):
        days = step_due(due_date=row["due_date"], today=today, steps=by_days, highest_sent=row["highest_sent"])
        if days is None:
            continue
        item = DueReminder(
            invoice_id=row["pk"],
            invoice_number=row["number"],
            customer_id=row["customer_id"],
            customer_name=row["customer__name"],
            email=row["customer__email"],
            phone=row["customer__phone"],
            balance=row["open_balance"],
            due_date=row["due_date"],
            step=by_days[days],
            today=today,
        )
        # Without an e-mail address, staff call; a follow-up on or after the step's day means they did.
        called = not item.email and row["last_follow_up"] is not None and row["last_follow_up"] >= item.step_date
        if not called:
            due.append(item)
    return due


def reminders_to_call(business: Business, today: datetime.date) -> list[DueReminder]:
    """Due reminders for customers with no e-mail address on record: staff call them instead."""
    if not reminders_enabled(business):
        return []
    return [item for item in reminders_due(business, today) if not item.email]


def reminders_unconfirmed(business: Business, since: datetime.datetime) -> QuerySet[Reminder]:
    """Reminders claimed since ``since`` whose e-mail failed or was never confirmed sent: worth a call."""
    return (
        Reminder.objects.filter(business=business, claimed_at__gte=since)
        .exclude(status=Reminder.Status.SENT)
        .select_related("invoice__customer")
        .order_by("-claimed_at", "-id")
    )
