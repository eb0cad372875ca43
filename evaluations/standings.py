"""Standings: each customer's current evaluation, stored so that pages read it instead of recomputing history.

How they stay fresh (they must never disagree with the records):
- database triggers queue a customer in ``StandingQueue`` whenever any of its
  records change, in the same transaction, whoever writes (see migration 0004);
- the write services announce the change (``customers.changes``) and
  ``standings_refresh_changed`` refreshes those customers before the
  transaction commits;
- pages call ``standings_current`` before reading: what is still queued (an
  admin edit, a bulk import, new thresholds) or computed for an earlier day is
  refreshed on the spot when it is a small job, otherwise in the background
  (``evaluations.tasks``) while the page says "as of";
- every night ``refresh_standings`` recomputes every business, as the
  trailing periods move with the date.

Any bulk writer (CSV import, reminders...) calls ``standings_refresh(business=...,
customer_ids=[...])`` after its writes, or leaves the queue to the page and the night.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Sum

from accounts.bulk import allow_long_statements, copy_rows, staged_rows, written_meanwhile
from accounts.models import Business

from . import rules, selectors, services
from .models import (
    PERIOD_ROWS_MOVING,
    PERIOD_SUMMED,
    Standing,
    StandingMonth,
    StandingMonthSum,
    StandingPeriod,
    StandingPeriodSum,
    StandingQueue,
    period_sums_recount_sql,
)
from .periods import Period, standard_periods, standing_periods
from .selectors import moves, slices, stored

# More customers than this to refresh: the page says "as of" and the background catches up.
REFRESH_ON_READ_LIMIT = 500
MARGIN_PLACES = Decimal("0.000001")

STANDING_COLUMNS = (
    "business_id",
    "customer_id",
    "as_of",
    "verdict",
    "demands",
    "good_nature",
    "reputation",
    "pays_on_time",
    "main_reason",
    "last_notice_date",
    *stored.RECEIVABLE_COLUMNS,
)
PERIOD_COLUMNS = ("business_id", "customer_id", "period", *slices.PERIOD_ROW_COLUMNS)


@dataclass(frozen=True)
class StandingsState:
    """How current the standings a page is about to read are."""

    today: datetime.date
    as_of: datetime.date | None  # the oldest standing's day (None: no customers)
    pending: int  # customers still waiting for a refresh (0: everything is as of today)

    @property
    def current(self) -> bool:
        return self.pending == 0


def _fresh_rows(
    business: Business, today: datetime.date, customer_ids: list[int] | None, periods: dict[str, Period] | None = None
) -> tuple[list, list[selectors.CustomerFigures]]:
    """The standing rows of the customers (all when ``customer_ids`` is None) computed now, and their figures.

    The figures are of ``periods`` (default: the periods the rules read, ``standard_periods``).
    A whole business builds as many objects as ``evaluate_business`` does, with the same collector pause.
    """
    with services.cyclic_gc_paused():
        periods = periods or standard_periods(today)
        if customer_ids is not None and len(customer_ids) == 1:  # a write: the one-customer queries, compiled once
            figures = selectors.customer_figures(business, today=today, periods=periods, customer_id=customer_ids[0])
        else:
            ids = None if customer_ids is None else tuple(customer_ids)
            figures = selectors.customer_figures(business, today=today, periods=periods, customer_ids=ids)
        owed = stored.receivables(business, today, customer_ids)
        return _standing_rows(business, today, figures, owed), figures


def _standing_rows(
    business: Business,
    today: datetime.date,
    figures: list[selectors.CustomerFigures],
    owed: dict[int, tuple],
    thresholds: rules.Thresholds | None = None,
) -> list[tuple]:
    """Each customer's ``STANDING_COLUMNS``: its evaluation now, and what it owes (no query if given ``thresholds``)."""
    thresholds = thresholds or services.thresholds_for(business)
    symbol = business.currency_symbol
    rows = []
    for f in figures:
        evaluation = services.evaluation_of(f, thresholds=thresholds, currency_symbol=symbol)
        demands, good_nature, reputation, pays_on_time = (q.rating.value for q in evaluation.questions)
        rows.append(
            (
                business.pk,
                f.id,
                today,
                evaluation.verdict.verdict.value,
                demands,
                good_nature,
                reputation,
                pays_on_time,
                evaluation.verdict.main_reason,
                f.contract.last_notice_date if f.contract else None,
                *owed.get(f.id, stored.NO_RECEIVABLES),
            )
        )
    return rows


