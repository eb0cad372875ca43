"""Reads over the stored standings, for overview pages: ranked rows, totals, counts, the curve.

Every function is one or two SQL statements over ``Standing`` and
``StandingPeriod`` whatever the number of customers; call
``standings.standings_current`` first so the rows are today's. Totals are
sums of the stored (cent-rounded) rows, so a displayed total is the sum of
the displayed rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.expressions import OrderBy
from django.db.models.functions import Greatest

from accounts.models import Business

from .models import PERIOD_MONEY, Standing, StandingPeriod, StandingPeriodSum
from .models import PERIOD_SUMMED as SUMMED
from .rules import Rating, Verdict, WhalePoint, WhaleShape, share
from .rules.questions import QUESTIONS

ZERO = Decimal("0")
VERDICT_RANK = {Verdict.BOOT: 0, Verdict.RENEGOTIATE: 1, Verdict.WATCH: 2, Verdict.KEEP: 3}
_verdict_rank = Case(
    *(When(customer__standing__verdict=v.value, then=Value(rank)) for v, rank in VERDICT_RANK.items()),
    output_field=IntegerField(),
)

# Sort key: its label and the SQL ordering (the name, then the id, break ties).
SORTS: dict[str, tuple[str, tuple]] = {
    "profit": ("Profit, lowest first", (F("profit").asc(),)),
    "profit_high": ("Profit, highest first", (F("profit").desc(),)),
    "revenue": ("Revenue, highest first", (F("revenue").desc(),)),
    "cost": ("Cost to serve, highest first", (F("cost_to_serve").desc(),)),
    "margin": ("Margin, lowest first", (F("margin").asc(nulls_last=True),)),
    "verdict": ("Verdict, Boot first", (_verdict_rank.asc(), F("profit").asc())),
}
DEFAULT_SORT = "profit"


@dataclass(frozen=True)
class StandingQuestion:
    """One of the four questions as stored: its number, words and rating (no explanation, no evidence)."""

    number: int
    key: str
    question: str
    rating: Rating


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


class RowMoney(NamedTuple):
    """A customer's money for one period as a page row shows it: a tuple (50 per page, thousands per export)."""

    revenue: Decimal
    cash_collected: Decimal
    staff_minutes: int
    staff_cost: Decimal
    direct_costs: Decimal
    concessions: Decimal
    cost_to_serve: Decimal
    profit: Decimal
    margin: Decimal | None  # profit / revenue; None without revenue

    @property
    def staff_hours(self) -> Decimal:
        return _hours(self.staff_minutes)


assert RowMoney._fields == (*PERIOD_MONEY, "margin")  # read in that order by ``ranked``


@dataclass(frozen=True)
class StandingRow:
    id: int
    name: str
    verdict: Verdict
    main_reason: str
    questions: tuple[StandingQuestion, ...]
    money: RowMoney | None  # the chosen period's (None when only the standing was read)
    last_notice_date: datetime.date | None


def _rated(ratings) -> tuple[StandingQuestion, ...]:
    """The four questions with their ratings, given in ``QUESTIONS`` order."""
    return tuple(
        StandingQuestion(number, key, QUESTIONS[key], Rating(rating))
        for number, (key, rating) in enumerate(zip(QUESTIONS, ratings, strict=True), start=1)
    )


def _row(standing: Standing) -> StandingRow:
    customer = standing.customer
    return StandingRow(
        customer.pk,
        customer.name,
        Verdict(standing.verdict),
        standing.main_reason,
        _rated(getattr(standing, key) for key in QUESTIONS),
        None,
        standing.last_notice_date,
    )


# What a page row (``StandingRow``) reads of a standing: not its receivables (nor its period row's raw sums).
STANDING_ROW_FIELDS = ("verdict", "main_reason", *QUESTIONS, "last_notice_date")
# What ``ranked`` reads per customer, as tuples: the money, then the customer, then the standing.
RANKED_FIELDS = (
    *RowMoney._fields,
    "customer_id",
    "customer__name",
    *(f"customer__standing__{f}" for f in STANDING_ROW_FIELDS),
)


def ranked(business: Business, *, period: str, sort: str = DEFAULT_SORT, verdict: str = "") -> QuerySet:
    """The customers' money for ``period`` with their standing, in ``sort`` order (slice it, then ``rows_of``)."""
    rows = StandingPeriod.objects.filter(business=business, period=period).order_by(
        *SORTS.get(sort, SORTS[DEFAULT_SORT])[1], "customer__name", "customer_id"
    )
    if verdict:
        rows = rows.filter(customer__standing__verdict=verdict)
    return rows.values_list(*RANKED_FIELDS)


