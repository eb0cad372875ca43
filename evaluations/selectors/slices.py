# ruff: noqa: S608  (the SQL is assembled from constant fragments; every value is a bound parameter)
"""A whole business's records summed once per customer and slice, and what a standing's period row sums.

``PARTS`` says what each record adds to each sum; ``period_values`` how a
period row's money is worked out from its sums, as ``rules.profitability``
does. Both serve every refresh: this module's, which reads every record once
(the first refresh, a gap of months, many changed customers), and ``moves``', which
reads only the days that moved or the customers named.

A slice runs from one cut to the next: every 1st of a month, plus the first
day of every standing period (``periods.standing_periods``: the last and
previous 3 and 12 months start mid-month). Each standing period is then a
whole number of slices, so its sums are sums of slices, and the customers'
months (``StandingMonth``) are slices grouped again. The records are read
once: one grouped scan per table into a temporary table (a row per customer,
slice and table). Records are put in their slice with ``width_bucket`` over
the cut days (or the instants of their local midnights, for interactions): no
per-row time zone conversion. ``standings_verify`` holds the result against
the records read per period and against ``customer_figures``.
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

from ..models import PERIOD_MONEY
from ..periods import TRAILING_3, TRAILING_12, Period, add_months, local_midnight, month_start
from . import stored
from .figures import _Rows

# Temporary tables, dropped at the end of the refresh (or of its transaction).
TABLE, SEGMENTS, CUSTOMER_SUMS = "standing_slices", "standing_segments", "standing_customer_sums"
FRESH, MOVED = "standing_fresh_rows", "standing_moved_days"

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
# What each record table adds to each sum: (the value summed, the rows it is summed over; None: all).
PARTS: dict[str, dict[str, tuple[str, str | None]]] = {
    "invoice": {"records": ("1", None), "revenue": ("amount", None)},
    "payment": {"cash": ("p.amount", None)},
    "interaction": {
        "records": ("1", None),
        "minutes": ("duration_minutes", None),
        "minute_cost": ("duration_minutes * hourly_cost", None),
        "outside_minutes": ("duration_minutes", "NOT in_scope"),
        "outside_cost": ("duration_minutes * hourly_cost", "NOT in_scope"),
        "angry": ("1", "angry_when_refused"),
        "outside_requests": ("1", "NOT in_scope OR out_of_scope_request"),
        "dishonest": ("1", "dishonest"),
        "discount_requests": ("1", "asked_discount"),
        "disputes": ("1", "disputed_invoice"),
        "threats": ("1", "threatened_review"),
        "public_complaints": ("1", "public_complaint"),
        "complaints": ("1", "complained"),
        "abuse": ("1", "abusive"),
    },
    "cost": {
        "records": ("1", None),
        "direct": ("amount", "NOT kind = ANY(%(concessions)s)"),
        "concessions": ("amount", "kind = ANY(%(concessions)s)"),
    },
}
# A standing period row's raw sums (``StandingPeriod``), named as the slices name them: every sum but ``records``.
TOTALS = tuple(c for c in (*COUNTS, *MONEY) if c != "records")
# The period row's column for each of them (the rest have the same name).
PERIOD_COLUMN = {
    "cash": "cash_collected",
    "minutes": "staff_minutes",
    "minute_cost": "staff_minute_cost",
    "direct": "direct_costs",
    "outside_cost": "outside_minute_cost",
}


def part_sum(part: tuple[str, str | None], sign: str = "") -> str:
    value, rows = part
    return f"SUM({sign}{value})" + (f" FILTER (WHERE {rows})" if rows else "")


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


def sql_type(column: str) -> str:
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
    for name, given in PARTS.items():
        customer, when, source = _FROM[name]
        edges = "%(instants)s::timestamptz[]" if name == "interaction" else "%(cuts)s::date[]"
        sums = ", ".join(
            f"COALESCE({part_sum(given[c])}, 0){sql_type(c)} AS {c}" if c in given else f"0{sql_type(c)} AS {c}"
            for c in columns
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


# The figures' column names (``figures._interaction_query``, ``_cost_query``, ``_cash_query``), from period rows.
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


def period_column(name: str) -> str:
    """The ``StandingPeriod`` column of a slice sum."""
    return PERIOD_COLUMN.get(name, name)


# A standing period row's columns after business, customer and period: its money, then the raw sums.
PERIOD_ROW_COLUMNS = (
    *PERIOD_MONEY,
    "margin",
    "staff_minute_cost",
    *(period_column(name) for name in TOTALS if name not in _PERIOD_SUMS),
)


def sum_periods(periods: dict[str, Period]) -> None:
    """Create ``standing_customer_sums``: per customer and period, the ``TOTALS`` of ``build``'s slices.

    Two steps, so that no query filters every slice row once per period: the
    slices are first summed per segment (the days between two consecutive
    period edges; every period is a run of segments), then the segments per period.
    """
    edges = sorted({p.start for p in periods.values() if p.start is not None})

    def segments(period: Period) -> tuple[int, int]:
        first = 0 if period.start is None else edges.index(period.start) + 1
        after = period.end + datetime.timedelta(days=1)
        return first, edges.index(after) if after in edges else len(edges)  # ends today: to the last segment

    runs = ", ".join(
        f"('{key}', {first}, {last})" for key, (first, last) in ((k, segments(p)) for k, p in periods.items())
    )
    totals = ", ".join(f"SUM({n}){sql_type(n)} AS {n}" for n in TOTALS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {SEGMENTS} ON COMMIT DROP AS SELECT customer_id,"
            f" width_bucket(starts, %(edges)s::date[]) AS segment, {totals}"
            f" FROM {TABLE} GROUP BY 1, 2",
            {"edges": edges},
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE {CUSTOMER_SUMS} ON COMMIT DROP AS"
            f" SELECT s.customer_id, p.period, {totals} FROM {SEGMENTS} s"
            f" JOIN (VALUES {runs}) AS p(period, first, last) ON s.segment BETWEEN p.first AND p.last GROUP BY 1, 2"
        )


def figure_rows(business: Business, periods: dict[str, Period], *, table: str) -> _Rows:
    """Per customer, the period sums and the counts of the last 3 and 12 months the rules read, from its period rows.

    Named as ``customer_figures``' interaction, cost and payment queries name them, so one row stands for all three.
    """
    with connection.cursor() as cursor:
        cursor.execute(*figure_rows_query(business, periods, table=table))
        return figure_rows_of(cursor, periods)


def figure_rows_query(business: Business, periods: dict[str, Period], *, table: str) -> tuple[str, list]:
    """``figure_rows``' SELECT and parameters: one row per customer, its period rows side by side."""
    picks = [(key, name) for key in periods for name in _PERIOD_SUMS] + [(key, name) for name, key in _SIGNALS.values()]
    # MAX of the one row per customer and period: keeps each column's type (SUM would turn integers into numeric).
    columns = ", ".join(f"MAX({period_column(name)}) FILTER (WHERE period = '{key}')" for key, name in picks)
    return (
        f"SELECT customer_id, {columns} FROM {table} WHERE business_id = %s AND period = ANY(%s) GROUP BY customer_id",
        [business.pk, list(periods)],
    )


