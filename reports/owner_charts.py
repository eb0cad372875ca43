"""The owner's charts (dashboard and customer report), as payloads for ``templates/partials/chart.html``.

Each builder takes figures already computed by the evaluations module and
shapes them for ``reports.charts``: which customers to plot, labels, and a
one-sentence summary that says what the chart shows in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from evaluations import formatting, rules
from evaluations.services import InvoiceLateness, MonthTotals

from .charts import Point, ReferenceLine, Series, bar_chart, format_value, line_chart, scatter_chart

WHALE_POINTS = 50  # the curve is drawn through this many points on large businesses
SCATTER_POINTS = 300  # the customers with the most revenue or cost
CONCENTRATION_BARS = 10
ONE = Decimal("1")
TENTH = Decimal("0.1")


def _percent(fraction: Decimal) -> Decimal:
    return formatting.percent_value(fraction)


def whale_curve(profits: Sequence[tuple[int, Decimal]], symbol: str, period_label: str) -> dict:
    """Customers ranked by profit, best first: cumulative profit against share of customers."""
    points = rules.whale_curve(profits)
    if len(points) > WHALE_POINTS:
        picks = sorted({math.ceil(k * len(points) / WHALE_POINTS) - 1 for k in range(1, WHALE_POINTS + 1)})
        shown = [points[i] for i in picks]
    else:
        shown = points
    if points:
        peak_at = max(range(len(points)), key=lambda i: points[i].cumulative_profit)
        peak = points[peak_at]
        summary = (
            f"Profit peaks at {format_value(peak.cumulative_profit, 'money', symbol)} with your best "
            f"{peak_at + 1} of {len(points)} customers ({_percent(peak.customers_share)}%); the rest bring the "
            f"total to {format_value(points[-1].cumulative_profit, 'money', symbol)} over the {period_label}."
        )
    else:
        summary = "No customers yet."
    return line_chart(
        chart_id="whale-curve",
        title="Whale curve: where the profit comes from",
        summary=summary,
        labels=[f"{_percent(p.customers_share)}%" for p in shown],
        series=[Series("Cumulative profit", [p.cumulative_profit for p in shown])],
        unit="money",
        currency_symbol=symbol,
        x_title="Share of customers, most profitable first",
        y_title="Cumulative profit",
    )


def revenue_against_cost(biggest: Sequence, symbol: str, period_label: str, *, active: int, losing: int) -> dict:
    """Each customer's revenue (x) against cost to serve (y); above the break-even line loses money.

    ``biggest``: the (at most ``SCATTER_POINTS``) rows with the most revenue or cost; ``active``: how many
    customers had any revenue or cost, ``losing``: how many of them lost money.
    """
    summary = f"{losing} of {active} customers are above the line: they cost more to serve than they paid"
    summary += f" over the {period_label}."
    if active > SCATTER_POINTS:
        summary += f" Showing the {SCATTER_POINTS} with the most revenue or cost."
    return scatter_chart(
        chart_id="revenue-cost",
        title="Revenue against cost to serve",
        summary=summary,
        points=[
            Point(r.name, r.money.revenue, r.money.cost_to_serve, warn=r.money.loses_money)
            for r in sorted(biggest, key=lambda r: r.name)
        ],
        series_label="Customer",
        warn_label="Loses money",
        unit="money",
        currency_symbol=symbol,
        x_title="Revenue",
        y_title="Cost to serve",
        reference=ReferenceLine("Break-even: above it loses money", diagonal=True),
    )


def concentration(top: Sequence, total_revenue: Decimal, warning: Decimal, period_label: str) -> dict:
    """The biggest customers' shares of revenue (``top``: rows by revenue, highest first), against the warning."""
    shares = [formatting.percent_value(r.money.revenue / total_revenue, 1) for r in top] if total_revenue > 0 else []
    if shares:
        summary = (
            f"Your biggest customer, {top[0].name}, brought {shares[0]}% of your revenue over the {period_label}; "
            f"the top {len(top)} together brought {sum(shares)}%. Above {_percent(warning)}% a business depends "
            "on one client."
        )
    else:
        summary = "No revenue in this period."
    return bar_chart(
        chart_id="concentration",
        title="Revenue concentration: your biggest customers' shares",
        summary=summary,
        labels=[r.name for r in top[: len(shares)]],
        series=[Series("Share of revenue", shares)],
        unit="percent",
        x_title="Customer",
        y_title="Share of revenue",
        reference=ReferenceLine(f"Dependence warning ({_percent(warning)}%)", _percent(warning)),
    )


def profit_by_month(monthly: Sequence[MonthTotals], symbol: str, chart_id: str = "profit-by-month") -> dict:
    """Each month's profit as bars, losses in red."""
    losses = [m for m in monthly if m.profit < 0]
    if monthly:
        best = max(monthly, key=lambda m: m.profit)
        summary = (
            f"{len(losses)} of {len(monthly)} months made a loss. Best month: {best.month:%B %Y} "
            f"({format_value(best.profit, 'money', symbol)})."
        )
    else:
        summary = "No records in this period yet."
    return bar_chart(
        chart_id=chart_id,
        title="Profit by month",
        summary=summary,
        labels=[f"{m.month:%b %Y}" for m in monthly],
        series=[Series("Profit", [m.profit for m in monthly], colour_by_sign=True)],
        unit="money",
        currency_symbol=symbol,
        x_title="Month",
        y_title="Profit",
    )


def customer_money_by_month(monthly: Sequence[MonthTotals], symbol: str) -> dict:
    """One customer's revenue against cost to serve, month by month."""
    losing = [m for m in monthly if m.profit < 0]
    summary = (
        f"The cost of serving them was above their revenue in {len(losing)} of {len(monthly)} months."
        if monthly
        else "No records in this period yet."
    )
    return bar_chart(
        chart_id="customer-money",
        title="Revenue against cost to serve, by month",
        summary=summary,
        labels=[f"{m.month:%b %Y}" for m in monthly],
        series=[
            Series("Revenue", [m.revenue for m in monthly]),
            Series("Cost to serve", [m.cost_to_serve for m in monthly]),
        ],
        unit="money",
        currency_symbol=symbol,
        x_title="Month",
        y_title="Amount",
    )


def days_late(invoices: Sequence[InvoiceLateness], red_days: int, reaches: str | None) -> dict:
    """Days late per invoice, by due date, with the red line and the trend when it is worsening."""
    series = [Series("Days late", [i.days_late for i in invoices])]
    if reaches and any(i.trend is not None for i in invoices):
        series.append(Series("Trend at the current pace", [i.trend for i in invoices]))
    if invoices:
        worst = max(invoices, key=lambda i: i.days_late)
        summary = f"{len(invoices)} invoices fell due; the worst, {worst.number}, was {worst.days_late} days late."
        if reaches:
            summary += f" Getting worse: at this pace payments reach {red_days} days late in {reaches}."
    else:
        summary = "No invoices fell due in this period."
    return line_chart(
        chart_id="days-late",
        title="Days late per invoice",
        summary=summary,
        labels=[f"{i.number} (due {i.due_date:%-d %b %Y})" for i in invoices],
        series=series,
        unit="days",
        x_title="Invoice",
        y_title="Days late",
        reference=ReferenceLine(f"{red_days} days late", red_days),
    )
