# ruff: noqa: S608  (the SQL is assembled from constant fragments; every value is a bound parameter)
"""Standings from the records of some days or some customers: the nightly refresh, and a refresh of named customers.

Every night the standing periods move by a day. Each stored period row keeps
its raw sums (``StandingPeriod``), so the refresh reads only the records of
the days that left each period and of those that entered it, and adds them
with a sign (``move_periods``); the customers' months gain the new days'
records (``move_months``). A refresh of named customers (a write, a page)
reads their records per period (``customer_period_rows``). The sums and the
money are defined once, in ``slices``, which also reads every record at once
for a refresh that could not move (``standings._refresh_business``).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import connection

from accounts.models import Business
from customers.models import CostEntry

from ..periods import Period, local_midnight
from . import stored
from .slices import (
    MOVED,
    PARTS,
    PERIOD_ROW_COLUMNS,
    TOTALS,
    every_period,
    part_sum,
    period_column,
    period_rows,
    period_values,
    sql_type,
    staff_cost,
)


@dataclass(frozen=True)
class Range:
    """Days whose records count in a period, with a sign (-1: days that left it, for a nightly refresh)."""

    period: str
    sign: int
    first: datetime.date | None  # None: from the beginning
    last: datetime.date


def period_ranges(periods: dict[str, Period]) -> list[Range]:
    """Each period's days, counted once."""
    return [Range(key, 1, p.start, p.end) for key, p in periods.items()]


def restarted(before: dict[str, Period], after: dict[str, Period]) -> list[str]:
    """The periods whose days before and after have none in common: the month on every 1st, the year to date
    (and the same days a year earlier) on 1 January, any period after a long gap."""
    return [
        key
        for key, old in before.items()
        if old.start is not None
        and (new := after[key]).start is not None
        and (old.end < new.start or new.end < old.start)
    ]


def moved_ranges(before: dict[str, Period], after: dict[str, Period]) -> list[Range]:
    """The days that left each period (-1) and those that entered it (+1) when ``before`` became ``after``.

    For each period, the days of one and not the other: its records are taken
    from, or added to, the stored sums. No range when the periods are the same.
    A period that ``restarted`` loses no days: its sums are set to zero instead
    (``move_periods``), so the year to date on 1 January reads one day, not a year.
    """
    ranges = []
    one_day = datetime.timedelta(days=1)
    zeroed = set(restarted(before, after))
    for key, old in before.items():
        new = after[key]
        for sign, this, other in ((-1, old, new), (1, new, old)):
            if sign == -1 and key in zeroed:
                continue
            # this's days before the other starts, and after it ends.
            if other.start is not None and (this.start is None or this.start < other.start):
                last = min(this.end, other.start - one_day)
                if this.start is None or this.start <= last:
                    ranges.append(Range(key, sign, this.start, last))
            if this.end > other.end:
                first = other.end + one_day if this.start is None else max(this.start, other.end + one_day)
                if first <= this.end:
                    ranges.append(Range(key, sign, first, this.end))
    return ranges


def range_days(ranges: list[Range]) -> int | None:
    """How many days the ranges cover in all (None: one has no beginning)."""
    days = 0
    for r in ranges:
        if r.first is None:
            return None
        days += (r.last - r.first).days + 1
    return days


