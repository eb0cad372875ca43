"""Set-based reads: the figures of every customer of a business in a fixed number of queries.

``customer_figures`` runs the same six queries whether a business has two
customers or ten thousand: customers, active contracts with their amended
fee, then one grouped aggregate each over interactions, cost entries,
invoices (with the least-squares trend of days late) and payments.
Passing ``customer_id`` narrows every query to one customer (and its indexes).
Periods are date ranges; interactions are compared with the instants of the
business's local midnights (see ``periods``).
"""

from __future__ import annotations

import datetime
import functools
from collections import namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.contrib.postgres.aggregates import ArrayAgg, RegrIntercept, RegrSlope
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, ExtractMonth, ExtractYear

from accounts.models import Business
from customers.models import Addendum, Contract, CostEntry, Customer, Interaction, Invoice, Payment
from customers.models.billing import overdue_q

from ..periods import LIFETIME, TRAILING_3, TRAILING_12, Period
from ..rules import DemandFigures, Evidence, GoodNatureFigures, PaymentFigures, PeriodTotals, ReputationFigures
from .filters import CENT, MONEY, ZERO, day_q, instant_q, scoped

TENTH = Decimal("0.1")
SIGNED = {"addenda__status": Addendum.Status.SIGNED}


@dataclass(slots=True)
class ContractFacts:
    """The customer's active contract, with the fee and support hours as amended by signed addenda in force today."""

    id: int
    title: str
    fee: Decimal  # per billing period, as amended
    billing_period: str
    monthly_fee: Decimal | None  # None for one-off contracts
    support_hours_per_month: Decimal | None
    start_date: datetime.date
    end_date: datetime.date | None  # the end or renewal date
    auto_renew: bool
    notice_period_days: int
    last_notice_date: datetime.date | None


@dataclass
class CustomerFigures:
    """Everything the rules need about one customer, as gathered from the database."""

    id: int
    name: str
    status: str
    customer_since: datetime.date
    contract: ContractFacts | None = None
    periods: dict[str, PeriodTotals] = field(default_factory=dict)
    demand: DemandFigures | None = None
    good_nature: GoodNatureFigures | None = None
    reputation: ReputationFigures | None = None
    payment: PaymentFigures | None = None


class _Rows(NamedTuple):
    """One grouped query's rows by customer id, and the row standing for a customer without records."""

    # Rows are named tuples made at run time from the query's columns (``_compile``): typed as Any.
    by_customer: dict[int, Any]
    empty: Any

    def of(self, customer_id: int) -> Any:
        return self.by_customer.get(customer_id, self.empty)


def _fetch(queryset) -> list[tuple]:
    """The query's rows as plain tuples, in the order of its SELECT (see ``_grouped_rows`` for why)."""
    with connection.cursor() as cursor:
        cursor.execute(*_sql(queryset))
        return cursor.fetchall()


def _sql(queryset) -> tuple[str, tuple]:
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


