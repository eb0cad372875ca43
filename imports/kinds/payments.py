"""Importing payments against invoices already in the business, with payment_record's rules.

``customers.services.payment_record`` refuses a payment above the open balance
and the database refuses one dated before its invoice; a file of payments is
checked against the same two rules, all at once, and the invoices' paid state is
recomputed the same way (``paid_state``).
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from customers.models import Invoice, Payment
from customers.services import paid_state

from .base import DUPLICATE, ERROR, NEW, UNCHANGED, Context, Plan, Record, RowErrors, RowResult, chunks

METHODS = {label.casefold(): value for value, label in Payment.Method.choices} | {
    value: value for value in Payment.Method.values
}


def plan(context: Context, records: list[Record]) -> Plan:
    numbers = sorted({r.get("invoice_number") for r in records if r.get("invoice_number")})
    invoices = {
        row["number"]: row
        for batch in chunks(numbers, 10000)
        for row in Invoice.objects.filter(business=context.business, number__in=batch).values(
            "id", "number", "issue_date", "amount", "amount_paid"
        )
    }
    recorded = Counter(
        Payment.objects.filter(business=context.business, invoice__number__in=numbers).values_list(
            "invoice_id", "date", "amount"
        )
    )
    open_balance = {row["id"]: row["amount"] - row["amount_paid"] for row in invoices.values()}
    seen: dict[tuple, int] = {}
    to_create: list[Payment] = []
    result = Plan()
    for number, record in enumerate(records):
        context.progress(number + 1, "Checking rows")
        errors = RowErrors(record)
        invoice_number = errors.required("invoice_number")
        date = errors.date("date", context)
        if not record.get("date"):
            errors.add("date", "is empty")
        amount = errors.amount("amount")
        if record.get("amount") == "":
            errors.add("amount", "is empty")
        invoice = invoices.get(invoice_number)
        if invoice_number and invoice is None:
            errors.add("invoice_number", f"there is no invoice {invoice_number} in this business")
        if amount is not None and amount <= 0:
            errors.add("amount", f"{amount} is not more than zero")
        if invoice and date and date < invoice["issue_date"]:
            errors.add("date", f"{date} is before the invoice's issue date {invoice['issue_date']}")
        summary = f"{amount} on {invoice_number}" if amount is not None else invoice_number
        if errors.messages:
            result.results.append(RowResult(record.row, ERROR, summary, errors=errors.messages))
            continue
        assert invoice is not None and date is not None and amount is not None  # a row without errors has them
        reference = record.get("reference")[:500]
        key = (invoice_number, date, amount, reference)
        if key in seen:
            result.results.append(RowResult(record.row, DUPLICATE, summary, note=f"same payment as row {seen[key]}"))
            continue
        seen[key] = record.row
        recorded_key = (invoice["id"], date, amount)
        if recorded[recorded_key] > 0:
            recorded[recorded_key] -= 1
            result.results.append(RowResult(record.row, UNCHANGED, summary, note="already recorded"))
            continue
        if amount > open_balance[invoice["id"]]:
            errors.add(
                "amount",
                f"{amount} is more than the open balance of {open_balance[invoice['id']]} on invoice {invoice_number}",
            )
            result.results.append(RowResult(record.row, ERROR, summary, errors=errors.messages))
            continue
        open_balance[invoice["id"]] -= amount
        method = METHODS.get(record.get("method").casefold(), Payment.Method.BANK_TRANSFER)
        to_create.append(
            Payment(
                business=context.business,
                invoice_id=invoice["id"],
                invoice_issue_date=invoice["issue_date"],
                date=date,
                amount=amount,
                method=method,
                note=reference,
                created_by=context.created_by,
            )
        )
        result.results.append(RowResult(record.row, NEW, summary))

    def apply() -> None:
        for batch in chunks(to_create):
            Payment.objects.bulk_create(batch)
        refresh_paid_state(context, {payment.invoice_id for payment in to_create})

    result.apply = apply
    return result


def refresh_paid_state(context: Context, invoice_ids: set[int]) -> None:
    """invoice_refresh_payments for many invoices at once: two queries and a bulk update."""
    if not invoice_ids:
        return
    payments: dict[int, list[tuple[datetime.date, Decimal]]] = {}
    for invoice_id, date, amount in Payment.objects.filter(
        business=context.business, invoice_id__in=invoice_ids
    ).values_list("invoice_id", "date", "amount"):
        payments.setdefault(invoice_id, []).append((date, amount))
    invoices = list(Invoice.objects.filter(business=context.business, pk__in=invoice_ids).order_by("pk"))
    now = timezone.now()
    for invoice in invoices:
        invoice.amount_paid, invoice.paid_in_full_on = paid_state(invoice.amount, payments.get(invoice.pk, []))
        invoice.updated_at = now
    Invoice.objects.bulk_update(invoices, ["amount_paid", "paid_in_full_on", "updated_at"], batch_size=2000)