@transaction.atomic(savepoint=False)  # part of the write that caused it: it fails with it, no savepoint
def standings_refresh(
    *, business: Business, customer_ids: Iterable[int] | None = None, today: datetime.date | None = None
) -> int:
    """Recompute and store the standings of these customers (None: every customer); returns how many.

    The one entry point for every writer: it also takes the customers off the
    queue, and drops the standing of a customer that no longer exists.
    """
    today = today or services.business_today(business)
    ids = None if customer_ids is None else sorted(set(customer_ids))
    if ids == []:
        return 0
    if ids is None:
        allow_long_statements()  # every customer of a large business: the worker's or a command's limit
        return _refresh_business(business, today)
    with connection.cursor() as cursor:  # a whole-business refresh holds the exclusive lock (``_refresh_business``)
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", [STANDINGS_LOCK, business.pk])
    standing_rows, _figures = _fresh_rows(business, today, ids)
    _store(business, today, ids, standing_rows)
    return len(standing_rows)


def fold_sums(business: Business) -> None:
    """Fold the business's month and period sums' additions into one row per slice and per period.

    Every write appends a few rows (``StandingMonthSum``, ``StandingPeriodSum``);
    a whole-business refresh (every night, and whenever the thresholds change)
    folds them, so pages read about as many rows as there are slices and periods
    plus a day's writes. A write appending at the same time is not lost: its row
    is not visible to this DELETE, so it stays.
    """
    # Each sums table: its key beside the business, the columns it adds up, the count that says a key has rows.
    tables = (
        (StandingMonthSum, "starts", ("revenue", "staff_minute_cost", "other_costs", "slices"), "slices"),
        (StandingPeriodSum, "period", ("customers", "losing", "active", *PERIOD_SUMMED), "customers"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, %s))", [StandingMonthSum._meta.db_table, business.pk]
        )
        for model, key, summed, count in tables:
            table, columns = model._meta.db_table, ", ".join(summed)
            cursor.execute(
                f"WITH gone AS (DELETE FROM {table} WHERE business_id = %(business)s RETURNING {key}, {columns})"  # noqa: S608
                f" INSERT INTO {table} (business_id, {key}, {columns})"
                f" SELECT %(business)s, {key}, {', '.join(f'SUM({c})' for c in summed)}"
                f" FROM gone GROUP BY {key} HAVING SUM({count}) <> 0",
                {"business": business.pk},
            )


# Fewer rows than this: one multi-row INSERT. A temporary table for COPY costs more than it saves
# for one customer's handful of rows (a write's refresh: 1 standing row).
COPY_FROM_ROWS = 200
# The advisory lock (with the business id) a whole-business refresh holds alone and a refresh of some customers shares:
# the nightly refresh adds the moved days to stored sums, which must not change under it.
STANDINGS_LOCK = 7_406_001


def _store(business: Business, today: datetime.date, ids: list[int], standing_rows: list) -> None:
    """Replace the stored rows of the customers: the standings given, their period and month rows from their records.

    A write refreshes one customer inside its own transaction, so every round
    trip counts: the deletes share one statement, and so do the inserts.
    """
    with connection.cursor() as cursor:
        # The queue first: deleting its rows locks the customers, so two refreshes of one customer take turns.
        cursor.execute(
            f"DELETE FROM {StandingQueue._meta.db_table} WHERE business_id = %s AND customer_id = ANY(%s::bigint[])",  # noqa: S608
            [business.pk, ids],
        )
    _store_sums(business, today, ids, standing_rows)