class _FrozenPeriods(dict):
    """The periods as a hashable mapping, so compiled queries can be kept per set of periods."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self.items()))


# Stands for "the one customer" in a compiled query; real ids are positive.
_ONE_CUSTOMER = -(2**62)
_row_type: Callable[..., Any] = namedtuple  # columns known only at run time


def _compile(builder: Callable, business: Business, scope, args: tuple) -> tuple[str, tuple, Any, Any]:
    """Build and compile one grouped query: its SQL, parameters, row type and row for "no records"."""
    queryset, aggregates = builder(business, scope, *args)
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    names = [*queryset.query.values_select, *queryset.query.annotation_select]
    row = _row_type("Row", names)
    empty = row._make(_no_rows_value(aggregates[name]) if name in aggregates else None for name in names)
    return sql, tuple(params), row, empty


@functools.lru_cache(maxsize=256)
def _compiled(builder: Callable, business: Business, one_customer: bool, args: tuple) -> tuple[str, tuple, Any, Any]:
    """``_compile``, kept (like a prepared statement; never any data) per business, periods and day.

    Building ~60 filtered aggregates with the ORM costs more than running them
    for one customer, so the SQL text is reused with the customer as a parameter.
    Still needed for issue 10's "log a call in under 50 ms": measured on 27 Nov
    2026 (demo business, 8 standing periods, median CPU time of 40 one-customer
    evaluations), 5.4 ms with the cache against 23.6 ms rebuilding it each time.
    """
    return _compile(builder, business, _ONE_CUSTOMER if one_customer else None, args)


def _grouped_rows(
    builder: Callable, business: Business, customer_id: int | tuple[int, ...] | None, *args: Any
) -> _Rows:
    """Run a builder's grouped query (see ``_compiled``), rows keyed by customer id.

    Rows come back as named tuples straight from the cursor: the database
    already returns Decimals, ints, dates and lists, and skipping the ORM's
    per-value converters and per-row dicts matters with ten thousand customers.
    A customer without records gets what the aggregates give for no rows
    (their ``default``: zeros for sums and counts, None otherwise).
    """
    sql, params, row, empty = _grouped_query(builder, business, customer_id, *args)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _grouped_from(cursor.fetchall(), row, empty)


def _grouped_query(
    builder: Callable, business: Business, customer_id: int | tuple[int, ...] | None, *args: Any
) -> tuple[str, tuple, Any, Any]:
    """``_grouped_rows``' SQL and parameters, its row type and its row for a customer without records."""
    if isinstance(customer_id, tuple):  # a few customers (a standings refresh): built for them
        sql, params, row, empty = _compile(builder, business, customer_id, args)
    else:
        sql, params, row, empty = _compiled(builder, business, customer_id is not None, args)
    if customer_id is not None and not isinstance(customer_id, tuple):
        params = tuple(customer_id if type(value) is int and value == _ONE_CUSTOMER else value for value in params)
    return sql, params, row, empty


def _grouped_from(rows: list[tuple], row: Any, empty: Any) -> _Rows:
    return _Rows({values[0]: row._make(values) for values in rows}, empty)


def _no_rows_value(aggregate):
    return aggregate.default if aggregate.default is not None else aggregate.empty_result_set_value


def _evidence(kind: str, ids: Iterable[int] | None) -> tuple[Evidence, ...]:
    return tuple(Evidence(kind, pk) for pk in ids or ())


def _customers(business: Business, customer_id: int | tuple[int, ...] | None) -> dict[int, CustomerFigures]:
    return _customers_from(_fetch(_customer_rows(business, customer_id)))


def _customer_rows(business: Business, customer_id: int | tuple[int, ...] | None) -> QuerySet:
    rows = scoped(Customer.objects.all(), business, customer_id, "pk").order_by("name", "pk")
    return rows.values_list("pk", "name", "status", "customer_since")


def _customers_from(rows: list[tuple]) -> dict[int, CustomerFigures]:
    return {pk: CustomerFigures(pk, name, status, since) for pk, name, status, since in rows}


def _contracts(
    business: Business, customer_id: int | tuple[int, ...] | None, today: datetime.date
) -> dict[int, ContractFacts]:
    """Active contracts, read as plain rows (no model instances: thousands of them on a large business)."""
    return _contracts_from(_fetch(_contract_rows(business, customer_id, today)))


def _contract_rows(business: Business, customer_id: int | tuple[int, ...] | None, today: datetime.date) -> QuerySet:
    """Only signed addenda count: a draft proposal changes nothing until the customer agrees."""
    return (
        scoped(Contract.objects.active(), business, customer_id)
        .values(
            "pk",
            "customer_id",
            "title",
            "fee",
            "billing_period",
            "support_hours_per_month",
            "start_date",
            "end_date",
            "auto_renew",
            "notice_period_days",
        )
        .annotate(
            fee_change=Sum("addenda__fee_change", filter=Q(addenda__effective_date__lte=today, **SIGNED), default=ZERO),
            amended_hours=Subquery(
                Addendum.objects.signed()
                .filter(contract=OuterRef("pk"), effective_date__lte=today, support_hours_per_month__isnull=False)
                .order_by("-effective_date", "-pk")
                .values("support_hours_per_month")[:1]
            ),
        )
        .order_by()
    )


