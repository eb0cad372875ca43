"""Evaluations: the public entry points for pages, commands and the dashboard.

Reads
-----
``evaluate_business(business, *, today=None, month=None, evidence=False) -> BusinessEvaluation``
    Every customer of the business, in a fixed number of queries (7).
    ``BusinessEvaluation`` fields:
      - ``business``, ``today`` (date, in the business's time zone), ``thresholds`` (``rules.Thresholds``)
      - ``periods``: ``dict[str, periods.Period]`` keyed "month", "trailing_3", "trailing_12", "lifetime"
      - ``customers``: ``list[CustomerEvaluation]``, ordered by name
      - ``totals``: ``dict[str, rules.Profitability]`` summed over all customers, per period key
        (worked out on first read, like ``whale_curve``)
      - ``whale_curve``: ``list[rules.WhalePoint]`` (trailing 12 months' profit, most profitable first)
      - ``largest_share``: ``Decimal | None``, the biggest customer's share of 12-month revenue
      - ``by_id(customer_id) -> CustomerEvaluation``

``evaluate_customer(customer, *, today=None, month=None, extra_periods=None) -> CustomerEvaluation``
    One customer, with the same figures as in ``evaluate_business`` (8 queries).
    ``CustomerEvaluation`` fields:
      - ``id``, ``name``, ``status``, ``customer_since``
      - ``contract``: ``selectors.ContractFacts | None`` (active contract; fee as amended by addenda)
      - ``periods``: ``Mapping[str, rules.Profitability]``, read like a dict, each period worked out
        on first read (revenue, cash_collected, staff_hours, staff_cost, direct_costs, concessions,
        cost_to_serve, profit, margin, cost_to_revenue, allowance_hours, support_use; margin/ratios
        are None without revenue)
      - ``questions``: ``tuple[rules.QuestionResult, ...]`` (4; each: number, key, question,
        rating, explanation, figures: tuple[Figure(key, label, value, unit)], evidence:
        tuple[Evidence(kind, id)]; kind is "interaction", "invoice" or "cost_entry"; empty in
        ``evaluate_business`` unless ``evidence=True``; explanation and figures are written on
        first read, with the same values)
      - ``verdict``: ``rules.VerdictResult`` (verdict: rules.Verdict, reasons: tuple[Reason(severity,
        text, question)] worst first, dependence_warning: str | None, main_reason)
      - ``revenue_share``: ``Decimal | None`` (of the business's 12-month revenue)
      - ``lifetime_value``: ``Decimal`` (cumulative profit since the start)
      - ``projection_12_months``: ``Decimal | None`` (12 x amended monthly fee - last 12 months' cost)
      - ``scope_creep_cost``: ``Decimal`` (last 3 months' out-of-scope minutes at staff cost),
        ``scope_creep_cost_12`` the same over the last 12 months
      - ``what_if``: ``rules.WhatIf`` (revenue_lost, staff_hours_freed, hours_worth, profit_change)
      - ``figures``: the raw ``selectors.CustomerFigures``

Also: ``business_today(business)`` (today in the business's zone), ``thresholds_for(business)``;
``selectors.payment_trend(business, customer_id, today) -> list[(month, Decimal days late)]`` for a
chart, ``selectors.evidence_records(business, customer_id, evidence)`` for the records behind ratings,
``periods.standard_periods(today, month=None)`` and ``periods.Period`` for other date ranges
(``selectors.customer_figures`` takes any extra periods, e.g. the 12 months before).

Writes
------
``settings_for(business) -> EvaluationSettings`` (created with the defaults on first use)
``decision_record(*, customer, decision, note, decided_by, verdict="") -> Decision``
``snapshot_month(*, business, month, today=None) -> int`` (rows written for that month)
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cached_property
from operator import attrgetter
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Business
from customers.models import Customer

from . import rules, selectors
from .models import Choice, Decision, EvaluationSettings, MonthlySnapshot
from .periods import LIFETIME, MONTH, TRAILING_3, TRAILING_12, Period, month_end, month_start, standard_periods
from .rules import PeriodTotals, Profitability, QuestionResult, Thresholds, VerdictResult, WhatIf

# Reads that pages use beside the evaluations: pages import them from here, never from ``selectors``.
from .selectors.history import (  # noqa: E402,F401
    InvoiceLateness,
    MonthTotals,
    invoice_lateness,
    monthly_totals,
    overdue_balance,
)
from .selectors.records import evidence_records, payment_trend  # noqa: F401

# Months in each standard period, for the support-hours allowance (None: no allowance shown).
PERIOD_MONTHS = {MONTH: 1, TRAILING_3: 3, TRAILING_12: 12}


class ProfitabilityByPeriod(Mapping[str, Profitability]):
    """A customer's ``rules.Profitability`` per period key, each worked out when first read.

    The verdict needs the last 12 months, so that one is computed at once; the
    month, the last 3 months, the whole relationship and any extra period only
    when a page reads them (overviews of 10,000 customers mostly do not).
    Same keys, values and equality as the plain dict it stands for.
    """

    __slots__ = ("_totals", "_allowance", "_computed")

    def __init__(self, totals: Mapping[str, PeriodTotals], allowance: Decimal | None) -> None:
        self._totals = totals
        self._allowance = allowance
        self._computed = {TRAILING_12: rules.profitability(totals[TRAILING_12], allowance, 12)}

    def __getitem__(self, key: str) -> Profitability:
        value = self._computed.get(key)
        if value is None:
            value = self._computed[key] = rules.profitability(
                self._totals[key], self._allowance, PERIOD_MONTHS.get(key)
            )
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._totals)

    def __len__(self) -> int:
        return len(self._totals)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


@dataclass
class CustomerEvaluation:
    id: int
    name: str
    status: str
    customer_since: datetime.date
    contract: selectors.ContractFacts | None
    periods: Mapping[str, Profitability]  # a ProfitabilityByPeriod
    questions: tuple[QuestionResult, ...]
    verdict: VerdictResult
    revenue_share: Decimal | None
    lifetime_value: Decimal
    projection_12_months: Decimal | None
    scope_creep_cost: Decimal
    what_if: WhatIf
    figures: selectors.CustomerFigures

    @property
    def trailing_12(self) -> Profitability:
        return self.periods[TRAILING_12]

    @property
    def scope_creep_cost_12(self) -> Decimal | None:
        """As ``scope_creep_cost``, over the last 12 months."""
        return self.figures.demand.scope_creep_cost_12 if self.figures.demand else None

    def question(self, key: str) -> QuestionResult:
        return next(q for q in self.questions if q.key == key)


@dataclass
class BusinessEvaluation:
    business: Business
    today: datetime.date
    thresholds: Thresholds
    periods: dict[str, Period]
    customers: list[CustomerEvaluation]
    largest_share: Decimal | None = None

    # Worked out from ``customers`` on first read: no page shows them yet, and
    # with 10,000 customers they cost about 0.1 s (0.08 s the totals, 0.03 s the curve).
    @cached_property
    def totals(self) -> dict[str, Profitability]:
        return {key: _sum_totals(self.customers, key) for key in self.periods}

    @cached_property
    def whale_curve(self) -> list[rules.WhalePoint]:
        return rules.whale_curve((c.id, c.trailing_12.profit) for c in self.customers)

    def by_id(self, customer_id: int) -> CustomerEvaluation:
        return next(c for c in self.customers if c.id == customer_id)


def business_today(business: Business) -> datetime.date:
    """Today's date where the business is (not where the server is)."""
    return timezone.localdate(timezone=ZoneInfo(business.time_zone))


