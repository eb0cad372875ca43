"""The owner's dashboard: who is worth keeping, for the chosen period, in a fixed number of queries.

Everything here is read from the evaluations module: ``evaluate_business`` for
verdicts and the four questions (the rules judge the last 12 months),
``selectors.history`` for the chosen period and the one before it, and
``receivables_aging`` for who owes what. This module only picks, sorts and
adds up those figures for the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Business
from evaluations import rules, services
from evaluations.periods import standard_periods
from evaluations.receivables import ReceivablesAging, receivables_aging
from evaluations.rules import Profitability, QuestionResult, Verdict, VerdictResult
from evaluations.selectors import history

from . import owner_charts
from .periods import Chosen
from .selectors import Renewal, upcoming_renewals

WATCHLIST_SHOWN = 20
RENEWALS_SHOWN = 20
VERDICT_ORDER = {Verdict.BOOT: 0, Verdict.RENEGOTIATE: 1, Verdict.WATCH: 2, Verdict.KEEP: 3}


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    verdict: VerdictResult
    questions: tuple[QuestionResult, ...]
    money: Profitability  # the chosen period
    last_notice_date: datetime.date | None


def _margin_key(row: CustomerRow) -> tuple:
    return (row.money.margin is None, row.money.margin or 0, row.name)


# Sort key, its label, and how rows are ordered by it.
SORTS = {
    "profit": ("Profit, lowest first", lambda r: (r.money.profit, r.name)),
    "profit_high": ("Profit, highest first", lambda r: (-r.money.profit, r.name)),
    "revenue": ("Revenue, highest first", lambda r: (-r.money.revenue, r.name)),
    "cost": ("Cost to serve, highest first", lambda r: (-r.money.cost_to_serve, r.name)),
    "margin": ("Margin, lowest first", _margin_key),
    "verdict": ("Verdict, Boot first", lambda r: (VERDICT_ORDER[r.verdict.verdict], r.money.profit, r.name)),
}
DEFAULT_SORT = "profit"
VERDICT_FILTERS = {v.value: v.label for v in (Verdict.BOOT, Verdict.RENEGOTIATE, Verdict.WATCH, Verdict.KEEP)}


@dataclass(frozen=True)
class Headline:
    label: str
    value: Decimal | int
    previous: Decimal | int | None
    unit: str  # money, hours or count
    explanation: str
    lower_is_better: bool = False

    @property
    def change(self) -> Decimal | int | None:
        return None if self.previous is None else self.value - self.previous

    @property
    def change_is_good(self) -> bool | None:
        if not self.change:
            return None
        return (self.change < 0) if self.lower_is_better else (self.change > 0)


@dataclass(frozen=True)
class Dashboard:
    chosen: Chosen
    today: datetime.date
    customer_count: int
    headlines: list[Headline]
    rows: list[CustomerRow]  # filtered and sorted; the page shows a page of them
    verdict_counts: dict[str, int]
    sort: str
    verdict_filter: str
    charts: dict[str, dict]
    watchlist: list[CustomerRow]
    watchlist_count: int
    renewals: list[tuple[Renewal, VerdictResult | None]]
    renewal_count: int
    aging: ReceivablesAging


def _headlines(
    now: Profitability, before: Profitability | None, losing: tuple[int, int | None], overdue: tuple
) -> list[Headline]:
    def prev(name: str):
        return getattr(before, name) if before is not None else None

    return [
        Headline("Revenue", now.revenue, prev("revenue"), "money", "Invoiced to customers."),
        Headline(
            "Cost to serve",
            now.cost_to_serve,
            prev("cost_to_serve"),
            "money",
            "Staff time at each person's hourly cost, direct costs and concessions.",
            lower_is_better=True,
        ),
        Headline("Profit", now.profit, prev("profit"), "money", "Revenue minus the cost to serve."),
        Headline(
            "Staff hours on customers",
            now.staff_hours,
            prev("staff_hours"),
            "hours",
            "Calls, e-mails and visits logged.",
            lower_is_better=True,
        ),
        Headline(
            "Customers losing money",
            losing[0],
            losing[1],
            "count",
            "They cost more to serve than they paid.",
            lower_is_better=True,
        ),
        Headline(
            "Overdue balance",
            overdue[0],
            overdue[1],
            "money",
            "Owed after the due date, at the end of the period.",
            lower_is_better=True,
        ),
    ]


def dashboard_for(
    business: Business, *, today: datetime.date, chosen: Chosen, sort: str | None = None, verdict: str | None = None
) -> Dashboard:
    """The whole dashboard; a fixed number of queries whatever the number of customers.

    An unknown ``sort`` or ``verdict`` filter falls back to the default (all customers, lowest profit first).
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    verdict = verdict if verdict in VERDICT_FILTERS else ""
    # The evaluation sums the last 3 and 12 months and the whole relationship anyway;
    # a year to date and the period before are added to the same queries.
    standard = next(
        (
            key
            for key, p in standard_periods(today).items()
            if (p.start, p.end) == (chosen.period.start, chosen.period.end)
        ),
        None,
    )
    extra = {} if standard else {"selected": chosen.period}
    if chosen.previous is not None:
        extra["previous"] = chosen.previous
    evaluation = services.evaluate_business(business, today=today, extra_periods=extra)
    selected_key = standard or "selected"
    months = chosen.period.months  # for the support-hours allowance (None for all time)

    rows, selected_totals = [], []
    for c in evaluation.customers:
        selected = c.figures.periods[selected_key]
        selected_totals.append(selected)
        allowance = c.contract.support_hours_per_month if c.contract else None
        rows.append(
            CustomerRow(
                c.id,
                c.name,
                c.verdict,
                c.questions,
                rules.profitability(selected, allowance, months),
                c.contract.last_notice_date if c.contract else None,
            )
        )

    now = rules.profitability(history.sum_totals(selected_totals))
    losing_now = sum(1 for r in rows if r.money.loses_money)
    before = losing_before = overdue_before = None
    if chosen.previous is not None:
        previous = [c.figures.periods["previous"] for c in evaluation.customers]
        before = rules.profitability(history.sum_totals(previous))
        losing_before = sum(1 for t in previous if rules.profitability(t).loses_money)
        overdue_before = history.overdue_balance(business, as_of=chosen.previous.end)
    aging = receivables_aging(business=business, as_of=today)

    by_id = {r.id: r for r in rows}
    watch = sorted(
        (r for r in rows if r.verdict.verdict in (Verdict.BOOT, Verdict.RENEGOTIATE)),
        key=lambda r: (VERDICT_ORDER[r.verdict.verdict], r.last_notice_date or datetime.date.max, r.name),
    )
    upcoming = upcoming_renewals(business=business, today=today, limit=RENEWALS_SHOWN)
    counts = dict.fromkeys(VERDICT_FILTERS, 0)
    for r in rows:
        counts[r.verdict.verdict.value] += 1
    shown = [r for r in rows if not verdict or r.verdict.verdict.value == verdict]
    shown.sort(key=SORTS[sort][1])
    return Dashboard(
        chosen=chosen,
        today=today,
        customer_count=len(rows),
        headlines=_headlines(now, before, (losing_now, losing_before), (aging.totals.past_due, overdue_before)),
        rows=shown,
        verdict_counts=counts,
        sort=sort,
        verdict_filter=verdict,
        charts=owner_charts.dashboard_charts(
            business,
            rows=rows,
            monthly=history.monthly_totals(business, period=chosen.period),
            period_label=chosen.label.lower(),
            total_revenue=now.revenue,
            concentration_warning=evaluation.thresholds.concentration_warning,
        ),
        watchlist=watch[:WATCHLIST_SHOWN],
        watchlist_count=len(watch),
        renewals=[
            (renewal, by_id[renewal.contract.customer_id].verdict if renewal.contract.customer_id in by_id else None)
            for renewal in upcoming.renewals
        ],
        renewal_count=upcoming.count,
        aging=aging,
    )