def figure_rows_of(cursor: Any, periods: dict[str, Period]) -> _Rows:
    """``figure_rows`` from a cursor that ran ``figure_rows_query`` (making its Python values is the slow part)."""
    names = _names(periods)
    row = _row_type("Row", ["customer_id", *names])
    empty = row._make([None, *(0 if _is_count(n) else Decimal(0) for n in names)])
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


def staff_cost(minute_cost: str) -> str:
    """SQL of the staff cost of ``minute_cost`` (minutes x hourly cost): / 60 to the cent, rounded half to even."""
    return f"({_half_even(f'({minute_cost}) * 100', '60')} / 100)::numeric(14, 2)"


def period_values(value: Callable[[str], str], staff_cost: str) -> dict[str, str]:
    """``PERIOD_ROW_COLUMNS``' SQL from each raw sum's (``TOTALS``) SQL: the money as ``rules.profitability`` has it.

    ``staff_cost`` is the staff cost worked out already (``staff_cost``), in a
    subquery: written out in every column that needs it, the rounding would be
    repeated a dozen times per row. Margin is profit / revenue to six places,
    rounded half to even.
    """
    cost = f"({staff_cost} + {value('direct')} + {value('concessions')})"
    revenue = value("revenue")
    scaled = _half_even(f"({revenue} - {cost}) * 100000000 * sign({revenue})", f"abs({revenue} * 100)")
    values = {
        "revenue": revenue,
        "cash_collected": value("cash"),
        "staff_minutes": value("minutes"),
        "staff_cost": staff_cost,
        "direct_costs": value("direct"),
        "concessions": value("concessions"),
        "cost_to_serve": cost,
        "profit": f"{revenue} - {cost}",
        "margin": f"CASE WHEN {revenue} <> 0 THEN ({scaled} / 1000000)::numeric(20, 6) END",
    }
    values.update({period_column(name): value(name) for name in TOTALS if period_column(name) not in values})
    return values