# A whole-business refresh adds the days that moved to the stored sums while they are this many days at most
# (a period that restarts, the month on every 1st and the year to date on 1 January, counts only its new days).
MOVED_DAYS_LIMIT = 62
# ...and while at most this many customers' records changed since their last refresh (those are read again).
RECOMPUTE_LIMIT = 1000
# ...and their standings are of at most this many different days.
MOVED_DAYS_GROUPS = 3


def _refresh_business(business: Business, today: datetime.date) -> int:
    """Every standing of the business; returns how many.

    Every night the periods move by a day: the stored period rows get the
    records of the days that entered each period, less those of the days that
    left it, and the customers' months the records of the new days
    (``selectors.moves``); customers whose records changed since their refresh
    are read again. New thresholds move nothing: only the verdicts are worked
    out again. When moving would not be less work (the first refresh, a gap
    of months, many changed customers), every record is read once (``slices``).
    Either way the rules then read every customer's period rows. The rows of
    the periods they do not read are moved on the server while they run here
    (``written_meanwhile``): two cores, one for the database and one for Python.
    """
    periods = standing_periods(today)
    tables = {model: model._meta.db_table for model in (Standing, StandingPeriod, StandingQueue)}
    read = standard_periods(today)  # the rules read these periods' rows; the others' rows only pages read
    days, claimed, recompute = _claim(business)
    later = _move(business, today, days, recompute, first=read)
    if later is None:
        allow_long_statements()
        slices.build(business, today=today, periods=periods)
        slices.sum_periods(periods)
        slices.store_periods(business, table=tables[StandingPeriod], columns=PERIOD_COLUMNS, periods=periods)
        slices.store_months(business, table=StandingMonth._meta.db_table)
        slices.drop()
        later = []
    with services.cyclic_gc_paused(), connection.cursor() as pivot:
        pivot.execute(*slices.figure_rows_query(business, read, table=tables[StandingPeriod]))
        owed = stored.receivables(business, today, None)
        thresholds = services.thresholds_for(business)
        records = selectors.read_beside_sums(business, today=today, periods=read)  # its cursors closed just below
        # Every query has run. The moves of the periods the rules do not read (the year to date, the periods
        # before: on a month's first night half of the 60,000 rows written) now run on the server while the
        # rules run here, and while the rows read above become Python values.
        with written_meanwhile(later):
            sums = slices.figure_rows_of(pivot, read)
            figures = selectors.figures_from_sums(records, sums)
            standing_rows = _standing_rows(business, today, figures, owed, thresholds)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {tables[StandingQueue]} WHERE customer_id = ANY(%s::bigint[])", [claimed])  # noqa: S608
    _write_standings(business, standing_rows)
    fold_sums(business)
    return len(standing_rows)


def _write_standings(business: Business, rows: list[tuple]) -> None:
    """Make the business's standing rows these: each customer's updated in place, new ones added, gone ones deleted.

    In place rather than deleted and inserted again: the customer keys stay,
    so the deferred foreign keys have nothing to check at commit, and a row
    whose verdict and notice date are unchanged (most, every night) needs no
    new index entry.
    """
    table = connection.ops.quote_name(Standing._meta.db_table)
    names = ", ".join(STANDING_COLUMNS)
    changed = ", ".join(
        f"{column} = n.{column}" for column in STANDING_COLUMNS if column not in ("business_id", "customer_id")
    )
    with staged_rows(Standing._meta.db_table, STANDING_COLUMNS, rows) as (fresh, _count), connection.cursor() as cursor:
        params = {"business": business.pk}
        cursor.execute(
            f"UPDATE {table} s SET {changed}, refreshed_at = now() FROM {fresh} n"  # noqa: S608
            " WHERE s.business_id = %(business)s AND s.customer_id = n.customer_id",
            params,
        )
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {fresh} n"  # noqa: S608
            f" WHERE NOT EXISTS (SELECT FROM {table} s WHERE s.customer_id = n.customer_id)",
        )
        cursor.execute(
            f"DELETE FROM {table} s WHERE s.business_id = %(business)s"  # noqa: S608
            f" AND NOT EXISTS (SELECT FROM {fresh} n WHERE n.customer_id = s.customer_id)",
            params,
        )


