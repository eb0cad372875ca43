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
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.postgres.aggregates import ArrayAgg, RegrIntercept, RegrSlope
from django.db import connection
from django.db.models import Count, DecimalField, ExpressionWrapper, F, IntegerField, Max, Min, Q, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, ExtractMonth, ExtractYear

from accounts.models import Business
from customers.models import Contract, CostEntry, Customer, Interaction, Invoice, Payment

from ..periods import LIFETIME, TRAILING_3, TRAILING_12, Period
from ..rules import DemandFigures, Evidence, GoodNatureFigures, PaymentFigures, PeriodTotals, ReputationFigures

ZERO = Decimal("0")
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=20, decimal_places=2)


@dataclass(slots=True)
class ContractFacts:
    """The customer's active contract, with the fee as amended by addenda effective by today."""

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


def _day_q(name: str, period: Period) -> Q:
    q = Q(**{f"{name}__lte": period.end})
    return q & Q(**{f"{name}__gte": period.start}) if period.start else q


def _instant_q(period: Period, tz: ZoneInfo) -> Q:
    q = Q(occurred_at__lt=period.ends_before(tz))
    return q & Q(occurred_at__gte=period.starts_at(tz)) if period.start else q


def _scoped(queryset, business: Business, customer_id: int | None, field_name: str = "customer_id"):
    queryset = queryset.filter(business_id=business.pk)
    return queryset.filter(**{field_name: customer_id}) if customer_id is not None else queryset


def _rows_by_customer(queryset) -> dict[int, dict]:
    """Run a ``values("customer_id").annotate(...)`` query on the cursor, keyed by its first column.

    The database already returns Decimals, ints, dates and lists; skipping the
    ORM's per-value converters matters with ten thousand customers.
    """
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _evidence(kind: str, ids: Iterable[int] | None) -> tuple[Evidence, ...]:
    return tuple(Evidence(kind, pk) for pk in ids or ())


def _customers(business: Business, customer_id: int | None) -> dict[int, CustomerFigures]:
    rows = _scoped(Customer.objects.all(), business, customer_id, "pk").order_by("name", "pk")
    return {
        pk: CustomerFigures(pk, name, status, since)
        for pk, name, status, since in rows.values_list("pk", "name", "status", "customer_since")
    }


def _contracts(business: Business, customer_id: int | None, today: datetime.date) -> dict[int, ContractFacts]:
    """Active contracts, read as plain rows (no model instances: thousands of them on a large business)."""
    rows = (
        _scoped(Contract.objects.active(), business, customer_id)
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
        .annotate(fee_change=Sum("addenda__fee_change", filter=Q(addenda__effective_date__lte=today), default=ZERO))
        .order_by()
    )
    facts = {}
    for row in rows:
        amended = row["fee"] + row["fee_change"]
        months = Contract.MONTHS_PER_PERIOD.get(row["billing_period"])  # as Contract.monthly_fee does
        end = row["end_date"]
        facts[row["customer_id"]] = ContractFacts(
            id=row["pk"],
            title=row["title"],
            fee=amended,
            billing_period=row["billing_period"],
            monthly_fee=(amended / months).quantize(CENT) if months else None,
            support_hours_per_month=row["support_hours_per_month"],
            start_date=row["start_date"],
            end_date=end,
            auto_renew=row["auto_renew"],
            notice_period_days=row["notice_period_days"],
            last_notice_date=end - datetime.timedelta(days=row["notice_period_days"]) if end else None,
        )
    return facts


def _ids(condition: Q, order_by: str | tuple = "-occurred_at") -> ArrayAgg:
    return ArrayAgg("pk", filter=condition, order_by=order_by)