def period_rows(source: str) -> str:
    """A SELECT of a standing's period rows (``standings.PERIOD_COLUMNS`` but business_id) from raw sums.

    ``source`` selects customer_id, period and the ``TOTALS``.
    """
    values = period_values(lambda name: f"s.{name}", "s.staff_cost")
    columns = ", ".join(f"{values[column]} AS {column}" for column in PERIOD_ROW_COLUMNS)
    return (
        f"SELECT s.customer_id, s.period, {columns}"
        # OFFSET 0 keeps the subquery: each row's staff cost is worked out once, not once per column that uses it.
        f" FROM (SELECT s.*, {staff_cost('s.minute_cost')} AS staff_cost FROM ({source}) AS s OFFSET 0) AS s"
    )


def every_period(periods: dict[str, Period], sums: str, customers: str) -> str:
    """Raw sums of every customer (``customers``: a condition on ``c``) in every period; none in ``sums``: zeros."""
    keys = ", ".join(f"('{key}')" for key in periods)
    totals = ", ".join(f"COALESCE(t.{n}, 0){sql_type(n)} AS {n}" for n in TOTALS)
    return f"""
        SELECT c.id AS customer_id, k.period, {totals}
        FROM customers_customer c
        CROSS JOIN (VALUES {keys}) AS k(period)
        LEFT JOIN ({sums}) AS t ON t.customer_id = c.id AND t.period = k.period
        WHERE c.business_id = %(business)s{customers}
    """


def _replace_changed(
    business: Business,
    *,
    table: str,
    columns: tuple[str, ...],
    key: tuple[str, ...],
    rows: str,
    params: dict,
    nullable: tuple[str, ...] = (),
    scope: str = "",
) -> None:
    """Make the business's rows of ``table`` what ``rows`` selects; write only changes.

    ``scope``: a condition on ``t``, the stored rows ``rows`` stands for (default: all of the business's).

    ``rows`` selects ``columns`` but business_id. A stored row equal to its
    fresh one is left alone; the rest are deleted and the missing ones
    inserted. A nightly refresh moves the periods by one day, and new
    thresholds change no money at all, so most rows stay as they are: cheaper
    than deleting and inserting them again (each insert is checked by the
    foreign key and entered in every index), and no dead rows for vacuum.
    """
    names = [c for c in columns if c != "business_id"]
    # Equalities the planner can hash (a nested loop over two 200,000-row tables would take minutes);
    # IS NOT DISTINCT FROM only for the columns that may be NULL.
    same = " AND ".join(f"n.{c} IS NOT DISTINCT FROM t.{c}" if c in nullable else f"n.{c} = t.{c}" for c in names)
    same_key = " AND ".join(f"n.{c} = t.{c}" for c in key)
    params = {"business": business.pk, **params}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FRESH}")
        cursor.execute(f"CREATE TEMPORARY TABLE {FRESH} ON COMMIT DROP AS {rows}", params)
        cursor.execute(f"ANALYZE {FRESH}")  # a temporary table has no statistics until analysed
        cursor.execute(
            f"DELETE FROM {table} t WHERE t.business_id = %(business)s{scope}"
            f" AND NOT EXISTS (SELECT FROM {FRESH} n WHERE {same})",
            params,
        )
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT %(business)s, {', '.join(names)} FROM {FRESH} n"
            f" WHERE NOT EXISTS (SELECT FROM {table} t WHERE t.business_id = %(business)s AND {same_key})",
            params,
        )
        cursor.execute(f"DROP TABLE {FRESH}")


def store_periods(business: Business, *, table: str, columns: tuple[str, ...], periods: dict[str, Period]) -> None:
    """Store every customer's row per period in ``table`` (``StandingPeriod``), from ``sum_periods``' table."""
    rows = period_rows(every_period(periods, f"SELECT * FROM {CUSTOMER_SUMS}", ""))
    _replace_changed(
        business,
        table=table,
        columns=columns,
        key=("customer_id", "period"),
        rows=rows,
        params={},
        nullable=("margin",),
    )


def store_months(business: Business, *, table: str) -> None:
    """Store the customers' months (``stored.MONTH_COLUMNS``) in ``table``: ``build``'s slices, summed per month."""
    rows = f"""
        SELECT customer_id, {stored.month_of("starts")} AS starts, SUM(revenue) AS revenue,
               SUM(minutes) AS staff_minutes, SUM(minute_cost) AS staff_minute_cost,
               SUM(direct) + SUM(concessions) AS other_costs
        FROM {TABLE}
        GROUP BY 1, 2
        HAVING SUM(records) > 0
    """
    key = ("customer_id", "starts")
    _replace_changed(business, table=table, columns=stored.MONTH_COLUMNS, key=key, rows=rows, params={})
