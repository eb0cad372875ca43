"""Importing invoices, one row per invoice or per line (lines grouped by invoice number).

The invoice number is unique per business, so a re-import finds its invoices
again and updates what changed. Customers not yet known are created.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from customers.models import Customer, Invoice, Payment
from customers.services import due_date_for, paid_state

from .base import DUPLICATE, ERROR, NEW, SKIP, UNCHANGED, UPDATE, Context, Plan, Record, RowErrors, RowResult, chunks
from .matching import CustomerIndex


def _group(records: list[Record]) -> list[list[Record]]:
    groups: dict[str, list[Record]] = {}
    loose: list[list[Record]] = []
    for record in records:
        number = record.get("number")
        if number:
            groups.setdefault(number, []).append(record)
        else:
            loose.append([record])
    return sorted([*groups.values(), *loose], key=lambda group: group[0].row)


def _amount(lines: list[Record], errors: RowErrors) -> Decimal | None:
    """The invoice total column when there is one, else the sum of the lines."""
    if lines[0].get("amount"):
        return errors.amount("amount")
    amount = Decimal("0")
    for line in lines:
        line_errors = RowErrors(line)
        line_amount = line_errors.amount("line_amount")
        if line_amount is None:
            quantity = line_errors.amount("quantity")
            unit = line_errors.amount("unit_amount")
            line_amount = quantity * unit if quantity is not None and unit is not None else None
        errors.messages += [m for m in line_errors.messages if m not in errors.messages]
        if line_amount is None:
            errors.add("amount", "no invoice total, line amount or quantity and unit price")
            return None
        amount += line_amount
    return amount.quantize(Decimal("0.01"))


def _paid_note(errors: RowErrors, amount: Decimal, current: dict | None) -> str:
    """What the file says was paid, when it differs from the payments recorded here.

    Payments are not invented from a total: their dates drive "pays late". The
    preview says so, and the payments file records them with their dates.
    """
    paid = errors.amount("amount_paid")
    due = errors.amount("amount_due")
    if paid is None and due is not None:
        paid = amount - due
    if paid is None:
        return ""
    recorded = current.get("amount_paid", Decimal("0.00")) if current else Decimal("0.00")
    if paid == recorded:
        return ""
    return f"the file says {paid} paid, {recorded} recorded here: import the payments to record them with their dates"


def plan(context: Context, records: list[Record]) -> Plan:
    index = CustomerIndex(context.business)
    numbers = {r.get("number") for r in records if r.get("number")}
    existing = {
        row["number"]: row
        for batch in chunks(sorted(numbers), 10000)
        for row in Invoice.objects.filter(business=context.business, number__in=batch).values(
            "id", "number", "customer_id", "issue_date", "due_date", "amount", "note", "amount_paid"
        )
    }
    new_customers: dict[str, Customer] = {}
    to_create: list[tuple[str | int, Invoice]] = []
    to_update: dict[int, dict] = {}
    result = Plan()
    done = 0
    for lines in _group(records):
        first = lines[0]
        errors = RowErrors(first)
        number = errors.required("number")
        name = errors.required("customer")
        kind = first.get("transaction_type")
        rows = f" ({len(lines)} lines)" if len(lines) > 1 else ""
        done += len(lines)
        context.progress(done, "Checking rows")
        if kind and kind.casefold() != "invoice":
            result.results.append(RowResult(first.row, SKIP, f"{kind} {number}", note="only invoices are imported"))
            continue
        issue = errors.date("issue_date", context)
        if first.get("issue_date") == "":
            errors.add("issue_date", "is empty")
        due = errors.date("due_date", context)
        amount = _amount(lines, errors)
        paid_note = _paid_note(errors, amount or Decimal("0"), existing.get(number))
        if len(number) > 50:
            errors.add("number", "is longer than 50 characters")
        if amount is not None and amount <= 0:
            errors.add("amount", f"{amount} is not more than zero")
        if issue and due and due < issue:
            errors.add("due_date", f"{due} is before the issue date {issue}")
        if errors.messages:
            result.results.append(RowResult(first.row, ERROR, f"{number}{rows}", errors=errors.messages))
            continue
        assert issue is not None and amount is not None  # a row without errors has both
        due = due or due_date_for(issue_date=issue, contract=None)
        note = first.get("description")[:500]
        match = index.find(external_id=first.get("customer_external_id"), email=first.get("customer_email"), name=name)
        who = f"{name} (matched by {match.matched_by})" if match else f"new customer {name}"
        customer_key: str | int  # a new customer's key until it is written, then its id
        if match is None:
            key = f"new-{len(new_customers)}"
            new_customers[key] = Customer(
                business=context.business,
                created_by=context.created_by,
                name=name[:200],
                email=first.get("customer_email")[:254],
                customer_since=issue,
            )
            index.add(key, {"name": name, "email": first.get("customer_email")})
            customer_key = key
        else:
            customer_key = match.customer_id
            if isinstance(customer_key, str):
                pending = new_customers[customer_key]
                pending.customer_since = min(pending.customer_since, issue)
        values = {"issue_date": issue, "due_date": due, "amount": amount, "note": note}
        summary = f"{number}{rows}: {amount} to {who}"
        current = existing.get(number)
        if current is None:
            existing[number] = {"id": None, "customer_key": customer_key, **values}
            to_create.append((customer_key, Invoice(business=context.business, number=number, **values)))
            result.results.append(RowResult(first.row, NEW, summary, note=paid_note))
        elif current["id"] is None:
            result.results.append(RowResult(first.row, DUPLICATE, summary, note="same invoice number as above"))
        else:
            changes = {k: v for k, v in values.items() if current[k] != v}
            if current["customer_id"] != customer_key:
                changes["customer_id"] = customer_key
            if changes:
                to_update[current["id"]] = changes
                what = ", ".join(k.replace("_id", "").replace("_", " ") for k in changes)
                note = "; ".join(filter(None, [f"changes {what}", paid_note]))
                result.results.append(RowResult(first.row, UPDATE, summary, note=note))
            else:
                result.results.append(RowResult(first.row, UNCHANGED, summary, note=paid_note))

    def apply() -> None:
        created = list(new_customers.items())
        for batch in chunks(created):
            Customer.objects.bulk_create([customer for _, customer in batch])
        ids = {key: customer.pk for key, customer in created}
        invoices = []
        for customer_key, invoice in to_create:
            invoice.customer_id = ids[customer_key] if isinstance(customer_key, str) else customer_key
            invoice.created_by = context.created_by
            invoices.append(invoice)
        for batch in chunks(invoices):
            Invoice.objects.bulk_create(batch)
        if to_update:
            _update(context, to_update, ids)

    result.apply = apply
    return result


def _update(context: Context, to_update: dict[int, dict], new_ids: dict[str, int]) -> None:
    """Apply changed invoices and recompute what their payments cover (set-based)."""
    invoices = list(Invoice.objects.filter(business=context.business, pk__in=to_update).order_by("pk"))
    payments: dict[int, list[tuple[datetime.date, Decimal]]] = {}
    for invoice_id, date, amount in Payment.objects.filter(
        business=context.business, invoice_id__in=to_update
    ).values_list("invoice_id", "date", "amount"):
        payments.setdefault(invoice_id, []).append((date, amount))
    now = timezone.now()
    for invoice in invoices:
        for name, value in to_update[invoice.pk].items():
            setattr(invoice, name, new_ids.get(value, value) if name == "customer_id" else value)
        invoice.amount_paid, invoice.paid_in_full_on = paid_state(invoice.amount, payments.get(invoice.pk, []))
        invoice.updated_at = now
    fields = ["customer_id", "issue_date", "due_date", "amount", "note", "amount_paid", "paid_in_full_on", "updated_at"]
    Invoice.objects.bulk_update(invoices, fields, batch_size=2000)