def _claim(business: Business) -> tuple[list[datetime.date], list[int], list[int]]:
    """Lock the standings for a whole refresh: returns their days, the queue rows taken, the customers to read again.

    Customers are read again when their records changed since their refresh,
    or they have no standing yet. The queue rows taken are locked until the
    refresh commits. A row a writer holds is skipped: that writer refreshes
    its customer once this refresh is done (or leaves it queued), instead of
    each waiting for the other.
    """
    standing, queue = Standing._meta.db_table, StandingQueue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [STANDINGS_LOCK, business.pk])
        cursor.execute(f"SELECT DISTINCT as_of FROM {standing} WHERE business_id = %s", [business.pk])  # noqa: S608
        days = sorted(day for (day,) in cursor.fetchall())
        cursor.execute(
            f"SELECT customer_id, records_changed FROM {queue} WHERE business_id = %s FOR UPDATE SKIP LOCKED",  # noqa: S608
            [business.pk],
        )
        claimed = cursor.fetchall()
        cursor.execute(
            f"SELECT c.id FROM customers_customer c WHERE c.business_id = %(business)s"  # noqa: S608
            f" AND NOT EXISTS (SELECT FROM {standing} s WHERE s.customer_id = c.id) LIMIT %(limit)s",
            {"business": business.pk, "limit": RECOMPUTE_LIMIT + 1},
        )
        new = {customer for (customer,) in cursor.fetchall()}
    recompute = sorted(new | {customer for customer, changed in claimed if changed})
    return days, [customer for customer, _changed in claimed], recompute


def _move(
    business: Business,
    today: datetime.date,
    days: list[datetime.date],
    recompute: list[int],
    *,
    first: Collection[str],
) -> list[moves.Statement] | None:
    """Move the stored sums of earlier ``days`` to today and read ``recompute`` again; None when not worth it.

    Not when there are no standings yet, standings of a later day or of too
    many days, too many customers to read again, or too many days that moved.
    The rows of the periods in ``first`` are moved before this returns; the
    statements that move the others are returned, to be run before the
    transaction ends.
    """
    now = standing_periods(today)
    before = {day: standing_periods(day) for day in days if day != today}
    # Each earlier day's ranges of days, and its periods that restarted (set to their new days alone).
    moved = {day: (moves.moved_ranges(then, now), moves.restarted(then, now)) for day, then in before.items()}
    if (
        not days
        or days[-1] > today
        or len(days) > MOVED_DAYS_GROUPS
        or len(recompute) > RECOMPUTE_LIMIT
        or any((n := moves.range_days(ranges)) is None or n > MOVED_DAYS_LIMIT for ranges, _ in moved.values())
    ):
        return None
    tables = {model: model._meta.db_table for model in (Standing, StandingPeriod, StandingMonth)}
    later: list[moves.Statement] = []
    if any(ranges for ranges, _ in moved.values()):  # period rows move: their sums are counted again after
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [PERIOD_ROWS_MOVING])
    for n, (day, (ranges, zeroed)) in enumerate(moved.items()):
        customers = " AND NOT ({customer} = ANY(%(recomputed)s::bigint[]))"
        if len(days) > 1:  # only the customers whose stored sums are of that day
            customers += (
                f" AND EXISTS (SELECT FROM {tables[Standing]} s"  # noqa: S608
                " WHERE s.customer_id = {customer} AND s.as_of = %(as_of)s)"
            )
        params = {"recomputed": recompute, "as_of": day}
        later += moves.move_periods(
            business,
            table=tables[StandingPeriod],
            ranges=ranges,
            customers=customers,
            params=params,
            zeroed=zeroed,
            first=first,
            moved=f"{slices.MOVED}_{n}",  # each day's table is kept until its statements in ``later`` have run
        )
        moves.move_months(
            business, table=tables[StandingMonth], before=day, today=today, customers=customers, params=params
        )
    if recompute:
        _store_sums(business, today, recompute)
    if later:  # the last of them: the period sums counted again from the rows, and no more updates
        later += [
            (period_sums_recount_sql(), {"business": business.pk}),
            ("SELECT set_config(%(setting)s, '', true)", {"setting": PERIOD_ROWS_MOVING}),
        ]
    return later