def _contracts_from(rows: list[tuple]) -> dict[int, ContractFacts]:
    facts = {}
    months_per_period = Contract.MONTHS_PER_PERIOD  # as Contract.monthly_fee does
    for row in rows:
        pk, customer, title, fee, billing_period, hours, start, end, auto_renew, notice, fee_change, amended_hours = row
        amended = fee + fee_change
        hours = hours if amended_hours is None else amended_hours  # the latest signed addendum's hours win
        months = months_per_period.get(billing_period)
        facts[customer] = ContractFacts(
            pk,
            title,
            amended,
            billing_period,
            (amended / months).quantize(CENT) if months else None,
            hours,
            start,
            end,
            auto_renew,
            notice,
            end - datetime.timedelta(days=notice) if end else None,
        )
    return facts


def _count(condition: Q) -> Count:
    """Rows matching ``condition``, as ``COUNT(1) FILTER (WHERE ...)``.

    Counting a constant spares PostgreSQL reading each row's id (``Count("pk")``),
    30 to 40 ms on a million interactions; Django refuses ``Count("*", filter=...)``.
    """
    return Count(Value(1), filter=condition)


def _ids(condition: Q, order_by: str | tuple = "-occurred_at") -> ArrayAgg:
    # The id breaks ties (two records on the same day), so the list is the same whatever the query plan.
    order = (order_by,) if isinstance(order_by, str) else tuple(order_by)
    return ArrayAgg("pk", filter=condition, order_by=(*order, "-pk"))


def _interaction_query(business, customer_id, periods, tz, evidence: bool):
    minute_cost = ExpressionWrapper(F("duration_minutes") * F("hourly_cost"), output_field=MONEY)
    last_3, last_12 = instant_q(periods[TRAILING_3], tz), instant_q(periods[TRAILING_12], tz)
    outside = Q(in_scope=False)
    aggregates: dict[str, Aggregate] = {}
    for key, period in periods.items():
        in_period = instant_q(period, tz) if period.start else None  # the WHERE clause already ends at today
        aggregates[f"{key}__minutes"] = Sum("duration_minutes", filter=in_period, default=0)
        aggregates[f"{key}__minute_cost"] = Sum(minute_cost, filter=in_period, default=ZERO)
    aggregates |= {
        "outside_minutes_3": Sum("duration_minutes", filter=last_3 & outside, default=0),
        "outside_cost_3": Sum(minute_cost, filter=last_3 & outside, default=ZERO),
        "outside_cost_12": Sum(minute_cost, filter=last_12 & outside, default=ZERO),
        "angry_3": _count(last_3 & Q(angry_when_refused=True)),
        # Asked for something outside the contract: the work was done (time outside it) or they were told no.
        "outside_requests_3": _count(last_3 & (outside | Q(out_of_scope_request=True))),
        "dishonest_12": _count(last_12 & Q(dishonest=True)),
        "discount_requests": _count(last_12 & Q(asked_discount=True)),
        "disputes": _count(last_12 & Q(disputed_invoice=True)),
        "threats": _count(last_12 & Q(threatened_review=True)),
        "public_complaints": _count(last_12 & Q(public_complaint=True)),
        "complaints": _count(last_12 & Q(complained=True)),
        "abuse": _count(last_12 & Q(abusive=True)),
    }
    if evidence:
        aggregates |= {
            "demand_ids": _ids(last_3 & (outside | Q(out_of_scope_request=True) | Q(angry_when_refused=True))),
            "good_nature_ids": _ids(last_12 & (Q(asked_discount=True) | Q(disputed_invoice=True) | Q(dishonest=True))),
            "reputation_ids": _ids(
                last_12 & (Q(threatened_review=True) | Q(public_complaint=True) | Q(complained=True) | Q(abusive=True))
            ),
        }
    queryset = scoped(Interaction.objects.all(), business, customer_id).filter(
        occurred_at__lt=periods[LIFETIME].ends_before(tz)
    )
    return queryset.values("customer_id").annotate(**aggregates).order_by(), aggregates


