"""Payment reminders: each business's schedule, its texts, and the log of every reminder claimed.

The schedule is a list of steps, each a number of days relative to an
invoice's due date (negative: before it) with its own e-mail text. A
``Reminder`` row is the idempotency key of one step of one invoice: UNIQUE
(business, invoice, days), inserted in the same transaction as the follow-up
that staff see on the invoice, before any e-mail is sent (see
``reminders.services``).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from customers.models import FollowUp, Invoice
from customers.models.base import BusinessOwned

EARLIEST_STEP_DAYS = -30  # a reminder at most a month before the due date
LATEST_STEP_DAYS = 365  # and at most a year after it
MAX_STEPS = 10
SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000


def step_days_validators() -> list:
    return [
        MinValueValidator(EARLIEST_STEP_DAYS, message=f"A reminder can go at most {-EARLIEST_STEP_DAYS} days early."),
        MaxValueValidator(LATEST_STEP_DAYS, message=f"A reminder can go at most {LATEST_STEP_DAYS} days late."),
    ]


def step_days_in_range(field: str) -> Q:
    return Q(**{f"{field}__gte": EARLIEST_STEP_DAYS, f"{field}__lte": LATEST_STEP_DAYS})


def step_name(days: int) -> str:
    """ "3 days before the due date", "on the due date", "7 days after the due date"."""
    if days == 0:
        return "on the due date"
    count = abs(days)
    unit = "day" if count == 1 else "days"
    return f"{count} {unit} {'before' if days < 0 else 'after'} the due date"


class ReminderSettings(BusinessOwned):
    """Whether the business's reminders go out at all: off until an owner switches them on."""

    enabled = models.BooleanField(
        "send payment reminders",
        default=False,
        help_text="E-mail customers on the schedule below. Customers switched off on their page never get one.",
    )

    class Meta:
        verbose_name = "reminder settings"
        verbose_name_plural = "reminder settings"
        constraints = [models.UniqueConstraint(fields=["business"], name="remindersettings_one_per_business")]

    def __str__(self) -> str:
        return f"Reminders {'on' if self.enabled else 'off'}"


class ReminderStep(BusinessOwned):
    """One step of the schedule: when, relative to the due date, and what the e-mail says."""

    days = models.IntegerField(
        "days after the due date",
        validators=step_days_validators(),
        help_text="Negative for before the due date: -3 is three days before, 7 is a week late.",
    )
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH)
    body = models.CharField("message", max_length=BODY_MAX_LENGTH)

    class Meta:
        ordering = ["days"]
        constraints = [
            models.UniqueConstraint(fields=["business", "days"], name="reminderstep_days_unique_per_business"),
            models.CheckConstraint(condition=step_days_in_range("days"), name="reminderstep_days_in_range"),
            models.CheckConstraint(condition=~Q(subject=""), name="reminderstep_subject_not_empty"),
            models.CheckConstraint(condition=~Q(body=""), name="reminderstep_body_not_empty"),
        ]

    def __str__(self) -> str:
        return step_name(self.days)

    @property
    def name(self) -> str:
        return step_name(self.days)


class Reminder(models.Model):
    """One step of one invoice's reminders, claimed once (UNIQUE business, invoice, days) and then e-mailed.

    ``status`` moves from claimed to sent (or failed) after the e-mail; a row
    left "claimed" means the process stopped between the commit and the send:
    the e-mail may not have gone, and it is not sent again (never twice).
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Not confirmed sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    business = models.ForeignKey("accounts.Business", on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="+")
    days = models.IntegerField(validators=step_days_validators())
    follow_up = models.OneToOneField(FollowUp, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField()
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            # The idempotency key: one reminder per invoice and step, whoever claims it and however often.
            models.UniqueConstraint(fields=["business", "invoice", "days"], name="reminder_once_per_invoice_step"),
            models.CheckConstraint(condition=step_days_in_range("days"), name="reminder_days_in_range"),
            models.CheckConstraint(condition=Q(status__in=["claimed", "sent", "failed"]), name="reminder_status_valid"),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="reminder_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["business", "status", "claimed_at"], name="reminder_business_status")]

    def __str__(self) -> str:
        return f"Reminder {step_name(self.days)} on invoice {self.invoice_id}"
