# ruff: noqa: S608  (the SQL is assembled from constant fragments; every value is a bound parameter)
"""A whole business's records summed once per customer and slice, for a refresh of every standing.

A slice runs from one cut to the next: every 1st of a month, plus the first
day of every standing period (``periods.standing_periods``: the last and
previous 3 and 12 months start mid-month). Each standing period is then a
whole number of slices, so its money and the rules' counts over the last 3
or 12 months are sums of slices, and the stored month slices
(``StandingMonth``) are slices grouped again. The records are read once: one
grouped scan per table into a temporary table (a row per customer, slice and
table), instead of ``customer_figures`` and ``stored.month_slices_sql`` each
scanning every interaction.

Records are put in their slice with ``width_bucket`` over the cut days (or
the instants of their local midnights, for interactions): no per-row time
zone conversion. The definitions are those of ``figures`` (periods by date,
interactions by the instants of local midnights) and ``stored`` (slices).
``standings_verify`` holds the result against ``customer_figures``.
"""

from __future__ import annotations

import datetime
from collections import namedtuple
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection

from accounts.bounds import EARLIEST_DATE
from accounts.models import Business
from customers.models import CostEntry

from ..periods import TRAILING_3, TRAILING_12, Period, add_months, local_midnight, month_start
from . import stored
from .figures import _Rows

# Temporary tables, dropped at the end of the refresh (or of its transaction).
TABLE, SEGMENTS, CUSTOMER_SUMS = "standing_slices", "standing_segments", "standing_customer_sums"
FRESH = "standing_fresh_rows"

# The temporary table's sums, and what each record table puts in them (the rest are 0).
COUNTS = (
    "records",  # invoices, interactions and cost entries (a slice with only payments has no month row)
    "minutes",
    "outside_minutes",
    "angry",
    "outside_requests",
    "dishonest",
    "discount_requests",
    "disputes",
    "threats",
    "public_complaints",
    "complaints",
    "abuse",
)
MONEY = ("revenue", "cash", "minute_cost", "outside_cost", "direct", "concessions")
_PARTS = {
    "invoice": {"records": "COUNT(*)", "revenue": "SUM(amount)"},
    "payment": {"cash": "SUM(p.amount)"},
    "interaction": {
        "records": "COUNT(*)",
        "minutes": "SUM(duration_minutes)",
        "minute_cost": "SUM(duration_minutes * hourly_cost)",
        "outside_minutes": "SUM(duration_minutes) FILTER (WHERE NOT in_scope)",
        "outside_cost": "SUM(duration_minutes * hourly_cost) FILTER (WHERE NOT in_scope)",
        "angry": "COUNT(*) FILTER (WHERE angry_when_refused)",
        "outside_requests": "COUNT(*) FILTER (WHERE NOT in_scope OR out_of_scope_request)",
        "dishonest": "COUNT(*) FILTER (WHERE dishonest)",
        "discount_requests": "COUNT(*) FILTER (WHERE asked_discount)",
        "disputes": "COUNT(*) FILTER (WHERE disputed_invoice)",
        "threats": "COUNT(*) FILTER (WHERE threatened_review)",
        "public_complaints": "COUNT(*) FILTER (WHERE public_complaint)",
        "complaints": "COUNT(*) FILTER (WHERE complained)",
        "abuse": "COUNT(*) FILTER (WHERE abusive)",
    },
    "cost": {
        "records": "COUNT(*)",
        "direct": "SUM(amount) FILTER (WHERE NOT kind = ANY(%(concessions)s))",
        "concessions": "SUM(amount) FILTER (WHERE kind = ANY(%(concessions)s))",
    },
}
_FROM = {
    "invoice": (
        "customer_id",
        "issue_date",
        "customers_invoice WHERE business_id = %(business)s AND issue_date <= %(today)s",
    ),
    "payment": (
        "i.customer_id",
        "p.date",
        "customers_payment p JOIN customers_invoice i ON i.id = p.invoice_id"
        " WHERE p.business_id = %(business)s AND p.date <= %(today)s",
    ),
    "interaction": (
        "customer_id",
        "occurred_at",
        "customers_interaction WHERE business_id = %(business)s AND occurred_at < %(until)s",
    ),
    "cost": ("customer_id", "date", "customers_costentry WHERE business_id = %(business)s AND date <= %(today)s"),
}