def _cost_query(business, customer_id, periods, evidence: bool):
    concession = Q(kind__in=CostEntry.CONCESSIONS)
    aggregates: dict[str, Aggregate] = {}
    for key, period in periods.items():
        in_period = day_q("date", period)
        aggregates[f"{key}__direct"] = Sum("amount", filter=in_period & ~concession, default=ZERO)
        aggregates[f"{key}__concessions"] = Sum("amount", filter=in_period & concession, default=ZERO)
    if evidence:
        aggregates["concession_ids"] = _ids(day_q("date", periods[TRAILING_12]) & concession, "-date")
    queryset = scoped(CostEntry.objects.all(), business, customer_id).filter(date__lte=periods[LIFETIME].end)
    return queryset.values("customer_id").annotate(**aggregates).order_by(), aggregates


def _invoice_query(business, customer_id, periods, today, evidence: bool, revenue: bool = True):
    """Per customer: revenue per period, how late the invoices due in the last 12 months were, what is overdue.

    Without ``revenue`` (a whole-business refresh has it in the period rows) only
    the invoices the other sums count are read: those due in the last 12 months
    and those still overdue. A night's work then grows with the window, not with
    the years of history.
    """
    # The month an invoice fell due as one number (periods.month_index), so months can be subtracted.
    due_month = Cast(ExtractYear("due_date") * 12 + ExtractMonth("due_date") - 1, output_field=IntegerField())
    due = Q(due_date__gte=periods[TRAILING_12].start, due_date__lte=today)
    aggregates: dict[str, Aggregate] = {
        f"{key}__revenue": Sum("amount", filter=day_q("issue_date", p), default=ZERO)
        for key, p in (periods.items() if revenue else ())
    }
    aggregates |= {
        "invoices_due": _count(due),
        "amount_due": Sum("amount", filter=due, default=ZERO),
        "amount_days_late": Sum(
            ExpressionWrapper(F("amount") * F("days_late"), output_field=MONEY), filter=due, default=ZERO
        ),
        "over_30": _count(due & Q(days_late__gt=30)),
        "worst": Max("days_late", filter=due, default=0),
        # The trend: a least-squares line of each invoice's days late against the month it fell due.
        "trend_slope": RegrSlope("days_late", "due_month", filter=due),
        "trend_intercept": RegrIntercept("days_late", "due_month", filter=due),
        "first_due_month": Min("due_month", filter=due),
        "last_due_month": Max("due_month", filter=due),
        "overdue_balance": Sum("open_balance", filter=overdue_q(today), default=ZERO),
    }
    if evidence:
        aggregates["late_ids"] = _ids(due & Q(days_late__gt=0), ("-days_late", "-due_date"))
    queryset = scoped(Invoice.objects.all(), business, customer_id).filter(issue_date__lte=today)
    if not revenue:
        queryset = queryset.filter(due | overdue_q(today))
    queryset = queryset.with_days_late(today).with_balance().alias(due_month=due_month)
    return queryset.values("customer_id").annotate(**aggregates).order_by(), aggregates


def _cash_query(business, customer_id, periods):
    aggregates: dict[str, Aggregate] = {
        f"{key}__cash": Sum("amount", filter=day_q("date", p), default=ZERO) for key, p in periods.items()
    }
    queryset = scoped(Payment.objects.all(), business, customer_id, "invoice__customer_id").filter(
        date__lte=periods[LIFETIME].end
    )
    return queryset.values("invoice__customer_id").annotate(**aggregates).order_by(), aggregates


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 4)))


