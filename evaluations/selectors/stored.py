# ruff: noqa: S608  (the SQL is assembled from constant fragments; every value is a bound parameter)
"""The figures a standing keeps beside its evaluation: money by month, and who owes what.

Both are plain parameterised SQL over a business's records, grouped by
customer (one statement each, any number of customers), so that a whole
business's refresh is set-based: ``evaluations.standings`` inserts the month
months with ``INSERT ... SELECT`` straight from ``month_slices_sql`` and copies
the receivables with the standing rows.

Definitions are those of the live reads they stand in for:
``history.monthly_totals`` (months by the business's local time, every cost
entry, staff time as minutes x hourly cost) and ``receivables.receivables_aging``
/ ``history.overdue_balance`` (an invoice is open on a date when issued by then
and not paid in full by then; its balance is its amount less the payments
dated by then). Tests hold the stored figures against those reads.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection

from accounts.models import Business

from ..periods import add_months, local_midnight

ZERO = Decimal("0.00")
# Receivables columns in the standing, in the order ``receivables`` gives them.
AGING_FIELDS = ("current", "days_1_30", "days_31_60", "days_61_90", "days_91_120", "over_120")
RECEIVABLE_COLUMNS = (
    *(f"owed_{name}" for name in AGING_FIELDS),
    "open_invoices",
    "overdue_3_months_ago",
    "overdue_12_months_ago",
)
NO_RECEIVABLES = (ZERO,) * len(AGING_FIELDS) + (0, ZERO, ZERO)
MONTH_COLUMNS = ("business_id", "customer_id", "starts", "revenue", "staff_minutes", "staff_minute_cost", "other_costs")


def months_ago(today: datetime.date) -> dict[str, datetime.date]:
    """The days the standing keeps an overdue balance for: the ends of the periods before."""
    return {"3_months_ago": add_months(today, -3), "12_months_ago": add_months(today, -12)}


def month_of(day: str) -> str:
    """SQL for the 1st of ``day``'s month, by date arithmetic: date_trunc() would turn every date into a timestamp."""
    return f"({day} - (EXTRACT(DAY FROM {day})::integer - 1))"


def _only(customer_ids: Sequence[int] | None, column: str = "customer_id") -> str:
    return "" if customer_ids is None else f" AND {column} = ANY(%(customers)s::bigint[])"


def month_slices_sql(
    business: Business,
    today: datetime.date,
    customer_ids: Sequence[int] | None,
    *,
    within: Sequence[tuple[datetime.date, datetime.date]] = (),
    condition: str = "",
) -> tuple[str, dict]:
    """A SELECT of ``MONTH_COLUMNS``: each customer's money per month up to today (months with records).

    ``within``: only the records of these days (first, last), as parameters
    ``w{n}_first`` and ``w{n}_last``; ``condition``: a further condition on ``customer_id``.
    """
    local_day = "(occurred_at AT TIME ZONE %(tz)s)::date"
    tz = ZoneInfo(business.time_zone)
    params = {
        "until": local_midnight(today + datetime.timedelta(days=1), tz),
        "business": business.pk,
        "today": today,
        "tz": business.time_zone,
        "customers": list(customer_ids or []),
    }
    only = _only(customer_ids) + condition
    dated = {"issue_date": only, "occurred_at": only, "date": only}
    if within:
        for n, (first, last) in enumerate(within):
            params[f"w{n}_first"], params[f"w{n}_last"] = first, last
            params[f"w{n}_from"] = local_midnight(first, tz)
            params[f"w{n}_until"] = local_midnight(last + datetime.timedelta(days=1), tz)
        for column in ("issue_date", "date"):
            days = " OR ".join(f"{column} BETWEEN %(w{n}_first)s AND %(w{n}_last)s" for n in range(len(within)))
            dated[column] = f"{only} AND ({days})"
        instants = " OR ".join(
            f"occurred_at >= %(w{n}_from)s AND occurred_at < %(w{n}_until)s" for n in range(len(within))
        )
        dated["occurred_at"] = f"{only} AND ({instants})"
    calls = dated["occurred_at"]
    sql = f"""
        SELECT %(business)s, customer_id, starts, SUM(revenue), SUM(minutes), SUM(minute_cost), SUM(other)
        FROM (
            SELECT customer_id, {month_of("issue_date")} AS starts, SUM(amount) AS revenue,
                   0 AS minutes, 0 AS minute_cost, 0 AS other
            FROM customers_invoice WHERE business_id = %(business)s AND issue_date <= %(today)s{dated["issue_date"]}
            GROUP BY 1, 2
            UNION ALL
            SELECT customer_id, {month_of("day")}, 0, SUM(duration_minutes), SUM(minute_cost), 0
            FROM (
                SELECT customer_id, {local_day} AS day, duration_minutes, duration_minutes * hourly_cost AS minute_cost
                FROM customers_interaction WHERE business_id = %(business)s AND occurred_at < %(until)s{calls}
                OFFSET 0  -- keeps the subquery: each row's local day is worked out once, not once per use
            ) AS calls
            GROUP BY 1, 2
            UNION ALL
            SELECT customer_id, {month_of("date")}, 0, 0, 0, SUM(amount)
            FROM customers_costentry WHERE business_id = %(business)s AND date <= %(today)s{dated["date"]}
            GROUP BY 1, 2
        ) AS slices
        GROUP BY customer_id, starts
    """
    return sql, params


