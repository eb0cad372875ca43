"""What a customer earns and costs (time-driven activity-based costing), and what it means over time."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..periods import month_from_index
from .types import CENT, share

ZERO = Decimal("0")
SIXTY = Decimal(60)


@dataclass(slots=True)
class PeriodTotals:
    """Raw sums for one customer over one period, as the selectors gather them."""

    revenue: Decimal = ZERO  # invoiced, by issue date
    cash_collected: Decimal = ZERO  # payments received, by payment date
    minutes: int = 0
    minute_cost: Decimal = ZERO  # sum of minutes x the hourly cost stored on each interaction
    direct_costs: Decimal = ZERO  # materials, travel, subcontractors
    concessions: Decimal = ZERO  # refunds, write-offs, discounts, free work


@dataclass(slots=True)
class Profitability:
    revenue: Decimal
    cash_collected: Decimal
    staff_hours: Decimal
    staff_cost: Decimal
    direct_costs: Decimal
    concessions: Decimal
    cost_to_serve: Decimal
    profit: Decimal
    margin: Decimal | None  # profit / revenue; None without revenue
    cost_to_revenue: Decimal | None  # cost to serve / revenue; None without revenue
    allowance_hours: Decimal | None  # contract hours per month x months in the period
    support_use: Decimal | None  # staff hours / allowance hours

    @property
    def loses_money(self) -> bool:
        return self.profit < 0


def profitability(
    totals: PeriodTotals, allowance_per_month: Decimal | None = None, months: int | None = None
) -> Profitability:
    """Revenue against cost to serve. 1,000 revenue and 2,000 of staff time: profit -1,000, ratio 2."""
    # Written out rather than through ``share``: this runs four times per customer, for every customer.
    revenue = totals.revenue
    staff_hours = (Decimal(totals.minutes) / SIXTY).quantize(CENT)
    staff_cost = (totals.minute_cost / SIXTY).quantize(CENT)
    cost = staff_cost + totals.direct_costs + totals.concessions
    profit = revenue - cost
    allowance = allowance_per_month * months if allowance_per_month is not None and months else None
    return Profitability(
        revenue,
        totals.cash_collected,
        staff_hours,
        staff_cost,
        totals.direct_costs,
        totals.concessions,
        cost,
        profit,
        profit / revenue if revenue else None,  # margin
        cost / revenue if revenue else None,  # cost to revenue
        allowance,
        staff_hours / allowance if allowance else None,  # support use
    )


def profit_of(totals: PeriodTotals) -> Decimal:
    """``profitability(totals).profit`` alone, worked out the same way (for the lifetime value of every customer)."""
    staff_cost = (totals.minute_cost / SIXTY).quantize(CENT)
    return totals.revenue - (staff_cost + totals.direct_costs + totals.concessions)


def projected_profit_12_months(monthly_fee: Decimal | None, trailing_12_cost: Decimal) -> Decimal | None:
    """Next 12 months: 12 x the contract's monthly fee as amended, less the last 12 months' cost to serve."""
    if monthly_fee is None:
        return None
    return monthly_fee * 12 - trailing_12_cost


TREND_HORIZON_MONTHS = 60


def trend_reaches(
    slope: Decimal | None, intercept: Decimal | None, last_month: int | None, months: int, target: int = 90
) -> str | None:
    """The month ("YYYY-MM") at which days late reach ``target`` at the current pace.

    The line is a least-squares fit of days late against the month index; a
    trend needs invoices spanning at least three months and a worsening (positive) slope. None
    when it is not worsening, when the fitted value already passed the target,
    or when it would take more than five years.
    """
    if slope is None or intercept is None or last_month is None or months < 3 or slope <= 0:
        return None
    now = intercept + slope * last_month
    if now >= target:
        return None
    months_ahead = math.ceil((Decimal(target) - now) / slope)
    if months_ahead > TREND_HORIZON_MONTHS:  # a crawl that would take years is no warning
        return None
    return month_from_index(last_month + months_ahead).strftime("%Y-%m")


def least_squares(points: list[tuple[int, Decimal]]) -> tuple[Decimal, Decimal] | None:
    """Slope and intercept of y against x (exact Decimals); None for fewer than two distinct x."""
    n = len(points)
    if n < 2:
        return None
    mean_x = Decimal(sum(x for x, _ in points)) / n
    mean_y = sum((y for _, y in points), ZERO) / n
    sxx = sum(((x - mean_x) ** 2 for x, _ in points), ZERO)
    if not sxx:
        return None
    slope = sum(((x - mean_x) * (y - mean_y) for x, y in points), ZERO) / sxx
    return slope, mean_y - slope * mean_x


@dataclass(slots=True)
class WhatIf:
    """The business without this customer, over the last 12 months."""

    revenue_lost: Decimal
    staff_hours_freed: Decimal
    hours_worth: Decimal  # those hours at the staff cost stored on them
    profit_change: Decimal  # positive when the customer loses money


def what_if_without(trailing_12: Profitability) -> WhatIf:
    return WhatIf(
        revenue_lost=trailing_12.revenue,
        staff_hours_freed=trailing_12.staff_hours,
        hours_worth=trailing_12.staff_cost,
        profit_change=-trailing_12.profit,
    )


@dataclass(slots=True)
class WhalePoint:
    customer_id: int
    profit: Decimal
    customers_share: Decimal  # cumulative share of customers, 0 to 1
    cumulative_profit: Decimal
    cumulative_profit_share: Decimal | None  # of the business's total profit; None when that is zero


def whale_curve(profits: Iterable[tuple[int, Decimal]]) -> list[WhalePoint]:
    """Customers ranked by profit, most profitable first, with cumulative profit against share of customers."""
    ranked = sorted(profits, key=lambda item: (-item[1], item[0]))
    total = sum((profit for _, profit in ranked), ZERO)
    points, running = [], ZERO
    for position, (customer_id, profit) in enumerate(ranked, start=1):
        running += profit
        points.append(WhalePoint(customer_id, profit, Decimal(position) / len(ranked), running, share(running, total)))
    return points


@dataclass(frozen=True, slots=True)
class WhaleShape:
    """The whale curve in a few figures: who earns the profit and who gives it back.

    Shares are of the total profit (None when it is zero or negative: a share of
    a loss reads backwards, so the pages show amounts then).
    """

    customers: int
    total_profit: Decimal
    best_count: int  # the customers up to the curve's peak, most profitable first
    peak_profit: Decimal  # what they earn together
    peak_share: Decimal | None
    top_fifth_count: int  # the most profitable 20% of customers (at least one)
    top_fifth_profit: Decimal
    top_fifth_share: Decimal | None
    losing_count: int  # customers whose profit is below zero
    losses: Decimal  # what they cost, as a positive amount
    losses_share: Decimal | None
    losing_customers_share: Decimal  # of all customers


def whale_shape(points: Sequence[WhalePoint]) -> WhaleShape | None:
    """The published whale curve's figures: top 20% of customers, the peak, the loss-makers (None: no customers)."""
    if not points:
        return None
    total = points[-1].cumulative_profit
    peak_at = max(range(len(points)), key=lambda i: (points[i].cumulative_profit, -i))
    top_fifth = max(1, math.ceil(len(points) / 5))
    losses = -sum((p.profit for p in points if p.profit < 0), ZERO)
    losing = sum(1 for p in points if p.profit < 0)

    def of_total(amount: Decimal) -> Decimal | None:
        return amount / total if total > 0 else None

    peak, top = points[peak_at].cumulative_profit, points[top_fifth - 1].cumulative_profit
    return WhaleShape(
        customers=len(points),
        total_profit=total,
        best_count=peak_at + 1,
        peak_profit=peak,
        peak_share=of_total(peak),
        top_fifth_count=top_fifth,
        top_fifth_profit=top,
        top_fifth_share=of_total(top),
        losing_count=losing,
        losses=losses,
        losses_share=of_total(losses),
        losing_customers_share=Decimal(losing) / len(points),
    )