def _interaction_rows(business, customer_id, periods, tz, evidence: bool) -> dict[int, dict]:
    minute_cost = ExpressionWrapper(F("duration_minutes") * F("hourly_cost"), output_field=MONEY)
    last_3, last_12 = _instant_q(periods[TRAILING_3], tz), _instant_q(periods[TRAILING_12], tz)
    outside = Q(in_scope=False)
    aggregates = {}
    for key, period in periods.items():
        in_period = _instant_q(period, tz) if period.start else None  # the WHERE clause already ends at today
        aggregates[f"{key}__minutes"] = Sum("duration_minutes", filter=in_period, default=0)
        aggregates[f"{key}__minute_cost"] = Sum(minute_cost, filter=in_period, default=ZERO)
    aggregates |= {
        "outside_minutes_3": Sum("duration_minutes", filter=last_3 & outside, default=0),
        "outside_cost_3": Sum(minute_cost, filter=last_3 & outside, default=ZERO),
        "angry_3": Count("pk", filter=last_3 & Q(angry_when_refused=True)),
        "discount_requests": Count("pk", filter=last_12 & Q(asked_discount=True)),
        "disputes": Count("pk", filter=last_12 & Q(disputed_invoice=True)),
        "threats": Count("pk", filter=last_12 & Q(threatened_review=True)),
        "public_complaints": Count("pk", filter=last_12 & Q(public_complaint=True)),
        "complaints": Count("pk", filter=last_12 & Q(complained=True)),
        "abuse": Count("pk", filter=last_12 & Q(abusive=True)),
    }
    if evidence:
        aggregates |= {
            "demand_ids": _ids(last_3 & (outside | Q(out_of_scope_request=True) | Q(angry_when_refused=True))),
            "good_nature_ids": _ids(last_12 & (Q(asked_discount=True) | Q(disputed_invoice=True))),
            "reputation_ids": _ids(
                last_12 & (Q(threatened_review=True) | Q(public_complaint=True) | Q(complained=True) | Q(abusive=True))
            ),
        }
    queryset = _scoped(Interaction.objects.all(), business, customer_id).filter(
        occurred_at__lt=periods[LIFETIME].ends_before(tz)
    )
    return _rows_by_customer(queryset.values("customer_id").annotate(**aggregates).order_by())


def _cost_rows(business, customer_id, periods, evidence: bool) -> dict[int, dict]:
    concession = Q(kind__in=CostEntry.CONCESSIONS)
    aggregates = {}
    for key, period in periods.items():
        in_period = _day_q("date", period)
        aggregates[f"{key}__direct"] = Sum("amount", filter=in_period & ~concession, default=ZERO)
        aggregates[f"{key}__concessions"] = Sum("amount", filter=in_period & concession, default=ZERO)
    if evidence:
        aggregates["concession_ids"] = _ids(_day_q("date", periods[TRAILING_12]) & concession, "-date")
    queryset = _scoped(CostEntry.objects.all(), business, customer_id).filter(date__lte=periods[LIFETIME].end)
    return _rows_by_customer(queryset.values("customer_id").annotate(**aggregates).order_by())


def _invoice_rows(business, customer_id, periods, today, evidence: bool) -> dict[int, dict]:
    days_late = RawSQL("GREATEST(COALESCE(paid_in_full_on, %s) - due_date, 0)", [today], output_field=IntegerField())
    # The month an invoice fell due as one number (periods.month_index), so months can be subtracted.
    due_month = Cast(ExtractYear("due_date") * 12 + ExtractMonth("due_date") - 1, output_field=IntegerField())
    due = Q(due_date__gte=periods[TRAILING_12].start, due_date__lte=today)
    aggregates = {
        f"{key}__revenue": Sum("amount", filter=_day_q("issue_date", p), default=ZERO) for key, p in periods.items()
    }
    aggregates |= {
        "invoices_due": Count("pk", filter=due),
        "amount_due": Sum("amount", filter=due, default=ZERO),
        "amount_days_late": Sum(
            ExpressionWrapper(F("amount") * F("days_late"), output_field=MONEY), filter=due, default=ZERO
        ),
        "over_30": Count("pk", filter=due & Q(days_late__gt=30)),
        "worst": Max("days_late", filter=due, default=0),
        # The trend: a least-squares line of each invoice's days late against the month it fell due.
        "trend_slope": RegrSlope("days_late", "due_month", filter=due),
        "trend_intercept": RegrIntercept("days_late", "due_month", filter=due),
        "first_due_month": Min("due_month", filter=due),
        "last_due_month": Max("due_month", filter=due),
        "overdue_balance": Sum(
            ExpressionWrapper(F("amount") - F("amount_paid"), output_field=MONEY),
            filter=Q(paid_in_full_on__isnull=True, due_date__lt=today),
            default=ZERO,
        ),
    }
    if evidence:
        aggregates["late_ids"] = _ids(due & Q(days_late__gt=0), ("-days_late", "-due_date"))
    queryset = (
        _scoped(Invoice.objects.all(), business, customer_id)
        .filter(issue_date__lte=today)
        .alias(days_late=days_late, due_month=due_month)
    )
    return _rows_by_customer(queryset.values("customer_id").annotate(**aggregates).order_by())


def _cash_rows(business, customer_id, periods) -> dict[int, dict]:
    aggregates = {f"{key}__cash": Sum("amount", filter=_day_q("date", p), default=ZERO) for key, p in periods.items()}
    queryset = _scoped(Payment.objects.all(), business, customer_id, "invoice__customer_id").filter(
        date__lte=periods[LIFETIME].end
    )
    return _rows_by_customer(queryset.values("invoice__customer_id").annotate(**aggregates).order_by())


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 4)))