def customer_figures(
    business: Business,
    *,
    today: datetime.date,
    periods: dict[str, Period],
    customer_id: int | None = None,
    customer_ids: tuple[int, ...] | None = None,
    evidence: bool = False,
) -> list[CustomerFigures]:
    """The figures of every customer of ``business`` (or only ``customer_id``), ordered by name.

    ``periods`` must include ``trailing_3``, ``trailing_12`` and ``lifetime``
    (see ``periods.standard_periods``); any other period (a month, the 12
    months before...) is summed too. Customers with no records get zeros.
    ``customer_ids`` narrows them to a few customers (a standings refresh).
    ``evidence`` adds the ids of the records behind each question (arrays
    built in SQL): pages showing one customer want them, overviews do not.
    """
    tz = ZoneInfo(business.time_zone)
    scope: int | tuple[int, ...] | None = customer_id
    if customer_ids is not None:  # the same queries, for these customers only
        scope = tuple(customer_ids)
    customers = _customers(business, scope)
    contracts = _contracts(business, scope, today)
    frozen = _FrozenPeriods(periods)
    interactions = _grouped_rows(_interaction_query, business, scope, frozen, tz, evidence)
    costs = _grouped_rows(_cost_query, business, scope, frozen, evidence)
    invoices = _grouped_rows(_invoice_query, business, scope, frozen, today, evidence)
    cash = _grouped_rows(_cash_query, business, scope, frozen)
    return _assemble(customers, contracts, periods, interactions, costs, invoices, cash, evidence)


@dataclass
class SumsRecords:
    """What ``figures_from_sums`` reads besides the sums: customers, contracts, and invoices the rules count.

    ``read_beside_sums`` runs the queries, and each cursor holds its rows as the
    server sent them; ``figures_from_sums`` turns them into Python values (the slow
    part of a large read) without a query, so a caller can overlap that with writes
    on the server (``standings._refresh_business``).
    """

    periods: dict[str, Period]
    customers: Any  # a cursor that ran _customer_rows
    contracts: Any  # a cursor that ran _contract_rows
    invoices: Any  # a cursor that ran the invoice query
    invoice_row: Any
    invoice_empty: Any


def read_beside_sums(business: Business, *, today: datetime.date, periods: dict[str, Period]) -> SumsRecords:
    """Run the queries of the records ``figures_from_sums`` needs besides the sums, as ``customer_figures`` does.

    Of the invoices only those due in the last 12 months or still overdue (no revenue to sum).
    """
    sql, params, row, empty = _grouped_query(
        _invoice_query, business, None, _FrozenPeriods(periods), today, False, False
    )
    cursors = []
    try:
        for query in (_sql(_customer_rows(business, None)), _sql(_contract_rows(business, None, today)), (sql, params)):
            cursors.append(cursor := connection.cursor())
            cursor.execute(*query)
    except Exception:
        for cursor in cursors:
            cursor.close()
        raise
    customers, contracts, invoices = cursors
    return SumsRecords(periods, customers, contracts, invoices, row, empty)


def figures_from_sums(records: SumsRecords, sums: _Rows) -> list[CustomerFigures]:
    """``customer_figures`` of every customer, from ``read_beside_sums``' rows and the sums given; no query.

    ``sums`` has the columns of the revenue, interaction, cost and payment
    queries (``slices.figure_rows``: a whole business's refresh keeps them in
    its period rows). No evidence. Closes ``records``' cursors: use them once.
    """
    r = records
    try:
        customers, contracts = _customers_from(r.customers.fetchall()), _contracts_from(r.contracts.fetchall())
        invoices = _grouped_from(r.invoices.fetchall(), r.invoice_row, r.invoice_empty)
    finally:
        for cursor in (r.customers, r.contracts, r.invoices):
            cursor.close()
    return _assemble(customers, contracts, r.periods, sums, sums, invoices, sums, False, revenue_rows=sums)


