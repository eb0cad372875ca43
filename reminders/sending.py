"""Sending the day's reminders: claim each (invoice, step) once, then e-mail it after the commit.

The order of events for one reminder, and why:

1. In one transaction, with the invoice row locked: check the invoice is still
   unpaid and not on hold, insert the follow-up staff see on the invoice and the
   ``Reminder`` row. The row's UNIQUE (business, invoice, days) is the
   idempotency key: a second worker, a rerun after a crash, or a command run
   beside the task finds the key taken and sends nothing.
2. After the commit, the e-mail goes out through Django's backend, and the row
   becomes "sent" (or "failed", with the reason, when the mail server refuses).

If the process dies between 1 and 2 (killed, machine down), the row stays
"claimed": the e-mail may or may not have left, and it is never sent again.
We chose that side on purpose: a customer reminded twice about the same step
is the failure the schedule promises to avoid, and a missed one is visible:
the follow-up says "not confirmed sent" and the reminder is listed on the
"To call" page, so staff can phone instead. Each invoice is its own
transaction, so a crash loses at most that one; a rerun sends all the others.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.bulk import allow_long_statements
from accounts.models import Business
from accounts.tenancy import acting_for
from customers.models import FollowUp, Invoice
from evaluations import formatting

from .models import Reminder, step_name
from .placeholders import placeholders_fill
from .schedule import business_today, days_late, days_until_due
from .selectors import DueReminder, reminders_due

logger = logging.getLogger(__name__)

IDEMPOTENCY_KEY = "reminder_once_per_invoice_step"


@dataclass
class SendReport:
    """What one business's run did (or, on a dry run, would do)."""

    business: Business
    today: datetime.date
    dry_run: bool
    emailed: list[DueReminder] = field(default_factory=list)
    to_call: list[DueReminder] = field(default_factory=list)
    already_claimed: list[DueReminder] = field(default_factory=list)
    failed: list[tuple[DueReminder, str]] = field(default_factory=list)


def business_contacts(business: Business) -> str:
    return " · ".join(value for value in (business.phone, business.email, business.website) if value)


def placeholder_values(business: Business, item: DueReminder) -> dict[str, str]:
    """The value of every placeholder for one reminder, already written as people read them."""
    return {
        "customer_name": item.customer_name,
        "invoice_number": item.invoice_number,
        "amount": formatting.money(item.balance, business.currency_symbol),
        "due_date": f"{item.due_date:%b %-d, %Y}",
        "days_late": str(days_late(item.due_date, item.today)),
        "days_until_due": str(days_until_due(item.due_date, item.today)),
        "business_name": business.name,
        "business_contacts": business_contacts(business),
    }


def reminder_message(business: Business, item: DueReminder) -> tuple[str, str]:
    """The subject and body of one reminder, from its step's texts."""
    values = placeholder_values(business, item)
    subject = placeholders_fill(item.step.subject, values)
    return " ".join(subject.split()), placeholders_fill(item.step.body, values)


def reminder_claim(*, business: Business, item: DueReminder) -> Reminder | None:
    """Claim one (invoice, step) and log it as a follow-up, in the caller's transaction; None when not to send.

    None when another run claimed it first, or the invoice was paid or put on
    hold since it was read.
    """
    # The invoice's row lock orders this claim with a payment being recorded (which locks it too).
    invoice = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("customer")
        .filter(business=business, pk=item.invoice_id)
        .first()
    )
    if invoice is None or invoice.paid_in_full_on is not None or invoice.hold or not invoice.customer.payment_reminders:
        return None
    subject, body = reminder_message(business, item)
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(
                business=business,
                invoice_id=item.invoice_id,
                date=item.today,
                note=f"Payment reminder ({step_name(item.step.days)}) to {item.email}: not confirmed sent yet.",
            )
            return Reminder.objects.create(
                business=business,
                invoice_id=item.invoice_id,
                days=item.step.days,
                follow_up=follow_up,
                email=item.email,
                subject=subject,
                body=body,
            )
    except IntegrityError as exc:
        if getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) != IDEMPOTENCY_KEY:
            raise
        return None


def reminder_email_send(*, reminder_id: int, business_id: int) -> str:
    """E-mail a claimed reminder (after its claim committed) and record the outcome; returns the status."""
    with acting_for(business_id):
        reminder = Reminder.objects.select_related("business", "follow_up").get(pk=reminder_id)
        if reminder.status != Reminder.Status.CLAIMED:
            return reminder.status
        business = reminder.business
        message = EmailMessage(
            subject=reminder.subject,
            body=reminder.body,
            to=[reminder.email],
            reply_to=[business.email] if business.email else None,
        )
        what = f"Payment reminder ({step_name(reminder.days)})"
        try:
            message.send()
        except Exception as exc:  # the mail server's refusal, whatever its kind, is recorded, not raised
            logger.warning("Reminder %s could not be sent: %s", reminder.pk, exc)
            reminder.status, reminder.error = Reminder.Status.FAILED, str(exc)[:500]
            note = f"{what} could not be e-mailed to {reminder.email}: call instead."
        else:
            reminder.status, reminder.sent_at = Reminder.Status.SENT, timezone.now()
            note = f"{what} e-mailed to {reminder.email}."
        with transaction.atomic():
            reminder.save(update_fields=["status", "error", "sent_at"])
            FollowUp.objects.filter(pk=reminder.follow_up_id).update(note=note)
        return reminder.status


def reminders_send(*, business: Business, now: datetime.datetime | None = None, dry_run: bool = False) -> SendReport:
    """Send the business's reminders due today (its own date); a dry run only says what would go.

    Call it acting for the business (``accounts.tenancy.acting_for``). Safe to
    run again at any moment: each (invoice, step) is sent at most once.
    """
    today = business_today(business.time_zone, now or timezone.now())
    report = SendReport(business=business, today=today, dry_run=dry_run)
    with transaction.atomic():
        allow_long_statements()
        due = reminders_due(business, today)
    claimed: list[tuple[DueReminder, int]] = []
    for item in due:
        if not item.email:
            report.to_call.append(item)
            continue
        if dry_run:
            report.emailed.append(item)
            continue
        with transaction.atomic():
            reminder = reminder_claim(business=business, item=item)
            if reminder is not None:
                transaction.on_commit(partial(reminder_email_send, reminder_id=reminder.pk, business_id=business.pk))
        if reminder is None:
            report.already_claimed.append(item)
        else:
            claimed.append((item, reminder.pk))
    outcomes = {
        pk: (status, error)
        for pk, status, error in Reminder.objects.filter(pk__in=[pk for _, pk in claimed]).values_list(
            "pk", "status", "error"
        )
    }
    for item, pk in claimed:
        status, error = outcomes.get(pk, (Reminder.Status.CLAIMED, ""))
        if status == Reminder.Status.SENT:
            report.emailed.append(item)
        else:
            report.failed.append((item, error or "not confirmed sent"))
    return report