def _type(column: str) -> str:
    """Counts as ``integer``: PostgreSQL sums integers in 64 bits, but bigints (what COUNT and SUM give) as numeric.

    A slice's or segment's count of records or minutes is far below 2^31 (an overflow is an error, not a wrong sum).
    """
    return "::integer" if column in COUNTS else "::numeric"


def cut_days(today: datetime.date, periods: dict[str, Period]) -> list[datetime.date]:
    """Every slice's first day up to today: the 1sts since the earliest date a record may carry, and period starts.

    Raises ``ValueError`` if a period would not be a whole number of slices
    (its day after the end neither today's tomorrow nor a cut): sums would be wrong.
    """
    cuts = {add_months(month_start(EARLIEST_DATE), n) for n in range(_months_between(EARLIEST_DATE, today) + 1)}
    cuts |= {p.start for p in periods.values() if p.start is not None}
    for period in periods.values():
        after = period.end + datetime.timedelta(days=1)
        if period.end != today and after not in cuts:
            raise ValueError(f"{period.key} ends on {period.end}, inside a slice")
    return sorted(cut for cut in cuts if cut <= today)


def _months_between(first: datetime.date, last: datetime.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def build(business: Business, *, today: datetime.date, periods: dict[str, Period]) -> None:
    """Create the temporary table ``standing_slices`` (customer_id, starts, sums) for the business, up to today.

    Dropped with ``drop``; within the caller's transaction.
    """
    tz = ZoneInfo(business.time_zone)
    cuts = cut_days(today, periods)
    params: dict[str, Any] = {
        "business": business.pk,
        "today": today,
        "until": local_midnight(today + datetime.timedelta(days=1), tz),
        "cuts": cuts,
        "instants": [local_midnight(cut, tz) for cut in cuts],
        "concessions": list(CostEntry.CONCESSIONS),
    }
    columns = (*COUNTS, *MONEY)
    parts = []
    for name, given in _PARTS.items():
        customer, when, source = _FROM[name]
        edges = "%(instants)s::timestamptz[]" if name == "interaction" else "%(cuts)s::date[]"
        sums = ", ".join(
            f"COALESCE({given[c]}, 0){_type(c)} AS {c}" if c in given else f"0{_type(c)} AS {c}" for c in columns
        )
        slice_ = f"width_bucket({when}, {edges}) AS slice"
        parts.append(f"SELECT {customer} AS customer_id, {slice_}, {sums} FROM {source} GROUP BY 1, 2")
    union = "\n UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TABLE IF EXISTS {TABLE}, {SEGMENTS}, {CUSTOMER_SUMS}"
        )  # an earlier refresh in this transaction
        # Not grouped again by slice: a slice of a customer has up to four rows (one per table), which
        # every reader sums anyway; grouping ~750,000 wide rows here would cost more than it saves.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {TABLE} ON COMMIT DROP AS"
            f" SELECT customer_id, (%(cuts)s::date[])[slice] AS starts, {', '.join(columns)} FROM ({union}) AS parts",
            params,
        )


