"""Accounts-receivable aging: who owes what, and how long past the due date.

The open balance of an invoice on a date is its amount minus the payments
dated on or before that date, for invoices issued by then and not yet paid in
full by then. Each balance falls in one bucket by the days past its due date:
not yet due (0 days: due that very day counts as not yet late), 1-30, 31-60,
61-90, 91-120 and over 120 days. One SQL query gives every customer's buckets
(conditional aggregation), whatever the number of customers; the totals are
summed from those rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from accounts.models import Business
from customers.models import Invoice, Payment

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)

# Bucket field, label, and the (first, last) days past due it holds (None: open-ended).
BUCKETS: tuple[tuple[str, str, int | None, int | None], ...] = (
    ("current", "Not yet due", None, 0),
    ("days_1_30", "1–30 days late", 1, 30),
    ("days_31_60", "31–60 days late", 31, 60),
    ("days_61_90", "61–90 days late", 61, 90),
    ("days_91_120", "91–120 days late", 91, 120),
    ("over_120", "Over 120 days late", 121, None),
)


@dataclass(frozen=True)
class AgingBuckets:
    """Open balances by how late they are (Decimal, in the business's currency)."""

    current: Decimal = ZERO
    days_1_30: Decimal = ZERO
    days_31_60: Decimal = ZERO
    days_61_90: Decimal = ZERO
    days_91_120: Decimal = ZERO
    over_120: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum((getattr(self, f.name) for f in fields(self)), ZERO)

    @property
    def past_due(self) -> Decimal:
        """Everything owed after its due date (all buckets but "not yet due")."""
        return self.total - self.current

    def labelled(self) -> list[tuple[str, str, Decimal]]:
        """(field, label, amount) in bucket order, for tables and charts."""
        return [(name, label, getattr(self, name)) for name, label, _, _ in BUCKETS]

    def __add__(self, other: AgingBuckets) -> AgingBuckets:
        return AgingBuckets(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


@dataclass(frozen=True)
class CustomerAging:
    customer_id: int
    customer_name: str
    open_invoices: int
    buckets: AgingBuckets


@dataclass(frozen=True)
class ReceivablesAging:
    as_of: datetime.date
    customers: Sequence[CustomerAging]  # most past due first (the dashboard's: read a page at a time)
    totals: AgingBuckets


def _due_date_range(as_of: datetime.date, first: int | None, last: int | None) -> Q:
    """Invoices whose days past due (as_of - due_date) lie within [first, last]."""
    condition = Q()
    if first is not None:
        condition &= Q(due_date__lte=as_of - datetime.timedelta(days=first))
    if last is not None:
        condition &= Q(due_date__gte=as_of - datetime.timedelta(days=last))
    return condition


def receivables_aging(
    *, business: Business, as_of: datetime.date, customer_ids: list[int] | None = None
) -> ReceivablesAging:
    """Open balances per customer and in total, by days past due on ``as_of``.

    ``customer_ids`` narrows the report (for one customer's page); the query
    count stays one either way.
    """
    paid_by_then = (
        Payment.objects.filter(invoice=OuterRef("pk"), date__lte=as_of)
        .order_by()
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    invoices = (
        Invoice.objects.for_business(business)
        .filter(issue_date__lte=as_of)
        .filter(Q(paid_in_full_on__isnull=True) | Q(paid_in_full_on__gt=as_of))
        .annotate(open_balance=F("amount") - Coalesce(Subquery(paid_by_then, output_field=MONEY), Value(ZERO)))
    )
    if customer_ids is not None:
        invoices = invoices.filter(customer_id__in=customer_ids)
    sums = {
        name: Coalesce(Sum("open_balance", filter=_due_date_range(as_of, first, last)), Value(ZERO), output_field=MONEY)
        for name, _, first, last in BUCKETS
    }
    rows = (
        invoices.order_by()
        .values("customer_id", "customer__name")
        .annotate(open_invoices=Count("id"), **sums)
        .order_by("customer__name", "customer_id")
    )
    customers = [
        CustomerAging(
            customer_id=row["customer_id"],
            customer_name=row["customer__name"],
            open_invoices=row["open_invoices"],
            buckets=AgingBuckets(**{name: dict(row)[name] for name, *_ in BUCKETS}),
        )
        for row in rows
    ]
    customers.sort(key=lambda c: (-c.buckets.past_due, -c.buckets.total))
    totals = sum((c.buckets for c in customers), AgingBuckets())
    return ReceivablesAging(as_of=as_of, customers=customers, totals=totals)