def thresholds_for(business: Business) -> Thresholds:
    """The business's thresholds; the defaults until an owner saves settings (no write on read)."""
    saved = EvaluationSettings.objects.filter(business=business).first()
    return saved.thresholds() if saved else rules.DEFAULT_THRESHOLDS


def settings_for(business: Business) -> EvaluationSettings:
    settings, _ = EvaluationSettings.objects.get_or_create(business=business)
    return settings


def _evaluate(
    figures: selectors.CustomerFigures, business_revenue_12: Decimal, t: Thresholds, currency_symbol: str = ""
) -> CustomerEvaluation:
    allowance = figures.contract.support_hours_per_month if figures.contract else None
    periods = ProfitabilityByPeriod(figures.periods, allowance)
    demand, good_nature, reputation, payment = figures.demand, figures.good_nature, figures.reputation, figures.payment
    assert demand and good_nature and reputation and payment, "customer_figures fills every question's figures"
    questions = (
        rules.demands(demand, t),
        rules.good_nature(good_nature, t),
        rules.reputation(reputation, t),
        rules.pays_on_time(payment, t),
    )
    last_12 = periods[TRAILING_12]
    revenue_share = rules.share(last_12.revenue, business_revenue_12)
    return CustomerEvaluation(
        id=figures.id,
        name=figures.name,
        status=figures.status,
        customer_since=figures.customer_since,
        contract=figures.contract,
        periods=periods,
        questions=questions,
        verdict=rules.verdict_for(last_12, questions, revenue_share, t, currency_symbol),
        revenue_share=revenue_share,
        lifetime_value=rules.profit_of(figures.periods[LIFETIME]),  # = periods[LIFETIME].profit
        projection_12_months=rules.projected_profit_12_months(
            figures.contract.monthly_fee if figures.contract else None, last_12.cost_to_serve
        ),
        scope_creep_cost=demand.scope_creep_cost,
        what_if=rules.what_if_without(last_12),
        figures=figures,
    )


