"""Each customer's trend over the monthly snapshots, read in one query and told by ``trends``.

Measures, from each month's snapshot:
- margin: that month's profit over that month's revenue (months without revenue have none);
- average days late: the snapshot's 12-month average weighted by amount (how late they pay, as the
  report's fourth question reads it), so its monthly change is how fast that average moves;
- time outside the contract: the snapshot's share of the last 3 months' minutes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import Business
from evaluations.models import MonthlySnapshot
from evaluations.periods import add_months, month_start

from . import trends

DAYS_LATE = "figures__questions__pays_on_time__figures__average_days_late"
OUT_OF_SCOPE = "figures__questions__demands__figures__out_of_scope_share"


@dataclass(frozen=True)
class CustomerTrends:
    customer_id: int
    customer_name: str
    warnings: list[trends.TrendWarning]

    @property
    def worsening(self) -> list[trends.TrendWarning]:
        return [w for w in self.warnings if w.worsening]


def months_read(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last month read: the six whole months before today's (a running month is partial)."""
    current = month_start(today)
    return add_months(current, -trends.MONTHS_READ), add_months(current, -1)


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def customer_trends(
    *, business: Business, today: datetime.date, customer_ids: list[int] | None = None
) -> list[CustomerTrends]:
    """Every customer (or those of ``customer_ids``) with at least one clear trend, by name (one query)."""
    first, last = months_read(today)
    snapshots = MonthlySnapshot.objects.filter(business=business, month__gte=first, month__lte=last)
    if customer_ids is not None:
        snapshots = snapshots.filter(customer_id__in=customer_ids)
    rows = snapshots.order_by("customer__name", "customer_id", "month").values_list(
        "customer_id", "customer__name", "month", "month_revenue", "month_profit", DAYS_LATE, OUT_OF_SCOPE
    )
    series: dict[int, tuple[str, dict[str, list[tuple[int, float]]]]] = {}
    for customer_id, name, month, revenue, profit, days_late, out_of_scope in rows:
        x = (month.year - first.year) * 12 + month.month - first.month
        _, measures = series.setdefault(customer_id, (name, {"margin": [], "days_late": [], "out_of_scope": []}))
        if revenue:
            measures["margin"].append((x, float(profit / revenue)))
        if (value := _number(days_late)) is not None:
            measures["days_late"].append((x, value))
        if (value := _number(out_of_scope)) is not None:
            measures["out_of_scope"].append((x, value))
    found = []
    for customer_id, (name, measures) in series.items():
        warnings = [
            w
            for w in (
                trends.margin_warning(measures["margin"]),
                trends.days_late_warning(measures["days_late"]),
                trends.out_of_scope_warning(measures["out_of_scope"]),
            )
            if w is not None
        ]
        if warnings:
            found.append(CustomerTrends(customer_id, name, warnings))
    return found


@dataclass(frozen=True)
class ReportTrends:
    """One customer's clear trends for the report, with what the page says when there is none."""

    warnings: list[trends.TrendWarning]
    months: int  # of the six read, how many have a snapshot
    min_points: int = trends.MIN_POINTS
    min_fit: int = int(trends.MIN_R_SQUARED * 100)


def report_trends(*, business: Business, customer_id: int, today: datetime.date) -> ReportTrends:
    """One customer's clear trends over the six whole months before today's (two queries)."""
    first, last = months_read(today)
    months = MonthlySnapshot.objects.filter(
        business=business, customer_id=customer_id, month__gte=first, month__lte=last
    ).count()
    found = customer_trends(business=business, today=today, customer_ids=[customer_id])
    return ReportTrends(found[0].warnings if found else [], months)