def ranged_totals(business: Business, ranges: list[Range], customers: str, params: dict) -> tuple[str, dict]:
    """A SELECT of customer_id, period and the signed ``TOTALS`` of the records in ``ranges``, read from the records.

    ``customers`` is a condition on a record's customer (``{customer}`` stands
    for its column). Each range joins the records by the indexes that lead with
    the business and the date, so a nightly refresh reads only the days that moved.
    """
    tz = ZoneInfo(business.time_zone)
    params = {**params, "business": business.pk, "concessions": list(CostEntry.CONCESSIONS)}
    values = []
    for n, r in enumerate(ranges):
        params.update(
            {
                f"r{n}_period": r.period,
                f"r{n}_sign": r.sign,
                f"r{n}_first": r.first,
                f"r{n}_last": r.last,
                f"r{n}_from": None if r.first is None else local_midnight(r.first, tz),
                f"r{n}_until": local_midnight(r.last + datetime.timedelta(days=1), tz),
            }
        )
        values.append(
            f"(%(r{n}_period)s, %(r{n}_sign)s::integer, COALESCE(%(r{n}_first)s::date, '-infinity'),"
            f" %(r{n}_last)s::date,"
            f" COALESCE(%(r{n}_from)s::timestamptz, '-infinity'), %(r{n}_until)s::timestamptz)"
        )
    # Each table's rows of each distinct span of days, read once by the index that leads with the business and
    # the date (LATERAL ... OFFSET 0: the planner cannot guess how few rows a span holds, and would read them
    # all), then counted in every range of that span: a night's day enters five periods and leaves others.
    sources = {
        "invoice": (
            "x",
            "x.customer_id",
            "SELECT * FROM customers_invoice x WHERE x.business_id = %(business)s"
            " AND x.issue_date BETWEEN s.first AND s.last",
        ),
        "payment": (
            "p",
            "i.customer_id",
            "SELECT i.customer_id, p.amount FROM customers_payment p"
            " JOIN customers_invoice i ON i.id = p.invoice_id"
            " WHERE p.business_id = %(business)s AND p.date BETWEEN s.first AND s.last",
        ),
        "interaction": (
            "x",
            "x.customer_id",
            "SELECT * FROM customers_interaction x WHERE x.business_id = %(business)s"
            " AND x.occurred_at >= s.starts_at AND x.occurred_at < s.ends_before",
        ),
        "cost": (
            "x",
            "x.customer_id",
            "SELECT * FROM customers_costentry x WHERE x.business_id = %(business)s"
            " AND x.date BETWEEN s.first AND s.last",
        ),
    }
    parts: list[str] = []
    given_by: dict[str, list[str]] = {}
    for name, given in PARTS.items():
        alias, customer, rows = sources[name]
        summed = [c for c in given if c in TOTALS]
        sums = ", ".join(f"COALESCE({part_sum(given[c], 'r.sign * ')}, 0){sql_type(c)} AS {c}" for c in summed)
        parts.append(
            f"(SELECT {alias}.customer_id, r.period, {sums} FROM (SELECT s.first AS span_first, s.last AS span_last,"
            f" {alias}.* FROM spans s CROSS JOIN LATERAL ({rows}{customers.format(customer=customer)} OFFSET 0)"
            f" AS {alias} OFFSET 0) AS {alias}"  # OFFSET 0: each span read once, before the ranges share it
            f" JOIN ranges r ON r.first = {alias}.span_first AND r.last = {alias}.span_last GROUP BY 1, 2) AS {name}"
        )
        for c in summed:
            given_by.setdefault(c, []).append(name)
    # Each table's sums side by side, one row per customer and period; each sum from the tables that give it
    # (summing the tables' rows again instead would add up every sum of every row, mostly zeros).
    totals = ", ".join(
        f"({' + '.join(f'COALESCE({name}.{c}, 0)' for name in given_by[c])}){sql_type(c)} AS {c}" for c in TOTALS
    )
    sql = (
        f"WITH ranges (period, sign, first, last, starts_at, ends_before) AS (VALUES {', '.join(values)}),"
        " spans AS (SELECT DISTINCT first, last, starts_at, ends_before FROM ranges)"
        f" SELECT customer_id, period, {totals} FROM {parts[0]}"
        + "".join(f" FULL JOIN {part} USING (customer_id, period)" for part in parts[1:])
    )
    return sql, params


def customer_period_rows(
    business: Business, periods: dict[str, Period], customer_ids: list[int] | None
) -> tuple[str, dict]:
    """A SELECT of the period rows of these customers (None: all), read from their records (no temporary table)."""
    only = "" if customer_ids is None else " AND {customer} = ANY(%(customers)s::bigint[])"
    sums, params = ranged_totals(business, period_ranges(periods), only, {"customers": customer_ids or []})
    customers = "" if customer_ids is None else " AND c.id = ANY(%(customers)s::bigint[])"
    return period_rows(every_period(periods, sums, customers)), params


# A statement and its parameters, for a caller to run later (``move_periods``).
Statement = tuple[str, dict]


