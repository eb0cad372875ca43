"""The owner's dashboard: who is worth keeping, for the chosen period, in a fixed number of queries.

Everything here is read from the evaluations module: the stored standings
(``evaluations.board``: verdicts, the four questions and each period's money,
made current first by ``standings.standings_current``) and what they keep
beside it (``evaluations.board_money``: the months of the chosen period, who
owes what, the overdue balance before). This module only picks and shapes
those figures for the page; sorting, filtering, paging and totals are SQL
over the standings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator

from accounts.models import Business
from evaluations import board, board_money, services, standings
from evaluations.board import SORTS, PeriodSums, StandingRow
from evaluations.periods import TRAILING_12
from evaluations.receivables import ReceivablesAging
from evaluations.rules import Verdict
from insights.week import Revenue12

from . import owner_charts
from .periods import Chosen
from .selectors import Renewal, upcoming_renewals

ROWS_PER_PAGE = 50
WATCHLIST_SHOWN = 20
RENEWALS_SHOWN = 20
DEFAULT_SORT = board.DEFAULT_SORT
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
    state: standings.StandingsState  # "as of" when a large business's standings are still being refreshed
    customer_count: int
    headlines: list[Headline]
    page: Page  # the page of ranked rows asked for (50 a page), filtered and sorted in SQL
    verdict_counts: dict[str, int]
    sort: str
    verdict_filter: str
    charts: dict[str, dict]
    watchlist: list[StandingRow]
    watchlist_count: int
    renewals: list[tuple[Renewal, Verdict | None]]
    renewal_count: int
    aging: ReceivablesAging
    revenue_12: Revenue12 | None  # the last 12 months' revenue and biggest customers, when that is the period

    @property
    def rows(self) -> list[StandingRow]:
        return list(self.page.object_list)


def _headlines(now: PeriodSums, before: PeriodSums | None, overdue: tuple) -> list[Headline]:
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
            now.losing,
            prev("losing"),
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
    business: Business,
    *,
    today: datetime.date,
    chosen: Chosen,
    sort: str | None = None,
    verdict: str | None = None,
    page: str | int | None = None,
) -> Dashboard:
    """The whole dashboard; a fixed number of queries whatever the number of customers.

    An unknown ``sort``, ``verdict`` filter or ``page`` falls back to the default
    (all customers, lowest profit first, the first page).
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    verdict = verdict if verdict in VERDICT_FILTERS else ""
    state = standings.standings_current(business, today=today)
    key, previous_key = chosen.period_key, chosen.previous_key
    sums = board.period_sums(business, [key, previous_key] if previous_key else [key])
    now, before = sums[key], sums[previous_key] if previous_key else None
    owed = board_money.receivables(business, today=today)
    aging, previous = owed.aging, chosen.previous
    overdue_before = None
    if previous is not None:  # kept for the ends of the periods before; any other day from the records
        overdue_before = owed.overdue.get(previous.end)
        if overdue_before is None:
            overdue_before = board_money.overdue_on(business, as_of=previous.end, today=today)

    ranked = Paginator(board.ranked(business, period=key, sort=sort, verdict=verdict), ROWS_PER_PAGE)
    if not verdict:  # every customer's row of the period: counted in the sums already read (no COUNT query)
        ranked.count = now.customers
    shown = ranked.get_page(page)
    shown.object_list = board.rows_of(shown.object_list)
    counts = board.verdict_counts(business)
    upcoming = upcoming_renewals(business=business, today=today, limit=RENEWALS_SHOWN, with_verdicts=True)
    label = chosen.label.lower()
    symbol = business.currency_symbol
    scatter = board.biggest(business, period=key, limit=owner_charts.SCATTER_POINTS)
    every_active = scatter if len(scatter) < owner_charts.SCATTER_POINTS else None  # all of them: no second read
    top = board.top_revenue(business, period=key, limit=owner_charts.CONCENTRATION_BARS, among=every_active)
    whale = board.whale(business, period=key, points=owner_charts.WHALE_POINTS)
    warning = services.thresholds_for(business).concentration_warning
    return Dashboard(
        chosen=chosen,
        today=today,
        state=state,
        customer_count=now.customers,
        headlines=_headlines(now, before, (aging.totals.past_due, overdue_before)),
        page=shown,
        verdict_counts=counts,
        sort=sort,
        verdict_filter=verdict,
        charts={
            "whale": owner_charts.whale_curve(whale.points, whale.shape, symbol, label),
            "scatter": owner_charts.revenue_against_cost(
                scatter,
                symbol,
                label,
                active=now.active,
                losing=now.losing,
            ),
            "concentration": owner_charts.concentration(
                top,
                now.revenue,
                warning,
                label,
            ),
            "profit_by_month": owner_charts.profit_by_month(
                board_money.monthly_money(business, period=chosen.period, today=today), symbol
            ),
        },
        watchlist=board.watchlist(business, limit=WATCHLIST_SHOWN),
        watchlist_count=counts[Verdict.BOOT.value] + counts[Verdict.RENEGOTIATE.value],
        renewals=[(r, r.verdict) for r in upcoming.renewals],
        renewal_count=upcoming.count,
        aging=aging,
        revenue_12=Revenue12(now.revenue, top, warning) if key == TRAILING_12 else None,
    )
