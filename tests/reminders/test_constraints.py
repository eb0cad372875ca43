"""The database refuses a reminder row that breaks a rule, whoever writes it: each rule broken once."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from customers import services as customer_services
from customers.models import Invoice
from reminders.models import Reminder, ReminderStep

from ..factories import BusinessFactory, InvoiceFactory

pytestmark = pytest.mark.django_db


def constraint_broken(make) -> str:
    """Run ``make`` with every constraint checked at once; return the name of the one it broke."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        make()
    return caught.value.__cause__.diag.constraint_name


def reminder(invoice, *, business=None, days: int = 7, **fields) -> Reminder:
    business = business or invoice.business
    follow_up = customer_services.followup_record(invoice=invoice, date=datetime.date(2026, 1, 1))
    values = {"email": "a@b.example", "subject": "S", "body": "B", **fields}
    return Reminder.objects.create(business=business, invoice=invoice, follow_up=follow_up, days=days, **values)


def test_the_same_step_of_an_invoice_is_claimed_once():
    invoice = InvoiceFactory()
    reminder(invoice)
    assert constraint_broken(lambda: reminder(invoice)) == "reminder_once_per_invoice_step"


def test_a_reminder_cannot_point_at_another_business_invoice():
    invoice = InvoiceFactory()
    other = BusinessFactory()
    follow_up = customer_services.followup_record(invoice=invoice, date=datetime.date(2026, 1, 1))

    def cross() -> None:
        Reminder.objects.create(
            business=other, invoice=invoice, follow_up=follow_up, days=7, email="a@b.example", subject="S", body="B"
        )

    assert constraint_broken(cross) in {"reminder_same_business_as_invoice", "reminder_same_business_as_followup"}


@pytest.mark.parametrize(
    "name, fields",
    [
        ("reminder_days_in_range", {"days": 366}),
        ("reminder_status_valid", {"status": "lost"}),
        ("reminder_sent_has_time", {"status": "sent"}),
    ],
)
def test_reminder_checks(name, fields):
    invoice = InvoiceFactory()
    assert constraint_broken(lambda: reminder(invoice, **fields)) == name


@pytest.mark.parametrize(
    "name, fields",
    [
        ("reminderstep_days_in_range", {"days": -31}),
        ("reminderstep_subject_not_empty", {"subject": ""}),
        ("reminderstep_body_not_empty", {"body": ""}),
    ],
)
def test_step_checks(name, fields):
    business = BusinessFactory()
    values = {"days": 7, "subject": "S", "body": "B", **fields}
    assert constraint_broken(lambda: ReminderStep.objects.create(business=business, **values)) == name


def test_invoice_hold_is_one_of_the_known_reasons():
    invoice = InvoiceFactory()
    assert constraint_broken(lambda: Invoice.objects.filter(pk=invoice.pk).update(hold="forgotten")) == (
        "invoice_hold_valid"
    )