def customer_figures(
    business: Business,
    *,
    today: datetime.date,
    periods: dict[str, Period],
    customer_id: int | None = None,
    evidence: bool = False,
) -> list[CustomerFigures]:
    """The figures of every customer of ``business`` (or only ``customer_id``), ordered by name.

    ``periods`` must include ``trailing_3``, ``trailing_12`` and ``lifetime``
    (see ``periods.standard_periods``); any other period (a month, the 12
    months before...) is summed too. Customers with no records get zeros.
    ``evidence`` adds the ids of the records behind each question (arrays
    built in SQL): pages showing one customer want them, overviews do not.
    """
    tz = ZoneInfo(business.time_zone)
    customers = _customers(business, customer_id)
    contracts = _contracts(business, customer_id, today)
    interactions = _interaction_rows(business, customer_id, periods, tz, evidence)
    costs = _cost_rows(business, customer_id, periods, evidence)
    invoices = _invoice_rows(business, customer_id, periods, today, evidence)
    cash = _cash_rows(business, customer_id, periods)

    keys = [
        (
            key,
            f"{key}__revenue",
            f"{key}__cash",
            f"{key}__minutes",
            f"{key}__minute_cost",
            f"{key}__direct",
            f"{key}__concessions",
        )
        for key in periods
    ]
    none: dict = {}
    for pk, figures in customers.items():
        seen, cost, billed, paid = (
            interactions.get(pk, none),
            costs.get(pk, none),
            invoices.get(pk, none),
            cash.get(pk, none),
        )
        figures.contract = contract = contracts.get(pk)
        figures.periods = {
            key: PeriodTotals(
                revenue=billed.get(revenue, ZERO),
                cash_collected=paid.get(cash_key, ZERO),
                minutes=seen.get(minutes, 0),
                minute_cost=seen.get(minute_cost, ZERO),
                direct_costs=cost.get(direct, ZERO),
                concessions=cost.get(concessions, ZERO),
            )
            for key, revenue, cash_key, minutes, minute_cost, direct, concessions in keys
        }
        allowance = contract.support_hours_per_month if contract else None
        figures.demand = DemandFigures(
            minutes=seen.get(f"{TRAILING_3}__minutes", 0),
            out_of_scope_minutes=seen.get("outside_minutes_3", 0),
            scope_creep_cost=(seen.get("outside_cost_3", ZERO) / 60).quantize(Decimal("0.01")),
            support_hours=(Decimal(seen.get(f"{TRAILING_3}__minutes", 0)) / 60).quantize(Decimal("0.01")),
            allowance_hours=allowance * periods[TRAILING_3].months if allowance is not None else None,
            angry_refusals=seen.get("angry_3", 0),
            evidence=_evidence("interaction", seen.get("demand_ids")),
        )
        figures.good_nature = GoodNatureFigures(
            revenue=billed.get(f"{TRAILING_12}__revenue", ZERO),
            concessions=cost.get(f"{TRAILING_12}__concessions", ZERO),
            discount_requests=seen.get("discount_requests", 0),
            invoice_disputes=seen.get("disputes", 0),
            evidence=_evidence("cost_entry", cost.get("concession_ids"))
            + _evidence("interaction", seen.get("good_nature_ids")),
        )
        figures.reputation = ReputationFigures(
            threats=seen.get("threats", 0),
            public_complaints=seen.get("public_complaints", 0),
            complaints=seen.get("complaints", 0),
            abuse=seen.get("abuse", 0),
            evidence=_evidence("interaction", seen.get("reputation_ids")),
        )
        amount_due = billed.get("amount_due", ZERO)
        figures.payment = PaymentFigures(
            invoices_due=billed.get("invoices_due", 0),
            average_days_late=(billed["amount_days_late"] / amount_due).quantize(Decimal("0.1"))
            if amount_due
            else None,
            invoices_over_30_days=billed.get("over_30", 0),
            worst_days_late=billed.get("worst", 0),
            overdue_balance=billed.get("overdue_balance", ZERO),
            trend_months=billed["last_due_month"] - billed["first_due_month"] + 1
            if billed.get("last_due_month")
            else 0,
            trend_slope=_decimal(billed.get("trend_slope")),
            trend_intercept=_decimal(billed.get("trend_intercept")),
            trend_last_month=billed.get("last_due_month"),
            evidence=_evidence("invoice", billed.get("late_ids")),
        )
    return list(customers.values())