def rows_of(ranked_rows) -> list[StandingRow]:
    """Page rows from ``ranked``'s tuples (not three model instances per row: 6.1 ms to 3.7 ms for the demo's page)."""
    money = len(RowMoney._fields)
    rows = []
    for values in ranked_rows:
        customer_id, name, verdict, main_reason, *ratings, last_notice_date = values[money:]
        rows.append(
            StandingRow(
                customer_id,
                name,
                Verdict(verdict),
                main_reason,
                _rated(ratings),
                RowMoney(*values[:money]),
                last_notice_date,
            )
        )
    return rows


@dataclass(frozen=True)
class PeriodSums:
    """The business's sums of the customers' stored figures for one period."""

    customers: int
    revenue: Decimal
    cash_collected: Decimal
    staff_minutes: int
    staff_cost: Decimal
    direct_costs: Decimal
    concessions: Decimal
    cost_to_serve: Decimal
    profit: Decimal
    losing: int  # customers who cost more than they paid
    active: int  # customers with any revenue or cost
    staff_minute_cost: Decimal  # minutes x hourly cost, unrounded

    @property
    def staff_hours(self) -> Decimal:
        return _hours(self.staff_minutes)

    @property
    def margin(self) -> Decimal | None:
        return self.profit / self.revenue if self.revenue else None


def period_sums(business: Business, periods: list[str]) -> dict[str, PeriodSums]:
    """Sums over every customer for each period key (one query over the business's ``StandingPeriodSum`` rows)."""
    rows = (
        StandingPeriodSum.objects.filter(business=business, period__in=periods)
        .values("period")
        .annotate(
            n_customers=Sum("customers"),
            n_losing=Sum("losing"),
            n_active=Sum("active"),
            **{f"sum_{name}": Sum(name) for name in SUMMED},
        )
        .order_by()
    )
    found = {
        row["period"]: PeriodSums(
            customers=row["n_customers"],
            losing=row["n_losing"],
            active=row["n_active"],
            **{name: row[f"sum_{name}"] for name in SUMMED},  # type: ignore[literal-required]  # sum_<name>, above
        )
        for row in rows
        if row["n_customers"]  # every customer's rows gone since the last fold: none
    }
    empty = PeriodSums(0, ZERO, ZERO, 0, ZERO, ZERO, ZERO, ZERO, ZERO, 0, 0, ZERO)
    return {key: found.get(key, empty) for key in periods}


def verdict_counts(business: Business) -> dict[str, int]:
    """How many customers have each verdict, Boot first (one query)."""
    counts = dict(Standing.objects.filter(business=business).values_list("verdict").annotate(n=Count("pk")))
    return {v.value: counts.get(v.value, 0) for v in VERDICT_RANK}


# The watchlist reads Boot then Renegotiate in one pass along the (business, verdict, notice date) index:
# the verdicts' stored words sort in that order.
WATCHLIST = (Verdict.BOOT, Verdict.RENEGOTIATE)
assert sorted(v.value for v in WATCHLIST) == [v.value for v in WATCHLIST]


def watchlist(business: Business, *, limit: int) -> list[StandingRow]:
    """Boot, then Renegotiate, the soonest notice date first (one query, read along an index)."""
    standings = (
        Standing.objects.filter(business=business, verdict__in=[v.value for v in WATCHLIST])
        .select_related("customer")
        .only("customer__name", *STANDING_ROW_FIELDS)
        .order_by("verdict", F("last_notice_date").asc(nulls_last=True), "customer__name", "customer_id")
    )
    return [_row(s) for s in standings[:limit]]


def profits(business: Business, *, period: str) -> list[tuple[int, Decimal]]:
    """Every customer's profit for the period, as (customer id, profit): ``rules.whale_curve``'s input."""
    return list(StandingPeriod.objects.filter(business=business, period=period).values_list("customer_id", "profit"))


@dataclass(frozen=True)
class Whale:
    """The whale curve of a period drawn through at most ``points`` of its points, and its shape."""

    points: list[WhalePoint]  # most profitable first; every customer's when there are few
    shape: WhaleShape | None  # None: no customers