def _store_sums(business: Business, today: datetime.date, ids: list[int], standing_rows: list | None = None) -> None:
    """Replace the period rows and months of these customers with their records' (and their standings if given)."""
    tables = {model: model._meta.db_table for model in (Standing, StandingPeriod, StandingMonth)}
    months, params = stored.month_slices_sql(business, today, ids)
    periods, period_params = moves.customer_period_rows(business, standing_periods(today), ids)
    params.update(period_params)
    scope = "business_id = %(business)s AND customer_id = ANY(%(customers)s::bigint[])"
    deletes = [f"p AS (DELETE FROM {tables[StandingPeriod]} WHERE {scope})"]  # noqa: S608
    inserts = [
        f"p AS (INSERT INTO {tables[StandingPeriod]} ({', '.join(PERIOD_COLUMNS)})"  # noqa: S608
        f" SELECT %(business)s, * FROM ({periods}) AS p)"
    ]
    if standing_rows is not None:
        deletes.append(f"s AS (DELETE FROM {tables[Standing]} WHERE {scope})")  # noqa: S608
    if standing_rows and len(standing_rows) < COPY_FROM_ROWS:  # a write's one row: with the other inserts
        placeholders = []
        for i, row in enumerate(standing_rows):
            keys = [f"v{i}_{j}" for j in range(len(row))]
            params.update(zip(keys, row, strict=True))
            placeholders.append("(" + ", ".join(f"%({key})s" for key in keys) + ")")
        inserts.append(
            f"s AS (INSERT INTO {tables[Standing]} ({', '.join(STANDING_COLUMNS)}) VALUES {', '.join(placeholders)})"  # noqa: S608
        )
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(deletes)} DELETE FROM {tables[StandingMonth]} WHERE {scope}", params)  # noqa: S608
        if standing_rows and len(standing_rows) >= COPY_FROM_ROWS:  # COPY: thousands of rows in a fraction of the time
            copy_rows(tables[Standing], STANDING_COLUMNS, standing_rows)
        # The period rows and months straight from the records, never through Python.
        cursor.execute(
            f"WITH {', '.join(inserts)}"
            f" INSERT INTO {tables[StandingMonth]} ({', '.join(stored.MONTH_COLUMNS)}) {months}",  # noqa: S608
            params,
        )


WRITE_REFRESH_LIMIT = 50


def standings_refresh_changed(*, business: Business, customer_ids: Iterable[int]) -> None:
    """After a write (``customers.changes``): refresh the customers it touched, in its transaction.

    Anything else queued for the business is refreshed too while that is a
    small job (an invoice moved from one customer to another queues both).
    """
    queued = list(
        StandingQueue.objects.filter(business_id=business.pk).values_list("customer_id", flat=True)[
            : WRITE_REFRESH_LIMIT + 1
        ]
    )
    ids = set(customer_ids)
    if len(queued) <= WRITE_REFRESH_LIMIT:
        ids |= set(queued)
    standings_refresh(business=business, customer_ids=ids)


def standings_refresh_all_soon(business: Business) -> bool:
    """After a business-wide change (thresholds): refresh now when small, else in the background.

    Returns whether it was done now. The triggers queued every customer, so
    pages say "as of" until the background refresh has run.
    """
    if Standing.objects.filter(business=business).count() <= REFRESH_ON_READ_LIMIT:
        standings_refresh(business=business)
        return True
    from .tasks import refresh_business_later

    refresh_business_later(business)
    return False


