"""Set-based reads over time: any period's totals per customer, totals by month, lateness per invoice.

The standard evaluation (``figures.customer_figures``) answers for the
standard periods; the owner's dashboard and reports also need a chosen
period and the one before it, money by month for charts, and every
invoice's days late. Each function is a fixed number of grouped queries,
whatever the number of customers; ``customer_id`` narrows one to a customer.
Interactions are placed in periods and months by the business's local time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth

from accounts.models import Business
from customers.models import CostEntry, Interaction, Invoice, Payment

from ..periods import Period, add_months, month_from_index, month_index
from .filters import CENT, MONEY, ZERO, day_q, instant_q, scoped


def _grouped(queryset, group_by: str, aggregates: dict) -> dict[int, dict]:
    return {row[group_by]: row for row in queryset.values(group_by).annotate(**aggregates).order_by()}


@dataclass(frozen=True)
class MonthTotals:
    month: datetime.date  # the first day of the month
    revenue: Decimal  # invoiced in the month
    cost_to_serve: Decimal  # staff time, direct costs and concessions in the month
    # The days of the month inside the period: a period that starts on the 24th
    # covers a sliver of its first month, and today's month is not over yet.
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None

    @property
    def profit(self) -> Decimal:
        return self.revenue - self.cost_to_serve

    @property
    def is_partial(self) -> bool:
        """True when the period covers only some days of this month."""
        month_end = add_months(self.month, 1) - datetime.timedelta(days=1)
        return (self.first_day or self.month) > self.month or (self.last_day or month_end) < month_end


def monthly_totals(business: Business, *, period: Period, customer_id: int | None = None) -> list[MonthTotals]:
    """Revenue and cost to serve for each calendar month of ``period``, oldest first (three queries).

    Months without records are included as zeros; for a period without a
    start (the whole relationship) the months begin with the first record.
    """
    tz = ZoneInfo(business.time_zone)
    revenue = {
        row["month"]: row["total"]
        for row in scoped(Invoice.objects.all(), business, customer_id)
        .filter(day_q("issue_date", period))
        .annotate(month=TruncMonth("issue_date"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    minute_cost = ExpressionWrapper(F("duration_minutes") * F("hourly_cost"), output_field=MONEY)
    staff = {
        row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row["total"] / 60
        for row in scoped(Interaction.objects.all(), business, customer_id)
        .filter(instant_q(period, tz))
        .annotate(month=TruncMonth("occurred_at", tzinfo=tz))
        .values("month")
        .annotate(total=Sum(minute_cost))
        .order_by()
    }
    other = {
        row["month"]: row["total"]
        for row in scoped(CostEntry.objects.all(), business, customer_id)
        .filter(day_q("date", period))
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    seen = set(revenue) | set(staff) | set(other)
    if period.start is not None:
        first = month_index(period.start)
    elif seen:
        first = min(month_index(m) for m in seen)
    else:
        return []
    return [
        MonthTotals(
            month=month,
            revenue=revenue.get(month, ZERO),
            cost_to_serve=(staff.get(month, ZERO)).quantize(CENT) + other.get(month, ZERO),
            first_day=max(month, period.start) if period.start is not None else month,
            last_day=min(add_months(month, 1) - datetime.timedelta(days=1), period.end),
        )
        for month in (month_from_index(i) for i in range(first, month_index(period.end) + 1))
    ]


@dataclass(frozen=True)
class InvoiceLateness:
    invoice_id: int
    number: str
    due_date: datetime.date
    amount: Decimal
    days_late: int  # by the payment in full, or by today while unpaid
    paid: bool
    trend: Decimal | None  # the customer's trend line at this invoice's due month, when there is one


def invoice_lateness(
    business: Business,
    customer_id: int,
    *,
    today: datetime.date,
    period: Period,
    trend: tuple[Decimal | None, Decimal | None] = (None, None),
) -> list[InvoiceLateness]:
    """Each invoice that fell due in ``period`` (up to today) with its days late, oldest first (one query).

    ``trend`` is the (slope, intercept) of the customer's days-late line
    against the month index (``rules.PaymentFigures``); given both, each invoice
    carries the line's value at its due month, so a chart can show the pace.
    """
    rows = (
        Invoice.objects.filter(business_id=business.pk, customer_id=customer_id, due_date__lte=today)
        .filter(day_q("due_date", period))
        .with_days_late(today)
        .order_by("due_date", "id")
        .values_list("pk", "number", "due_date", "amount", "days_late", "paid_in_full_on")
    )
    slope, intercept = trend
    return [
        InvoiceLateness(
            invoice_id=pk,
            number=number,
            due_date=due,
            amount=amount,
            days_late=late,
            paid=paid_on is not None,
            trend=(intercept + slope * month_index(due)).quantize(Decimal("0.1"))
            if slope is not None and intercept is not None
            else None,
        )
        for pk, number, due, amount, late, paid_on in rows
    ]


def overdue_balance(business: Business, *, as_of: datetime.date) -> Decimal:
    """Everything owed after its due date on ``as_of``, all customers together (two queries).

    The total of ``receivables_aging``'s past-due buckets, without the
    per-customer breakdown: for comparing with an earlier date.
    """
    open_then = Invoice.objects.filter(business_id=business.pk, issue_date__lte=as_of, due_date__lt=as_of).filter(
        Q(paid_in_full_on__isnull=True) | Q(paid_in_full_on__gt=as_of)
    )
    owed = open_then.aggregate(total=Sum("amount", default=ZERO))["total"]
    paid = Payment.objects.filter(
        business_id=business.pk, date__lte=as_of, invoice__in=open_then.values("pk")
    ).aggregate(total=Sum("amount", default=ZERO))["total"]
    return owed - paid