def drop() -> None:
    """Drop the temporary tables (``build`` and ``sum_customers``)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}, {SEGMENTS}, {CUSTOMER_SUMS}")


# The figures' column names (``figures._interaction_query``, ``_cost_query``, ``_cash_query``), from slice sums.
_PERIOD_SUMS = ("revenue", "cash", "minutes", "minute_cost", "direct", "concessions")
_SIGNALS = {
    "outside_minutes_3": ("outside_minutes", TRAILING_3),
    "outside_cost_3": ("outside_cost", TRAILING_3),
    "outside_cost_12": ("outside_cost", TRAILING_12),
    "angry_3": ("angry", TRAILING_3),
    "outside_requests_3": ("outside_requests", TRAILING_3),
    "dishonest_12": ("dishonest", TRAILING_12),
    "discount_requests": ("discount_requests", TRAILING_12),
    "disputes": ("disputes", TRAILING_12),
    "threats": ("threats", TRAILING_12),
    "public_complaints": ("public_complaints", TRAILING_12),
    "complaints": ("complaints", TRAILING_12),
    "abuse": ("abuse", TRAILING_12),
}
_row_type: Callable[..., Any] = namedtuple


def _names(periods: dict[str, Period]) -> list[str]:
    return [*(f"{key}__{name}" for key in periods for name in _PERIOD_SUMS), *_SIGNALS]


def sum_customers(periods: dict[str, Period]) -> None:
    """Create ``standing_customer_sums``: per customer, each period's sums and the rules' counts (``build``'s table).

    Two steps, so that no query filters every slice row once per period: the
    slices are first summed per segment (the days between two consecutive
    period edges; every period is a run of segments), then the segments per period.
    """
    edges = sorted({p.start for p in periods.values() if p.start is not None})

    def segments(period: Period) -> str:
        first = 0 if period.start is None else edges.index(period.start) + 1
        after = period.end + datetime.timedelta(days=1)
        last = edges.index(after) if after in edges else len(edges)  # ends today: to the last segment
        return f"segment BETWEEN {first} AND {last}"

    sums = sorted({*_PERIOD_SUMS, *(column for column, _ in _SIGNALS.values())})
    selects = [f"COALESCE(SUM({n}) FILTER (WHERE {segments(p)}), 0)" for p in periods.values() for n in _PERIOD_SUMS]
    selects += [
        f"COALESCE(SUM({column}) FILTER (WHERE {segments(periods[key])}), 0)" for column, key in _SIGNALS.values()
    ]
    columns = ", ".join(f"{select} AS {name}" for select, name in zip(selects, _names(periods), strict=True))
    totals = ", ".join(f"SUM({n}){_type(n)} AS {n}" for n in sums)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {SEGMENTS} ON COMMIT DROP AS SELECT customer_id,"
            f" width_bucket(starts, %(edges)s::date[]) AS segment, {totals}"
            f" FROM {TABLE} GROUP BY 1, 2",
            {"edges": edges},
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE {CUSTOMER_SUMS} ON COMMIT DROP AS"
            f" SELECT customer_id, {columns} FROM {SEGMENTS} GROUP BY 1"
        )


def figure_rows(periods: dict[str, Period]) -> _Rows:
    """Per customer, the period sums and the counts of the last 3 and 12 months the rules read (``sum_customers``).

    Named as ``customer_figures``' interaction, cost and payment queries name them, so one row stands for all three.
    """
    names = _names(periods)
    row = _row_type("Row", ["customer_id", *names])
    empty = row._make([None, *(0 if _is_count(n) else Decimal(0) for n in names)])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT customer_id, {', '.join(names)} FROM {CUSTOMER_SUMS}")
        return _Rows({values[0]: row._make(values) for values in cursor.fetchall()}, empty)


def _is_count(name: str) -> bool:
    column = _SIGNALS[name][0] if name in _SIGNALS else name.partition("__")[2]
    return column in COUNTS or column == "minutes"


def _half_even(numerator: str, denominator: str) -> str:
    """``numerator / denominator`` rounded to a whole number half to even, as ``Decimal.quantize`` does.

    Both are integers (amounts in cents scaled up) and the denominator is positive.
    PostgreSQL's ``round`` rounds halves away from zero, so it would differ on exact halves.
    """
    whole, rest = f"div(abs({numerator}), {denominator})", f"2 * mod(abs({numerator}), {denominator})"
    return (
        f"(sign({numerator}) * ({whole} + CASE WHEN {rest} > {denominator} THEN 1"
        f" WHEN {rest} = {denominator} THEN mod({whole}, 2) ELSE 0 END))"
    )


def _replace_changed(
    business: Business,
    *,
    table: str,
    columns: tuple[str, ...],
    key: tuple[str, ...],
    rows: str,
    params: dict,
    nullable: tuple[str, ...] = (),
) -> None:
    """Make the business's rows of ``table`` what ``rows`` selects (``columns`` but business_id); write only changes.

    A stored row equal to its fresh one is left alone; the rest are deleted and
    the missing ones inserted. A nightly refresh moves the periods by one day,
    and new thresholds change no money at all, so most rows stay as they are:
    cheaper than deleting and inserting them again (each insert is checked by
    the foreign key and entered in every index), and no dead rows for vacuum.
    """
    names = [c for c in columns if c != "business_id"]
    # Equalities the planner can hash (a nested loop over two 200,000-row tables would take minutes);
    # IS NOT DISTINCT FROM only for the columns that may be NULL.
    same = " AND ".join(f"n.{c} IS NOT DISTINCT FROM t.{c}" if c in nullable else f"n.{c} = t.{c}" for c in names)
    same_key = " AND ".join(f"n.{c} = t.{c}" for c in key)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FRESH}")
        cursor.execute(f"CREATE TEMPORARY TABLE {FRESH} ON COMMIT DROP AS {rows}", {"business": business.pk, **params})
        cursor.execute(f"ANALYZE {FRESH}")  # a temporary table has no statistics until analysed
        cursor.execute(
            f"DELETE FROM {table} t WHERE t.business_id = %(business)s"
            f" AND NOT EXISTS (SELECT FROM {FRESH} n WHERE {same})",
            {"business": business.pk},
        )
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT %(business)s, {', '.join(names)} FROM {FRESH} n"
            f" WHERE NOT EXISTS (SELECT FROM {table} t WHERE t.business_id = %(business)s AND {same_key})",
            {"business": business.pk},
        )
        cursor.execute(f"DROP TABLE {FRESH}")


def store_periods(business: Business, *, table: str, columns: tuple[str, ...], periods: dict[str, Period]) -> None:
    """Store every customer's row per period in ``table`` (``StandingPeriod``), as ``rules.profitability`` works it out.

    From ``sum_customers``' table. Staff cost is minute cost / 60 to the cent, margin
    profit / revenue to six places, both rounded half to even.
    """
    values = ", ".join(
        f"('{key}', {', '.join(f'COALESCE(t.{key}__{name}, 0)' for name in _PERIOD_SUMS)})" for key in periods
    )
    staff_cost = f"({_half_even('s.minute_cost * 100', '60')} / 100)::numeric(14, 2)"
    cost = f"({staff_cost} + s.direct + s.concessions)"
    margin = (
        f"CASE WHEN s.revenue <> 0 THEN"
        f" ({_half_even(f'(s.revenue - {cost}) * 100000000 * sign(s.revenue)', 'abs(s.revenue * 100)')} / 1000000)"
        f"::numeric(20, 6) END"
    )
    rows = f"""
        SELECT c.id AS customer_id, s.key AS period, s.revenue AS revenue, s.cash AS cash_collected,
               s.minutes AS staff_minutes, {staff_cost} AS staff_cost, s.direct AS direct_costs,
               s.concessions AS concessions, {cost} AS cost_to_serve, s.revenue - {cost} AS profit, {margin} AS margin
        FROM customers_customer c
        LEFT JOIN {CUSTOMER_SUMS} t ON t.customer_id = c.id
        CROSS JOIN LATERAL (VALUES {values}) AS s(key, {", ".join(_PERIOD_SUMS)})
        WHERE c.business_id = %(business)s
    """
    _replace_changed(
        business,
        table=table,
        columns=columns,
        key=("customer_id", "period"),
        rows=rows,
        params={},
        nullable=("margin",),
    )


def store_months(business: Business, *, table: str, today: datetime.date) -> None:
    """Store the month slices (``stored.MONTH_COLUMNS``) in ``table``: ``build``'s, regrouped by ``stored``'s cuts."""
    cut_3, cut_12 = stored.slice_starts(today)
    rows = f"""
        SELECT customer_id, {stored.slice_of("starts")} AS starts, SUM(revenue) AS revenue,
               SUM(minutes) AS staff_minutes, SUM(minute_cost) AS staff_minute_cost,
               SUM(direct) + SUM(concessions) AS other_costs
        FROM {TABLE}
        GROUP BY 1, 2
        HAVING SUM(records) > 0
    """
    cuts = {"cut_3": cut_3, "cut_12": cut_12}
    key = ("customer_id", "starts")
    _replace_changed(business, table=table, columns=stored.MONTH_COLUMNS, key=key, rows=rows, params=cuts)
