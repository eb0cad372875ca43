"""Charts stay readable: one huge customer does not hide the loss-makers, part months are not whole months."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from evaluations.selectors.history import MonthTotals
from reports.owner_charts import (
    customer_money_by_month,
    month_label,
    profit_by_month,
    revenue_against_cost,
    scatter_zoom,
)


@dataclass(frozen=True)
class Money:
    revenue: Decimal
    cost_to_serve: Decimal

    @property
    def loses_money(self) -> bool:
        return self.cost_to_serve > self.revenue


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    money: Money


def row(n: int, name: str, revenue: str, cost: str) -> Row:
    return Row(n, name, Money(Decimal(revenue), Decimal(cost)))


def forty_customers_and_a_whale() -> list[Row]:
    rows = [row(n, f"Customer {n:02d}", f"{10000 + n * 500}.00", f"{6000 + n * 200}.00") for n in range(37)]
    rows.append(row(37, "Harborview Dental Group", "12000.00", "23707.83"))
    rows.append(row(38, "Needy Corp", "8000.00", "11000.00"))
    rows.append(row(39, "Northwind Logistics", "252000.00", "98000.00"))
    return rows


def test_one_customer_ten_times_the_others_is_named_off_a_zoomed_scatter():
    chart = revenue_against_cost(forty_customers_and_a_whale(), "$", "last 12 months", active=40, losing=2)
    limit = Decimal(chart["data"]["axis_max"])
    assert Decimal("23707.83") < limit < Decimal("98000.00")
    # the loss-makers sit well inside the zoomed axes, not in a blob at zero
    assert Decimal("23707.83") / limit > Decimal("0.25")
    assert "off the chart: Northwind Logistics ($252,000.00 revenue, $98,000.00 to serve)" in chart["summary"]
    assert "2 of 40 customers are above the line" in chart["summary"]
    # every customer, the whale included, is still in the table and the data
    assert len(chart["table"]["rows"]) == 40
    assert "Northwind Logistics" in {p["label"] for p in chart["data"]["points"]}


def test_a_scatter_without_outliers_is_not_zoomed():
    rows = [row(n, f"Customer {n}", f"{1000 * (n + 1)}.00", "500.00") for n in range(10)]
    chart = revenue_against_cost(rows, "$", "last 12 months", active=10, losing=0)
    assert chart["data"]["axis_max"] is None
    assert "Zoomed" not in chart["summary"]


def test_scatter_zoom_needs_enough_customers_to_call_one_an_outlier():
    assert scatter_zoom([Decimal("10"), Decimal("10000")]) is None
    assert scatter_zoom([Decimal("100")] * 9 + [Decimal("100000")]) == Decimal("110")
    assert scatter_zoom([Decimal("30107")] * 9 + [Decimal("252000")]) == Decimal("34000")


def month(day: str, revenue: str, cost: str, first: str | None = None, last: str | None = None) -> MonthTotals:
    start = datetime.date.fromisoformat(day)
    return MonthTotals(
        month=start,
        revenue=Decimal(revenue),
        cost_to_serve=Decimal(cost),
        first_day=datetime.date.fromisoformat(first) if first else start,
        last_day=datetime.date.fromisoformat(last) if last else None,
    )


def trailing_year() -> list[MonthTotals]:
    """A 12-month window from 28 Nov 2025 to 27 Nov 2026: a 3-day sliver first, today's month last."""
    months = [month("2025-11-01", "0.00", "150.00", first="2025-11-28", last="2025-11-30")]
    for m in range(12, 23):
        year, index = divmod(m - 1, 12)
        start = datetime.date(2025 + year, index + 1, 1)
        end = datetime.date(start.year + (start.month == 12), start.month % 12 + 1, 1) - datetime.timedelta(days=1)
        months.append(month(start.isoformat(), "1000.00", "600.00", last=end.isoformat()))
    months.append(month("2026-11-01", "1000.00", "800.00", last="2026-11-27"))
    return months


def test_a_three_day_sliver_is_labelled_and_not_counted_as_a_month():
    monthly = trailing_year()
    assert [m.is_partial for m in monthly] == [True] + [False] * 11 + [True]
    chart = profit_by_month(monthly, "$")
    assert chart["data"]["labels"][0] == "Nov 2025 (28–30)"
    assert chart["data"]["labels"][-1] == "Nov 2026 (1–27)"
    assert chart["summary"].startswith("0 of 11 full months made a loss.")
    assert "Nov 2025 (28–30) and Nov 2026 (1–27) are part months, not counted." in chart["summary"]
    money = customer_money_by_month(monthly, "$")
    assert money["summary"].startswith("The cost of serving them was above their revenue in 0 of 11 full months.")


def test_a_whole_month_has_a_plain_label():
    whole = month("2026-03-01", "10.00", "5.00", last="2026-03-31")
    assert not whole.is_partial and month_label(whole) == "Mar 2026"