def evaluation_of(
    figures: selectors.CustomerFigures,
    *,
    thresholds: Thresholds,
    currency_symbol: str = "",
    business_revenue_12: Decimal = Decimal(0),
) -> CustomerEvaluation:
    """A customer's evaluation from figures already gathered (the rules only, no query).

    Without the business's 12-month revenue the share of revenue and the
    dependence warning are left out; nothing else depends on them.
    """
    return _evaluate(figures, business_revenue_12, thresholds, currency_symbol)


def _sum_totals(evaluations: list[CustomerEvaluation], key: str) -> Profitability:
    totals = [c.figures.periods[key] for c in evaluations]

    def total(name: str, start=Decimal(0)):
        return sum(map(attrgetter(name), totals), start)

    return rules.profitability(
        PeriodTotals(
            revenue=total("revenue"),
            cash_collected=total("cash_collected"),
            minutes=total("minutes", 0),
            minute_cost=total("minute_cost"),
            direct_costs=total("direct_costs"),
            concessions=total("concessions"),
        )
    )


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause CPython's cycle collector while building thousands of evaluations.

    Evaluating 10,000 customers allocates about a million small objects, none
    in reference cycles; the collector would otherwise walk the whole heap again
    and again as they pile up (measured: 70% of the time spent in the rules).
    Reference counting still frees everything; the collector resumes afterwards.

    On the way out the new objects are handed to the oldest generation
    (``gc.freeze()`` then at once ``gc.unfreeze()``: two list splices, no walk)
    instead of being left in the youngest, whose next pass would walk all of
    them once more (about 0.15 s for 10,000 customers) only to find no cycle.
    Nothing stays frozen: cyclic garbage made meanwhile, here or in another
    thread, is still found by the next full collection. The one side effect: a
    process that froze its start-up objects on purpose (a gunicorn master's
    ``gc.freeze()`` before forking) gets them back in the oldest generation,
    where full collections walk them again; this project does not do that.

    Still needed (issue 10 asks each speed trick to show it): measured on 27 Nov
    2026 on the benchmark business (10,000 customers), median Python CPU time
    of 4 runs each, alternating: ``evaluate_business`` 0.57 s paused against
    1.07 s with the collector on; the whole-business standings refresh 0.76 s
    against 1.10 s.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def evaluate_business(
    business: Business,
    *,
    today: datetime.date | None = None,
    month: datetime.date | None = None,
    evidence: bool = False,
    extra_periods: Mapping[str, Period] | None = None,
) -> BusinessEvaluation:
    """Every customer's evaluation, the business's totals and its whale curve (see the module docstring).

    Ratings, explanations and figures are those of ``evaluate_customer``; the
    ids of the records behind each rating are left out unless ``evidence``
    is true (overviews do not list them, and they cost time on large businesses).
    ``extra_periods`` (for example a year to date, or the period before, for the
    dashboard) are summed in the same queries and appear in ``periods``, each
    customer's ``periods`` and ``totals`` under their keys; ratings and verdicts
    never depend on them.
    """
    today = today or business_today(business)
    t = thresholds_for(business)
    periods = {**standard_periods(today, month), **(extra_periods or {})}
    with cyclic_gc_paused():
        figures = selectors.customer_figures(business, today=today, periods=periods, evidence=evidence)
        revenue_12 = sum((f.periods[TRAILING_12].revenue for f in figures), Decimal(0))
        symbol = business.currency_symbol
        customers = [_evaluate(f, revenue_12, t, symbol) for f in figures]
        shares = [c.revenue_share for c in customers if c.revenue_share is not None]
        return BusinessEvaluation(
            business=business,
            today=today,
            thresholds=t,
            periods=periods,
            customers=customers,
            largest_share=max(shares, default=None),
        )