def standings_current(business: Business, *, today: datetime.date) -> StandingsState:
    """Make the business's standings current for ``today`` before a page reads them, when that is quick.

    Queued customers and standings of an earlier day are refreshed here up to
    ``REFRESH_ON_READ_LIMIT`` customers; beyond that a background refresh is
    queued and the state tells the page to say "as of". A fixed number of queries.
    """
    with connection.cursor() as cursor:  # one round trip: every page that reads standings runs it
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {StandingQueue._meta.db_table} WHERE business_id = %(business)s),"  # noqa: S608
            f" COUNT(*) FILTER (WHERE as_of <> %(today)s), MIN(as_of)"
            f" FROM {Standing._meta.db_table} WHERE business_id = %(business)s",
            {"business": business.pk, "today": today},
        )
        queued, outdated, oldest = cursor.fetchone()
    kept = {"outdated": outdated, "oldest": oldest}
    if not queued and not kept["outdated"]:
        return StandingsState(today, kept["oldest"], 0)
    pending = queued + kept["outdated"]
    if pending <= REFRESH_ON_READ_LIMIT:
        if kept["outdated"]:
            standings_refresh(business=business, today=today)
        else:
            queued_ids = StandingQueue.objects.filter(business_id=business.pk).values_list("customer_id", flat=True)
            standings_refresh(business=business, customer_ids=list(queued_ids), today=today)
        return StandingsState(today, today, 0)
    from .tasks import refresh_business_later  # the task runner, only when there is work for it

    refresh_business_later(business)
    return StandingsState(today, kept["oldest"], pending)


def standings_outdated(business: Business) -> bool:
    """Whether any standing of the business is of an earlier day than today, or any customer is queued."""
    today = services.business_today(business)
    return (
        StandingQueue.objects.filter(business_id=business.pk).exists()
        or Standing.objects.filter(business=business).exclude(as_of=today).exists()
    )


@dataclass(frozen=True)
class Difference:
    customer_id: int
    what: str
    stored: object
    fresh: object


def standings_verify(business: Business, *, today: datetime.date | None = None) -> list[Difference]:
    """Every difference between the stored standings and the same computed now (there should be none)."""
    today = today or services.business_today(business)
    standing_rows, figures = _fresh_rows(business, today, None, standing_periods(today))
    fresh = {row[1]: row for row in standing_rows}
    # The period rows read from the records in one statement (every column), not from slices or stored sums...
    sql, params = moves.customer_period_rows(business, standing_periods(today), None)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fresh_periods = {(row[0], row[1]): (business.pk, *row) for row in cursor.fetchall()}
    stored_rows = {
        row[1]: row
        for row in Standing.objects.filter(business=business).values_list(*STANDING_COLUMNS).order_by("customer_id")
    }
    stored_periods = {
        (row[1], row[2]): row for row in StandingPeriod.objects.filter(business=business).values_list(*PERIOD_COLUMNS)
    }
    differences = _compare(fresh, stored_rows, STANDING_COLUMNS, "")
    differences += _compare(fresh_periods, stored_periods, PERIOD_COLUMNS, "period ")
    # ...and checked against their money as the rules work it out from the evaluation's figures.
    money = len(MONEY_COLUMNS)
    read = {key: row[:money] for key, row in fresh_periods.items()}
    differences += _compare(_money_rows(business, figures), read, MONEY_COLUMNS, "period (records against rules) ")
    fresh_months = {(row[1], row[2]): row for row in stored.month_slices(business, today, None)}
    stored_months = {
        (row[1], row[2]): row
        for row in StandingMonth.objects.filter(business=business).values_list(*stored.MONTH_COLUMNS)
    }
    differences += _compare(fresh_months, stored_months, stored.MONTH_COLUMNS, "month from ")
    differences += _compare_period_sums(business, fresh_periods.values())
    return differences + _compare_month_sums(business, fresh_months.values())


MONEY_COLUMNS = PERIOD_COLUMNS[: PERIOD_COLUMNS.index("margin") + 1]