# ``rules.whale_curve`` and ``rules.whale_shape`` in SQL, over the stored profits: the running total in a window,
# then only the rows the chart draws and the shape names (the peak, the end of the best fifth), so a business
# of any size sends a few dozen rows instead of one per customer. Tests hold it to the rules.
_WHALE_SQL = f"""
    WITH curve AS (
        SELECT customer_id, profit,
               ROW_NUMBER() OVER (ORDER BY profit DESC, customer_id) AS position,
               SUM(profit) OVER (ORDER BY profit DESC, customer_id ROWS UNBOUNDED PRECEDING) AS running
        FROM {StandingPeriod._meta.db_table}
        WHERE business_id = %(business)s AND period = %(period)s
    ), totals AS (
        SELECT COUNT(*) AS customers, COALESCE(SUM(profit), 0) AS total, COUNT(*) FILTER (WHERE profit < 0) AS losing,
               -COALESCE(SUM(profit) FILTER (WHERE profit < 0), 0) AS losses
        FROM curve
    ), peak AS (
        SELECT position FROM curve ORDER BY running DESC, position LIMIT 1
    ), drawn AS (  -- evenly spread positions, worked out once (a join, not a subquery per customer)
        SELECT DISTINCT CEIL(k * t.customers / %(points)s::numeric)::bigint AS position
        FROM totals t CROSS JOIN generate_series(1, %(points)s) AS k
    )
    SELECT c.customer_id, c.profit, c.position, c.running, t.customers, t.total, t.losing, t.losses,
           c.position = p.position AS is_peak, c.position = CEIL(t.customers / 5.0) AS ends_best_fifth,
           t.customers <= %(points)s OR d.position IS NOT NULL AS drawn
    FROM curve c CROSS JOIN totals t CROSS JOIN peak p LEFT JOIN drawn d ON d.position = c.position
    WHERE t.customers <= %(points)s OR d.position IS NOT NULL OR c.position = p.position
       OR c.position = CEIL(t.customers / 5.0)
    ORDER BY c.position
"""  # noqa: S608 (a model's table name; every value is a parameter)


def whale(business: Business, *, period: str, points: int) -> Whale:
    """The period's whale curve through at most ``points`` points, and its shape (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_WHALE_SQL, {"business": business.pk, "period": period, "points": points})
        rows = cursor.fetchall()
    if not rows:
        return Whale([], None)
    customers, total, losing, losses = rows[0][4:8]
    drawn, peak, best_fifth = [], None, None
    for customer_id, profit, position, running, *_, is_peak, ends_best_fifth, is_drawn in rows:
        point = WhalePoint(customer_id, profit, Decimal(position) / customers, running, share(running, total))
        if is_drawn:
            drawn.append(point)
        if is_peak:
            peak = (position, running)
        if ends_best_fifth:
            best_fifth = (position, running)
    assert peak is not None and best_fifth is not None  # every curve has both (rows exist)

    def of_total(amount: Decimal) -> Decimal | None:
        return amount / total if total > 0 else None

    return Whale(
        drawn,
        WhaleShape(
            customers=customers,
            total_profit=total,
            best_count=peak[0],
            peak_profit=peak[1],
            peak_share=of_total(peak[1]),
            top_fifth_count=best_fifth[0],
            top_fifth_profit=best_fifth[1],
            top_fifth_share=of_total(best_fifth[1]),
            losing_count=losing,
            losses=losses,
            losses_share=of_total(losses),
            losing_customers_share=Decimal(losing) / customers,
        ),
    )


class PeriodMoney(NamedTuple):
    """The three figures of a period row the charts draw (a tuple: the scatter builds 300 of them per view)."""

    revenue: Decimal
    cost_to_serve: Decimal
    profit: Decimal

    @property
    def loses_money(self) -> bool:
        return self.profit < 0


@dataclass(frozen=True)
class MoneyRow:
    """A customer's name and money for one period (what the charts draw; no verdict)."""

    id: int
    name: str
    money: PeriodMoney


MONEY_FIELDS = ("customer_id", "customer__name", "revenue", "cost_to_serve", "profit")


def _top(business: Business, *, period: str, order: OrderBy, limit: int, where: Q) -> list[MoneyRow]:
    """The first ``limit`` customers of the period in ``order`` (ties: the lower id), with their names.

    The narrow period rows are sorted alone and only the chosen few are joined
    to their customers: two queries' worth of work in one.
    """
    first = (
        StandingPeriod.objects.filter(business=business, period=period)
        .filter(where)
        .order_by(order, "customer_id")
        .values("pk")[:limit]
    )
    rows = StandingPeriod.objects.filter(pk__in=Subquery(first)).order_by(order, "customer_id")
    return [MoneyRow(pk, name, PeriodMoney(*money)) for pk, name, *money in rows.values_list(*MONEY_FIELDS)]


def biggest(business: Business, *, period: str, limit: int) -> list[MoneyRow]:
    """The customers with the most revenue or cost to serve in the period (for the scatter chart)."""
    size = Greatest("revenue", "cost_to_serve").desc()
    return _top(business, period=period, order=size, limit=limit, where=~Q(revenue=0, cost_to_serve=0))


def top_revenue(business: Business, *, period: str, limit: int, among: list[MoneyRow] | None = None) -> list[MoneyRow]:
    """The customers who brought the most revenue in the period (for the concentration chart).

    ``among``: every customer of the period with any revenue or cost, when a page
    has read them already (``biggest`` returning fewer than its limit, as it does
    for most small businesses): sorted here, in the same order, instead of read again.
    """
    if among is not None:
        earning = [row for row in among if row.money.revenue > 0]
        return sorted(earning, key=lambda row: (-row.money.revenue, row.id))[:limit]
    return _top(business, period=period, order=F("revenue").desc(), limit=limit, where=Q(revenue__gt=0))