def move_periods(
    business: Business,
    *,
    table: str,
    ranges: list[Range],
    customers: str,
    params: dict,
    zeroed: Sequence[str] = (),
    first: Collection[str],
    moved: str = MOVED,
) -> list[Statement]:
    """Add to the period rows in ``table`` the records of the days that entered them, less those of the days that left.

    ``customers``: a condition on a record's customer (``{customer}``), the
    customers whose stored rows hold the periods the ranges moved from.
    ``zeroed``: periods that ``restarted``: each of their rows becomes the
    records of its new days alone (zero without any), in the same single write.
    ``first``: the periods whose rows are moved before this returns. The
    statements that move the others, and drop the temporary table ``moved``
    of the moved days' sums, are returned for the caller to run.
    """
    if not ranges:
        return []
    delta, params = ranged_totals(business, ranges, customers, params)
    keys = sorted({r.period for r in ranges} | set(zeroed))
    now = [key for key in keys if key in first]
    later = [key for key in keys if key not in now]
    with connection.cursor() as cursor:
        # The moved days' signed sums per customer and period in a table of their own, read by both UPDATEs.
        # The planner guesses its size from its pages (no statistics: an ANALYZE cost more than it saved), and
        # each UPDATE finds its rows again by ctid, so a wrong guess costs no lookups by key (``_moving``).
        cursor.execute(f"DROP TABLE IF EXISTS {moved}")
        cursor.execute(f"CREATE TEMPORARY TABLE {moved} ON COMMIT DROP AS {delta}", params)
        if now:
            cursor.execute(*_moving(table, moved, now, zeroed, customers, params))
    statements = [_moving(table, moved, later, zeroed, customers, params)] if later else []
    return [*statements, (f"DROP TABLE {moved}", {})]


def _moving(
    table: str, moved: str, periods: list[str], zeroed: Sequence[str], customers: str, params: dict
) -> Statement:
    """The UPDATE that adds the sums in ``moved`` to the rows of ``periods`` (those ``zeroed`` to nothing but them)."""
    values = period_values(lambda name: f"s.{name}", "s.staff_cost")
    added = ", ".join(f"t.{period_column(name)} + d.{name} AS {name}" for name in TOTALS)
    each = f"SELECT t.ctid AS row, {added}, {staff_cost('t.staff_minute_cost + d.minute_cost')} AS staff_cost"
    each += f" FROM {moved} d JOIN {table} t ON t.business_id = %(business)s AND t.customer_id = d.customer_id"
    each += " AND t.period = d.period WHERE d.period = ANY(%(periods)s) AND t.period = ANY(%(periods)s)"
    restart = [key for key in zeroed if key in periods]
    params = {**params, "periods": periods, "zeroed": restart}
    rows = each
    if restart:  # every row of those periods, whether or not its customer has records on the new days
        fresh = ", ".join(f"COALESCE(d.{name}, 0){sql_type(name)} AS {name}" for name in TOTALS)
        their_rows = customers.format(customer="t.customer_id")
        rows = (
            f"{each} AND NOT t.period = ANY(%(zeroed)s)"
            f" UNION ALL SELECT t.ctid, {fresh}, {staff_cost('COALESCE(d.minute_cost, 0)')} AS staff_cost"
            f" FROM {table} t LEFT JOIN {moved} d ON d.customer_id = t.customer_id AND d.period = t.period"
            f" WHERE t.business_id = %(business)s AND t.period = ANY(%(zeroed)s){their_rows}"
        )
    # Each row found again by its place on its page (ctid): no scan of the table or its key to join it back. No
    # other transaction changes these rows meanwhile: a whole-business refresh holds the standings' lock.
    sql = (
        f"UPDATE {table} t SET {', '.join(f'{column} = {values[column]}' for column in PERIOD_ROW_COLUMNS)}"
        f" FROM ({rows} OFFSET 0) s WHERE t.ctid = s.row"  # OFFSET 0: each row's staff cost worked out once
    )
    return sql, params


def move_months(
    business: Business, *, table: str, before: datetime.date, today: datetime.date, customers: str, params: dict
) -> None:
    """Add the records of the days after ``before`` up to ``today`` to the customers' months in ``table``.

    A month's records only ever gain the new days, so this is all a nightly
    refresh changes. ``customers``: a condition on a record's customer
    (``{customer}``), those whose stored months are those of ``before``.
    """
    within = [(before + datetime.timedelta(days=1), today)]
    condition = customers.format(customer="customer_id")
    rows, month_params = stored.month_slices_sql(business, today, None, within=within, condition=condition)
    added = ", ".join(f"{column} = t.{column} + EXCLUDED.{column}" for column in stored.MONTH_COLUMNS[3:])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS t ({', '.join(stored.MONTH_COLUMNS)}) {rows}"
            f" ON CONFLICT (business_id, customer_id, starts) DO UPDATE SET {added}",
            {**month_params, **params},
        )
