"""Writes for customer records. Views, the admin and the demo generator call these."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Business, Membership

from .models import Contract, Interaction, Invoice, Payment

DEFAULT_PAYMENT_TERMS_DAYS = 30


def due_date_for(*, issue_date: datetime.date, contract: Contract | None) -> datetime.date:
    """Due date = issue date + the contract's payment terms (30 days without a contract)."""
    terms = contract.payment_terms_days if contract is not None else DEFAULT_PAYMENT_TERMS_DAYS
    return issue_date + datetime.timedelta(days=terms)


def hourly_cost_of(*, business: Business, user) -> Decimal:
    """The loaded hourly cost of a person in a business, as of now."""
    membership = Membership.objects.filter(business=business, user=user).select_related("business").first()
    return membership.effective_hourly_cost if membership else business.default_hourly_cost


def paid_state(amount: Decimal, payments: list[tuple[datetime.date, Decimal]]) -> tuple[Decimal, datetime.date | None]:
    """Total paid, and the date the running total first covered the amount (None while short)."""
    running = Decimal("0")
    paid_on = None
    for date, paid in sorted(payments):
        running += paid
        if paid_on is None and running >= amount:
            paid_on = date
    return running, paid_on


def invoice_refresh_payments(invoice: Invoice) -> Invoice:
    """Recompute the invoice's derived payment fields from its payments."""
    payments = list(Payment.objects.filter(invoice=invoice).values_list("date", "amount"))
    invoice.amount_paid, invoice.paid_in_full_on = paid_state(invoice.amount, payments)
    invoice.save(update_fields=["amount_paid", "paid_in_full_on", "updated_at"])
    return invoice


@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    date: datetime.date,
    amount: Decimal,
    method: str = Payment.Method.BANK_TRANSFER,
    note: str = "",
    created_by=None,
) -> Payment:
    """Record a (possibly partial) payment; refuses more than the open balance."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if amount > invoice.balance:
        raise ValidationError(
            {"amount": f"This is more than the open balance of {invoice.balance} on invoice {invoice.number}."}
        )
    payment = Payment(
        business_id=invoice.business_id,
        invoice=invoice,
        invoice_issue_date=invoice.issue_date,
        date=date,
        amount=amount,
        method=method,
        note=note,
        created_by=created_by,
    )
    payment.full_clean()
    payment.save()
    invoice_refresh_payments(invoice)
    return payment


@transaction.atomic
def payment_delete(*, payment: Payment) -> None:
    invoice = payment.invoice
    payment.delete()
    invoice_refresh_payments(invoice)


def interaction_hourly_cost(interaction: Interaction) -> Decimal:
    """The cost to store on a new interaction: its handler's rate today."""
    return hourly_cost_of(business=interaction.business, user=interaction.handled_by)
