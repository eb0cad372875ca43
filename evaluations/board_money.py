"""Reads over what standings keep beside the evaluation: money by month and who owes what.

The dashboard's profit-by-month chart, aging table and overdue headline, as
SQL aggregates over the stored rows (``StandingMonth`` and the receivables
columns of ``Standing``) instead of a business's records: a fixed number of
queries, each over one row per customer (or per customer and month). Call
``standings.standings_current`` first. The figures are those of the live
reads (``services.monthly_totals``, ``receivables.receivables_aging``,
``services.overdue_balance``), which these fall back to for a date or a period
the standings do not keep.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import overload

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from accounts.models import Business

from .models import Standing, StandingMonthSum
from .periods import Period, add_months, month_from_index, month_index
from .receivables import AgingBuckets, CustomerAging, ReceivablesAging
from .selectors import stored
from .selectors.filters import CENT, ZERO
from .selectors.history import MonthTotals, monthly_totals, overdue_balance

OWED = {name: f"owed_{name}" for name in stored.AGING_FIELDS}


def monthly_money(business: Business, *, period: Period, today: datetime.date) -> list[MonthTotals]:
    """``services.monthly_totals`` for the business from the stored slices' sums (one query, a few rows).

    ``period`` must end today and start on a slice's first day (the 1st, or the
    first day of the last 3 or 12 months), or have no start; any other period is
    read from the records.
    """
    cuts = stored.slice_starts(today)
    if period.end != today or not (period.start is None or period.start.day == 1 or period.start in cuts):
        return monthly_totals(business, period=period)
    rows = StandingMonthSum.objects.filter(business=business)  # the customers' slices, summed as they change
    if period.start is not None:
        rows = rows.filter(starts__gte=period.start)
    sums = {
        row["month"]: row
        for row in rows.annotate(month=TruncMonth("starts"))
        .values("month")
        .annotate(
            revenue=Sum("revenue"), minute_cost=Sum("staff_minute_cost"), other=Sum("other_costs"), n=Sum("slices")
        )
        .filter(n__gt=0)  # a month whose customer slices have all gone since the last fold
        .order_by()
    }
    if period.start is not None:
        first = month_index(period.start)
    elif sums:
        first = min(month_index(m) for m in sums)
    else:
        return []
    months = []
    for month in (month_from_index(i) for i in range(first, month_index(period.end) + 1)):
        row = sums.get(month)
        staff = (row["minute_cost"] / 60).quantize(CENT) if row else ZERO.quantize(CENT)
        months.append(
            MonthTotals(
                month=month,
                revenue=row["revenue"] if row else ZERO,
                cost_to_serve=staff + (row["other"] if row else ZERO),
                first_day=max(month, period.start) if period.start is not None else month,
                last_day=min(add_months(month, 1) - datetime.timedelta(days=1), period.end),
            )
        )
    return months


def overdue_on(business: Business, *, as_of: datetime.date, today: datetime.date) -> Decimal:
    """``services.overdue_balance`` on 3 or 12 months before today, from the standings (one query)."""
    column = {day: f"overdue_{key}" for key, day in stored.months_ago(today).items()}.get(as_of)
    if column is None:
        return overdue_balance(business, as_of=as_of)
    return Standing.objects.filter(business=business).aggregate(total=Sum(column, default=ZERO))["total"]


class _AgingRows(Sequence[CustomerAging]):
    """The customers who owe anything, most past due first, read a page at a time (a Paginator slices it)."""

    def __init__(self, rows: QuerySet, count: int) -> None:
        self._rows, self._count = rows, count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> CustomerAging: ...
    @overload
    def __getitem__(self, index: slice) -> list[CustomerAging]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_aging_row(s) for s in self._rows[index]]
        return _aging_row(self._rows[index])


def _aging_row(standing: Standing) -> CustomerAging:
    buckets = AgingBuckets(**{name: getattr(standing, column) for name, column in OWED.items()})
    return CustomerAging(standing.customer_id, standing.customer.name, standing.open_invoices, buckets)


@dataclass(frozen=True)
class Receivables:
    aging: ReceivablesAging  # on today
    overdue: dict[datetime.date, Decimal]  # the overdue balance 3 and 12 months before today


def receivables(business: Business, *, today: datetime.date) -> Receivables:
    """The aging on today and the overdue balances kept for earlier days: totals in one query, rows when read."""
    owing = Q(open_invoices__gt=0)
    earlier = {day: f"overdue_{key}" for key, day in stored.months_ago(today).items()}
    totals = Standing.objects.filter(business=business).aggregate(
        n=Count("pk", filter=owing),
        **{name: Sum(column, filter=owing, default=ZERO) for name, column in OWED.items()},
        **{column: Sum(column, default=ZERO) for column in earlier.values()},
    )
    overdue = {day: totals.pop(column) for day, column in earlier.items()}
    return Receivables(_aging(business, today, totals), overdue)


def aging(business: Business, *, today: datetime.date) -> ReceivablesAging:
    """``receivables_aging`` on today from the standings: totals and the count in one query, rows a page at a time."""
    return receivables(business, today=today).aging


def _aging(business: Business, today: datetime.date, totals: dict) -> ReceivablesAging:
    owing = Standing.objects.filter(business=business, open_invoices__gt=0)
    total = reduce(operator.add, (F(column) for column in OWED.values()))
    rows = (
        owing.select_related("customer")
        .annotate(owed=total, past_due=total - F(OWED["current"]))
        .order_by(F("past_due").desc(), F("owed").desc(), "customer__name", "customer_id")
        .only("customer_id", "customer__name", "open_invoices", *OWED.values())
    )
    return ReceivablesAging(
        as_of=today,
        customers=_AgingRows(rows, totals.pop("n")),
        totals=AgingBuckets(**totals),
    )