def _assemble(
    customers: dict[int, CustomerFigures],
    contracts: dict[int, ContractFacts],
    periods: dict[str, Period],
    interactions: _Rows,
    costs: _Rows,
    invoices: _Rows,
    cash: _Rows,
    evidence: bool,
    revenue_rows: _Rows | None = None,
) -> list[CustomerFigures]:
    """Fill each customer's figures from the grouped rows (customers without rows get zeros).

    The revenue per period comes from ``revenue_rows`` when given, else from ``invoices``.
    """
    # Each period's columns, picked from the rows in one step (``periods`` has at least three keys).
    keys = tuple(periods)
    earnings = invoices if revenue_rows is None else revenue_rows
    revenue_of = _columns(earnings, "revenue", keys)
    cash_of = _columns(cash, "cash", keys)
    minutes_of, minute_cost_of = _columns(interactions, "minutes", keys), _columns(interactions, "minute_cost", keys)
    direct_of, concessions_of = _columns(costs, "direct", keys), _columns(costs, "concessions", keys)
    months_3 = periods[TRAILING_3].months
    assert months_3 is not None  # a trailing period has a length
    for pk, figures in customers.items():
        seen, cost, billed, earned = interactions.of(pk), costs.of(pk), invoices.of(pk), earnings.of(pk)
        figures.contract = contract = contracts.get(pk)
        figures.periods = {
            key: PeriodTotals(revenue, cash_collected, minutes, minute_cost, direct, concessions)
            for key, revenue, cash_collected, minutes, minute_cost, direct, concessions in zip(
                keys,
                revenue_of(earned),
                cash_of(cash.of(pk)),
                minutes_of(seen),
                minute_cost_of(seen),
                direct_of(cost),
                concessions_of(cost),
                strict=True,
            )
        }
        allowance = contract.support_hours_per_month if contract else None
        figures.demand = DemandFigures(
            minutes=seen.trailing_3__minutes,
            out_of_scope_minutes=seen.outside_minutes_3,
            scope_creep_cost=(seen.outside_cost_3 / 60).quantize(CENT),
            support_hours=(Decimal(seen.trailing_3__minutes) / 60).quantize(CENT),
            allowance_hours=allowance * months_3 if allowance is not None else None,
            angry_refusals=seen.angry_3,
            out_of_scope_requests=seen.outside_requests_3,
            scope_creep_cost_12=(seen.outside_cost_12 / 60).quantize(CENT),
            evidence=_evidence("interaction", seen.demand_ids) if evidence else (),
        )
        figures.good_nature = GoodNatureFigures(
            revenue=earned.trailing_12__revenue,
            concessions=cost.trailing_12__concessions,
            discount_requests=seen.discount_requests,
            invoice_disputes=seen.disputes,
            dishonest=seen.dishonest_12,
            evidence=_evidence("cost_entry", cost.concession_ids) + _evidence("interaction", seen.good_nature_ids)
            if evidence
            else (),
        )
        figures.reputation = ReputationFigures(
            threats=seen.threats,
            public_complaints=seen.public_complaints,
            complaints=seen.complaints,
            abuse=seen.abuse,
            evidence=_evidence("interaction", seen.reputation_ids) if evidence else (),
        )
        amount_due = billed.amount_due
        last_due_month = billed.last_due_month
        figures.payment = PaymentFigures(
            invoices_due=billed.invoices_due,
            average_days_late=(billed.amount_days_late / amount_due).quantize(TENTH) if amount_due else None,
            invoices_over_30_days=billed.over_30,
            worst_days_late=billed.worst,
            overdue_balance=billed.overdue_balance,
            trend_months=last_due_month - billed.first_due_month + 1 if last_due_month else 0,
            trend_slope=_decimal(billed.trend_slope),
            trend_intercept=_decimal(billed.trend_intercept),
            trend_last_month=last_due_month,
            evidence=_evidence("invoice", billed.late_ids) if evidence else (),
        )
    return list(customers.values())


def _columns(rows: _Rows, name: str, keys: tuple[str, ...]) -> Callable[[tuple], tuple]:
    """A function giving a row's ``<period>__<name>`` columns, one per period key, in one C-level call."""
    fields = rows.empty._fields
    return itemgetter(*(fields.index(f"{key}__{name}") for key in keys))