def month_slices(business: Business, today: datetime.date, customer_ids: Sequence[int] | None) -> list[tuple]:
    """The rows ``month_slices_sql`` selects (for comparing stored with fresh)."""
    sql, params = month_slices_sql(business, today, customer_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def receivables(business: Business, today: datetime.date, customer_ids: Sequence[int] | None) -> dict[int, tuple]:
    """Each customer's ``RECEIVABLE_COLUMNS`` (customers with no invoice open on any of the days are left out)."""
    days = months_ago(today)
    params: dict[str, Any] = {"business": business.pk, "today": today, **days, "customers": list(customer_ids or [])}
    buckets = []
    for name, first, last in (
        ("current", None, 0),
        ("days_1_30", 1, 30),
        ("days_31_60", 31, 60),
        ("days_61_90", 61, 90),
        ("days_91_120", 91, 120),
        ("over_120", 121, None),
    ):
        when = ["open_today"]
        if first is not None:
            when.append(f"due_date <= %(today)s - {first}")
        if last is not None:
            when.append(f"due_date >= %(today)s - {last}")
        buckets.append(f"COALESCE(SUM(amount - paid_today) FILTER (WHERE {' AND '.join(when)}), 0) AS {name}")
    overdue = [
        f"COALESCE(SUM(amount - paid_{key}) FILTER (WHERE open_{key} AND due_date < %({key})s), 0)" for key in days
    ]

    def open_on(day: str) -> str:
        return f"issue_date <= {day} AND (paid_in_full_on IS NULL OR paid_in_full_on > {day})"

    only = _only(customer_ids, "i.customer_id")
    paid = ", ".join(
        f"COALESCE(SUM(p.amount) FILTER (WHERE p.date <= %({key})s), 0) AS paid_{key}" for key in ("today", *days)
    )
    # Only the invoices open today or overdue on one of the earlier days count (a few thousand of a large
    # business's 200,000), each with its payments read by the invoice index. Of the earlier days only what was
    # overdue is kept, so an invoice still within its terms then (a monthly batch issued that day) is not read.
    read = [f"({open_on('%(today)s')})", *(f"({open_on(f'%({key})s')} AND due_date < %({key})s)" for key in days)]
    sql = f"""
        SELECT customer_id, {", ".join(buckets)}, COUNT(*) FILTER (WHERE open_today), {", ".join(overdue)}
        FROM (
            SELECT i.customer_id, i.amount, i.due_date, paid.*,
                   {open_on("%(today)s")} AS open_today,
                   {", ".join(f"{open_on(f'%({key})s')} AS open_{key}" for key in days)}
            FROM customers_invoice i
            CROSS JOIN LATERAL (SELECT {paid} FROM customers_payment p WHERE p.invoice_id = i.id) AS paid
            WHERE i.business_id = %(business)s
              AND ({" OR ".join(read)}){only}
        ) AS invoices
        GROUP BY customer_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