def _money_rows(business: Business, figures: list[selectors.CustomerFigures]) -> dict[tuple[int, str], tuple]:
    """Each customer's period rows' ``MONEY_COLUMNS`` as ``rules.profitability`` works them out."""
    rows = {}
    for f in figures:
        for key, totals in f.periods.items():
            money = rules.profitability(totals)
            margin = None if money.margin is None else money.margin.quantize(MARGIN_PLACES)
            rows[(f.id, key)] = (
                business.pk,
                f.id,
                key,
                money.revenue,
                money.cash_collected,
                totals.minutes,
                money.staff_cost,
                money.direct_costs,
                money.concessions,
                money.cost_to_serve,
                money.profit,
                margin,
            )
    return rows


def _compare_period_sums(business: Business, fresh_periods: Iterable[tuple]) -> list[Difference]:
    """The business's period sums (``StandingPeriodSum``) against the fresh period rows summed (customer id 0: all)."""
    position = {name: PERIOD_COLUMNS.index(name) for name in PERIOD_SUMMED}
    fresh: dict[str, list] = {}
    for row in fresh_periods:
        revenue, cost, profit = row[position["revenue"]], row[position["cost_to_serve"]], row[position["profit"]]
        counts = [1, int(profit < 0), int(revenue != 0 or cost != 0)]
        sums = fresh.setdefault(row[2], [0] * (3 + len(PERIOD_SUMMED)))
        for i, value in enumerate([*counts, *(row[position[name]] for name in PERIOD_SUMMED)]):
            sums[i] += value
    counted = ("customers", "losing", "active", *PERIOD_SUMMED)
    rows = (
        StandingPeriodSum.objects.filter(business=business)
        .values("period")
        .annotate(**{f"n_{name}": Sum(name) for name in counted})
        .values_list("period", *(f"n_{name}" for name in counted))
    )
    kept = {period: sums for period, *sums in rows if any(sums)}  # all gone since the last fold: as no row
    return _compare(
        {(0, period): (0, period, *sums) for period, sums in fresh.items()},
        {(0, period): (0, period, *sums) for period, sums in kept.items()},
        ("customer_id", "period", *counted),
        "business period sum ",
    )


def _compare_month_sums(business: Business, fresh_months: Iterable[tuple]) -> list[Difference]:
    """The business's month sums (``StandingMonthSum``) against the fresh slices summed (customer id 0: all)."""
    fresh: dict[datetime.date, list] = {}
    for _business, _customer, starts, revenue, _minutes, minute_cost, other in fresh_months:
        sums = fresh.setdefault(starts, [Decimal(0), Decimal(0), Decimal(0), 0])
        sums[0] += revenue
        sums[1] += minute_cost
        sums[2] += other
        sums[3] += 1
    rows = (
        StandingMonthSum.objects.filter(business=business)
        .values("starts")
        .annotate(r=Sum("revenue"), m=Sum("staff_minute_cost"), o=Sum("other_costs"), n=Sum("slices"))
        .values_list("starts", "r", "m", "o", "n")
    )
    # A slice whose last customer row went since the last fold sums to nothing: the same as no row.
    kept = {starts: sums for starts, *sums in rows if any(sums)}
    columns = ("revenue", "staff_minute_cost", "other_costs", "slices")
    return _compare(
        {(0, starts): (0, starts, *sums) for starts, sums in fresh.items()},
        {(0, starts): (0, starts, *sums) for starts, sums in kept.items()},
        ("customer_id", "starts", *columns),
        "business month sum from ",
    )


def _compare(fresh: dict, stored: dict, columns: tuple[str, ...], prefix: str) -> list[Difference]:
    differences = []
    for key in sorted(fresh.keys() | stored.keys(), key=str):
        customer_id = key[0] if isinstance(key, tuple) else key
        label = f"{prefix}{key[1]} " if isinstance(key, tuple) else ""
        if key not in stored or key not in fresh:
            differences.append(Difference(customer_id, f"{label}row", stored.get(key), fresh.get(key)))
            continue
        for name, now, kept in zip(columns, fresh[key], stored[key], strict=True):
            if now != kept:
                differences.append(Difference(customer_id, f"{label}{name}", kept, now))
    return differences
