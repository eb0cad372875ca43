"""The owner's charts (dashboard and customer report), as payloads for ``templates/partials/chart.html``.

Each builder takes figures already computed by the evaluations module and
shapes them for ``reports.charts``: which customers to plot, labels, and a
one-sentence summary that says what the chart shows in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

from evaluations import formatting, rules
from evaluations.services import InvoiceLateness, MonthTotals

from .charts import Point, ReferenceLine, Series, bar_chart, format_value, line_chart, scatter_chart

WHALE_POINTS = 50  # the curve is drawn through this many points on large businesses
SCATTER_POINTS = 300  # the customers with the most revenue or cost
ZOOM_MIN_POINTS = 5  # too few customers to call one an outlier
OUTLIER_FACTOR = 3  # beyond 3x the 90th percentile a customer is off the zoomed scatter
OUTLIERS_NAMED = 3
CONCENTRATION_BARS = 10
ONE = Decimal("1")
TENTH = Decimal("0.1")


def _percent(fraction: Decimal) -> Decimal:
    return formatting.percent_value(fraction)


def whale_points(points: Sequence[rules.WhalePoint]) -> list[rules.WhalePoint]:
    """The points the curve is drawn through: every one, or ``WHALE_POINTS`` spread evenly (``board.whale`` too)."""
    if len(points) <= WHALE_POINTS:
        return list(points)
    picks = sorted({math.ceil(k * len(points) / WHALE_POINTS) - 1 for k in range(1, WHALE_POINTS + 1)})
    return [points[i] for i in picks]


def whale_curve(
    shown: Sequence[rules.WhalePoint], shape: rules.WhaleShape | None, symbol: str, period_label: str
) -> dict:
    """Customers ranked by profit, best first: cumulative profit against share of customers.

    ``shown``: the points to draw (``whale_points`` of the curve), ``shape``: the whole curve's figures.
    """
    summary = whale_summary(shape, symbol, period_label)
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


def scatter_zoom(sizes: Sequence[Decimal]) -> Decimal | None:
    """The axis limit that keeps the typical customers readable, or None when all fit.

    One customer ten times the others squeezes everyone else, loss-makers
    included, into a blob at zero. Customers bigger than ``OUTLIER_FACTOR`` times
    the 90th percentile are left beyond the axes (and named in the summary); the
    axes end a little past the biggest of the rest, at a round figure.
    """
    positive = sorted(size for size in sizes if size > 0)
    if len(positive) < ZOOM_MIN_POINTS:
        return None
    typical = positive[math.ceil(0.9 * len(positive)) - 1]
    inside = [size for size in positive if size <= typical * OUTLIER_FACTOR]
    if len(inside) == len(positive):
        return None
    return _round_up(inside[-1] * Decimal("1.1"))


def _round_up(value: Decimal) -> Decimal:
    """Up to two significant figures: 33,117 becomes 34,000."""
    step = Decimal(10) ** max(value.adjusted() - 1, 0)
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def _customers_cost(count: int) -> str:
    return "1 customer costs" if count == 1 else f"{count} customers cost"


def whale_summary(shape: rules.WhaleShape | None, symbol: str, period_label: str) -> str:
    """The whale curve in one sentence: what the best fifth of customers earn, and what the loss-makers cost."""
    if shape is None:
        return "No customers yet."
    if shape.peak_profit <= 0:
        return f"None of your customers made a profit {formatting.over(period_label)}."
    count = shape.top_fifth_count
    best = "Your best customer earns" if count == 1 else f"Your best {count} customers earn"
    if shape.total_profit > 0:
        top_share, losses_share = shape.top_fifth_share, shape.losses_share
        assert top_share is not None and losses_share is not None  # shares of a positive total profit
        text = f"{best} {_percent(top_share)}% of your profit"
        if shape.losing_count:
            text += f"; {_customers_cost(shape.losing_count)} you {_percent(losses_share)}% of it"
        else:
            text += "; none loses money"
        return text + f" {formatting.over(period_label)}."
    # Overall a loss: shares of it would read backwards, so amounts.
    return (
        f"{best} {format_value(shape.top_fifth_profit, 'money', symbol)}, but {_customers_cost(shape.losing_count)} "
        f"you {format_value(shape.losses, 'money', symbol)}: overall a loss of "
        f"{format_value(-shape.total_profit, 'money', symbol)} {formatting.over(period_label)}."
    )


def revenue_against_cost(biggest: Sequence, symbol: str, period_label: str, *, active: int, losing: int) -> dict:
    """Each customer's revenue (x) against cost to serve (y); above the break-even line loses money.

    ``biggest``: the (at most ``SCATTER_POINTS``) rows with the most revenue or cost; ``active``: how many
    customers had any revenue or cost, ``losing``: how many of them lost money.
    """
    summary = f"{losing} of {active} customers are above the line: they cost more to serve than they paid"
    summary += f" {formatting.over(period_label)}."
    if active > SCATTER_POINTS:
        summary += f" Showing the {SCATTER_POINTS} with the most revenue or cost."
    axis_max = scatter_zoom([_size(r) for r in biggest])
    if axis_max is not None:
        beyond = [r for r in biggest if _size(r) > axis_max]
        named = "; ".join(
            f"{r.name} ({format_value(r.money.revenue, 'money', symbol)} revenue, "
            f"{format_value(r.money.cost_to_serve, 'money', symbol)} to serve)"
            for r in beyond[:OUTLIERS_NAMED]
        )
        more = f" and {len(beyond) - OUTLIERS_NAMED} more" if len(beyond) > OUTLIERS_NAMED else ""
        summary += (
            f" Zoomed to {format_value(axis_max, 'money', symbol)} so the smaller customers stay readable; "
            f"off the chart: {named}{more} (every customer is in the table)."
        )
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
        axis_max=axis_max,
    )


def _size(row) -> Decimal:
    return max(row.money.revenue, row.money.cost_to_serve)


def concentration(top: Sequence, total_revenue: Decimal, warning: Decimal, period_label: str) -> dict:
    """The biggest customers' shares of revenue (``top``: rows by revenue, highest first), against the warning."""
    shares = [formatting.percent_value(r.money.revenue / total_revenue, 1) for r in top] if total_revenue > 0 else []
    if shares:
        summary = (
            f"Your biggest customer, {top[0].name}, brought {shares[0]}% of your revenue "
            f"{formatting.over(period_label)}; "
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


def month_label(month: MonthTotals) -> str:
    """ "Mar 2026", or "Nov 2025 (24–30)" when the period covers only some of the month's days."""
    label = f"{month.month:%b %Y}"
    if month.is_partial and month.first_day and month.last_day:
        label += f" ({month.first_day.day}–{month.last_day.day})"
    return label


def _part_months_note(monthly: Sequence[MonthTotals]) -> str:
    partial = [m for m in monthly if m.is_partial]
    if not partial:
        return ""
    names = " and ".join(month_label(m) for m in partial)
    return f" {names} {'is a part month' if len(partial) == 1 else 'are part months'}, not counted."


def profit_by_month(monthly: Sequence[MonthTotals], symbol: str, chart_id: str = "profit-by-month") -> dict:
    """Each month's profit as bars, losses in red; part months are labelled and left out of the counts."""
    whole = [m for m in monthly if not m.is_partial]
    losses = [m for m in whole if m.profit < 0]
    if whole:
        best = max(whole, key=lambda m: m.profit)
        summary = (
            f"{len(losses)} of {len(whole)} full months made a loss. Best month: {best.month:%B %Y} "
            f"({format_value(best.profit, 'money', symbol)})."
        ) + _part_months_note(monthly)
    elif monthly:
        summary = "No full month in this period yet." + _part_months_note(monthly)
    else:
        summary = "No records in this period yet."
    return bar_chart(
        chart_id=chart_id,
        title="Profit by month",
        summary=summary,
        labels=[month_label(m) for m in monthly],
        series=[Series("Profit", [m.profit for m in monthly], colour_by_sign=True)],
        unit="money",
        currency_symbol=symbol,
        x_title="Month",
        y_title="Profit",
    )


def customer_money_by_month(monthly: Sequence[MonthTotals], symbol: str) -> dict:
    """One customer's revenue against cost to serve, month by month (part months labelled, not counted)."""
    whole = [m for m in monthly if not m.is_partial]
    losing = [m for m in whole if m.profit < 0]
    if whole:
        summary = f"The cost of serving them was above their revenue in {len(losing)} of {len(whole)} full months."
        summary += _part_months_note(monthly)
    elif monthly:
        summary = "No full month in this period yet." + _part_months_note(monthly)
    else:
        summary = "No records in this period yet."
    return bar_chart(
        chart_id="customer-money",
        title="Revenue against cost to serve, by month",
        summary=summary,
        labels=[month_label(m) for m in monthly],
        series=[
            Series("Revenue", [m.revenue for m in monthly]),
            Series("Cost to serve", [m.cost_to_serve for m in monthly]),
        ],
        unit="money",
        currency_symbol=symbol,
        x_title="Month",
        y_title="Amount",
    )


def days_late(
    invoices: Sequence[InvoiceLateness], red_days: int, reaches: str | None, month_first: bool = True
) -> dict:
    """Days late per invoice, by due date, with the red line and the trend when it is worsening."""
    series = [Series("Days late", [i.days_late for i in invoices])]
    if reaches and any(i.trend is not None for i in invoices):
        series.append(Series("Trend at the current pace", [i.trend for i in invoices]))
    if invoices:
        worst = max(invoices, key=lambda i: i.days_late)
        fell_due = "1 invoice fell due" if len(invoices) == 1 else f"{len(invoices)} invoices fell due"
        if worst.days_late > 0:
            summary = f"{fell_due}; the worst, {worst.number}, was {formatting.days_late(worst.days_late)}."
        else:
            summary = f"{fell_due}, and {'it was' if len(invoices) == 1 else 'all were'} paid on time."
        if reaches:
            summary += f" Getting worse: at this pace payments reach {red_days} days late in {reaches}."
    else:
        summary = "No invoices fell due in this period."
    return line_chart(
        chart_id="days-late",
        title="Days late per invoice",
        summary=summary,
        labels=[f"{i.number} (due {formatting.date(i.due_date, month_first)})" for i in invoices],
        series=series,
        unit="days",
        x_title="Invoice",
        y_title="Days late",
        reference=ReferenceLine(f"{red_days} days late", red_days),
    )
