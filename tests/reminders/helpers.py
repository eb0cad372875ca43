"""Set-ups shared by the reminders tests: a business with reminders on, and invoices due on chosen days."""

from __future__ import annotations

import datetime
from decimal import Decimal

from customers.models import Invoice
from reminders import services

from ..factories import BusinessFactory, CustomerFactory, InvoiceFactory

NOON = datetime.time(12)


def business_with_reminders(time_zone: str = "America/New_York", **fields):
    """A business whose reminders are on, with the default schedule (-3, 7, 30, 60, 90 days)."""
    business = BusinessFactory(time_zone=time_zone, **fields)
    settings = services.reminder_settings_for(business=business)
    services.reminder_settings_update(settings=settings, enabled=True)
    return business


def invoice_due(business, due_date: datetime.date, *, amount: str = "1000.00", customer=None, **fields) -> Invoice:
    customer = customer or CustomerFactory(business=business)
    return InvoiceFactory(
        business=business,
        customer=customer,
        issue_date=due_date - datetime.timedelta(days=30),
        due_date=due_date,
        amount=Decimal(amount),
        **fields,
    )


def at(day: datetime.date, time: datetime.time = NOON, zone: datetime.tzinfo = datetime.UTC) -> datetime.datetime:
    """An aware moment (UTC unless said) on ``day``."""
    return datetime.datetime.combine(day, time, zone)
