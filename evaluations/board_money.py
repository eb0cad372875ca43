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

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum

from accounts.models import Business

from .models import Standing, StandingMonthSum, StandingPeriodSum
from .periods import Period, add_months, month_from_index, month_index, month_start, standing_periods
from .receivables import AgingBuckets, CustomerAging, ReceivablesAging
from .selectors import stored
from .selectors.filters import CENT, ZERO
from .selectors.history import MonthTotals, monthly_totals, overdue_balance

OWED = {name: f"owed_{name}" for name in stored.AGING_FIELDS}


def monthly_money(business: Business, *, period: Period, today: datetime.date) -> list[MonthTotals]:
    """``services.monthly_totals`` for the business from the stored months' sums (one query, a few rows).

    ``period`` must end today and start on a 1st, have no start, or have the
    days of a standing period (the last 3 or 12 months): its first month is then
    partial, and worked out as the period's sums less the months after it
    (``StandingPeriodSum``), so the months add up to the period exactly. Any
    other period is read from the records.
    """
    partial = period.start is not None and period.start.day != 1
    # The standing period with the same days (the dashboard names its choice its own way).
    kept = next((key for key, p in standing_periods(today).items() if (p.start, p.end) == (period.start, today)), None)
    if period.end != today or (partial and kept is None):
        return monthly_totals(business, period=period)
    first_month = None if period.start is None else month_start(period.start)
    months, period_sums = StandingMonthSum._meta.db_table, StandingPeriodSum._meta.db_table
    params: dict = {"business": business.pk, "first": first_month, "period": kept}
    # The customers' months, summed as they change (a month whose rows have all gone since the last fold: none).
    sql = (
        f"SELECT starts, SUM(revenue), SUM(staff_minute_cost), SUM(other_costs) FROM {months}"  # noqa: S608
        " WHERE business_id = %(business)s AND (%(first)s::date IS NULL OR starts >= %(first)s::date)"
        " GROUP BY starts HAVING SUM(slices) <> 0"
    )
    if partial:
        sql += (
            f" UNION ALL SELECT NULL, SUM(revenue), SUM(staff_minute_cost), SUM(direct_costs + concessions)"  # noqa: S608
            f" FROM {period_sums} WHERE business_id = %(business)s AND period = %(period)s"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    sums = {starts: (revenue, minute_cost, other) for starts, revenue, minute_cost, other in rows if starts is not None}
    if partial:
        assert first_month is not None  # a partial period has a start
        total = next((row[1:] for row in rows if row[0] is None), (None, None, None))
        later = [row for month, row in sums.items() if month != first_month]
        sums[first_month] = tuple(
            (whole or ZERO) - sum((row[i] for row in later), ZERO) for i, whole in enumerate(total)
        )  # type: ignore[assignment]
    if period.start is not None:
        first = month_index(period.start)
    elif sums:
        first = min(month_index(m) for m in sums)
    else:
        return []
    result = []
    for month in (month_from_index(i) for i in range(first, month_index(period.end) + 1)):
        revenue, minute_cost, other = sums.get(month, (ZERO, ZERO, ZERO))
        staff = (minute_cost / 60).quantize(CENT)
        result.append(
            MonthTotals(
                month=month,
                revenue=revenue,
                cost_to_serve=staff + other,
                first_day=max(month, period.start) if period.start is not None else month,
                last_day=min(add_months(month, 1) - datetime.timedelta(days=1), period.end),
            )
        )
    return result


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
