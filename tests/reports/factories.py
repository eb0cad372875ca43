"""Helpers for report tests: invoices a given number of days past due, paid or not."""

from __future__ import annotations

import datetime
from decimal import Decimal

from customers.models import Customer, Invoice
from customers.services import payment_record

from ..factories import InvoiceFactory


def invoice_days_past_due(
    customer: Customer, *, today: datetime.date, days: int, amount: str = "100.00", terms: int = 30
) -> Invoice:
    """An invoice whose due date is ``days`` before ``today`` (negative: due in the future)."""
    due = today - datetime.timedelta(days=days)
    return InvoiceFactory(
        customer=customer, issue_date=due - datetime.timedelta(days=terms), due_date=due, amount=Decimal(amount)
    )


def pay(invoice: Invoice, amount: str, on: datetime.date) -> Invoice:
    """Record a payment through the service, so the invoice's paid fields stay in step."""
    payment_record(invoice=invoice, date=on, amount=Decimal(amount))
    invoice.refresh_from_db()
    return invoice