def evaluate_customer(
    customer: Customer,
    *,
    today: datetime.date | None = None,
    month: datetime.date | None = None,
    extra_periods: Mapping[str, Period] | None = None,
) -> CustomerEvaluation:
    """One customer's evaluation, identical to its entry in ``evaluate_business`` (with the same ``extra_periods``)."""
    business = customer.business
    today = today or business_today(business)
    periods = {**standard_periods(today, month), **(extra_periods or {})}
    (figures,) = selectors.customer_figures(
        business, today=today, periods=periods, customer_id=customer.pk, evidence=True
    )
    revenue_12 = selectors.business_revenue(business, periods[TRAILING_12])
    return _evaluate(figures, revenue_12, thresholds_for(business), business.currency_symbol)


@transaction.atomic
def decision_record(
    *, customer: Customer, decision: str, note: str = "", decided_by=None, verdict: str = ""
) -> Decision:
    """Keep a new decision in the history (earlier ones are never changed)."""
    if decision not in Choice.values:
        raise ValidationError({"decision": "Choose keep, watch, renegotiate or boot."})
    record = Decision(
        business_id=customer.business_id,
        customer=customer,
        decision=decision,
        note=note.strip(),
        verdict_at_the_time=verdict,
        decided_by=decided_by,
        decided_at=timezone.now(),
    )
    record.full_clean()
    record.save()
    return record


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _snapshot_figures(evaluation: CustomerEvaluation) -> dict:
    return {
        "periods": {
            key: {f.name: _jsonable(getattr(p, f.name)) for f in fields(p)} for key, p in evaluation.periods.items()
        },
        "questions": {
            q.key: {
                "rating": q.rating.value,
                "explanation": q.explanation,
                "figures": {f.key: _jsonable(f.value) for f in q.figures},
            }
            for q in evaluation.questions
        },
        "reasons": [r.text for r in evaluation.verdict.reasons],
        "revenue_share": _jsonable(evaluation.revenue_share),
        "lifetime_value": _jsonable(evaluation.lifetime_value),
        "projection_12_months": _jsonable(evaluation.projection_12_months),
        "contract_id": evaluation.contract.id if evaluation.contract else None,
    }


@transaction.atomic
def snapshot_month(*, business: Business, month: datetime.date, today: datetime.date | None = None) -> int:
    """Store every customer's evaluation for ``month``, replacing that month's rows only.

    The figures are as of the month's last day (or today while the month runs).
    Months in the future are refused: there is nothing to record yet.
    """
    today = today or business_today(business)
    first = month_start(month)
    if first > today:
        raise ValidationError(f"{first:%B %Y} has not started yet.")
    as_of = min(month_end(first), today)
    evaluation = evaluate_business(business, today=as_of, month=first)
    MonthlySnapshot.objects.filter(business=business, month=first).delete()
    MonthlySnapshot.objects.bulk_create(
        [
            MonthlySnapshot(
                business=business,
                customer_id=c.id,
                month=first,
                as_of=as_of,
                month_revenue=c.periods[MONTH].revenue,
                month_cost_to_serve=c.periods[MONTH].cost_to_serve,
                month_profit=c.periods[MONTH].profit,
                month_staff_hours=c.periods[MONTH].staff_hours,
                trailing_12_revenue=c.trailing_12.revenue,
                trailing_12_profit=c.trailing_12.profit,
                contract_monthly_fee=c.contract.monthly_fee if c.contract else None,
                demands=c.questions[0].rating.value,
                good_nature=c.questions[1].rating.value,
                reputation=c.questions[2].rating.value,
                pays_on_time=c.questions[3].rating.value,
                verdict=c.verdict.verdict.value,
                figures=_snapshot_figures(c),
            )
            for c in evaluation.customers
        ],
        batch_size=1000,
    )
    return len(evaluation.customers)
