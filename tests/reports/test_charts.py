"""Chart payloads and the chart partial: figures for the script, the same figures as a table."""

import json
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from evaluations import rules
from reports.charts import Point, ReferenceLine, Series, bar_chart, format_value, line_chart, scatter_chart
from reports.owner_charts import whale_summary


def days_late_chart() -> dict:
    return line_chart(
        chart_id="days-late",
        title="Days late per invoice",
        summary="Getting later: the last invoice was paid 75 days late.",
        labels=["INV-1", "INV-2", "INV-3"],
        series=[Series("Days late", [5, 40, 75])],
        unit="days",
        x_title="Invoice",
        y_title="Days late",
        reference=ReferenceLine("90 days late", 90),
    )


def revenue_cost_chart() -> dict:
    return scatter_chart(
        chart_id="revenue-cost",
        title="Revenue against cost to serve",
        summary="One customer of two costs more than it brings.",
        points=[
            Point("Needy Corp", Decimal("12000.00"), Decimal("24000.00"), warn=True),
            Point("Good Co", Decimal("30000.00"), Decimal("9000.50")),
        ],
        series_label="Customer",
        unit="money",
        currency_symbol="$",
        x_title="Revenue",
        y_title="Cost to serve",
        reference=ReferenceLine("Break-even (cost = revenue)", diagonal=True),
    )


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("1234.5"), "money", "$1,234.50"),
        (Decimal("-1000"), "money", "−$1,000.00"),
        (1, "days", "1 day"),
        (45, "days", "45 days"),
        (Decimal("25.0"), "percent", "25.0%"),
        (Decimal("7.5"), "hours", "7.5 h"),
        (12000, "count", "12,000"),
        (None, "money", "–"),
    ],
)
def test_figures_are_formatted_for_people(value, unit, text):
    assert format_value(value, unit, "$") == text


def test_line_chart_table_has_a_row_per_label():
    chart = days_late_chart()
    assert chart["table"] == {
        "columns": ["Invoice", "Days late"],
        "rows": [["INV-1", "5 days"], ["INV-2", "40 days"], ["INV-3", "75 days"]],
    }
    assert chart["data"]["reference"] == {"label": "90 days late", "value": 90}
    assert chart["data"]["type"] == "line"


def test_a_series_must_match_its_labels():
    with pytest.raises(ValueError, match="2 values for 3 labels"):
        bar_chart(
            chart_id="x", title="t", summary="s", labels=["a", "b", "c"], series=[Series("s", [1, 2])], unit="count"
        )


def test_bar_chart_can_colour_losses():
    chart = bar_chart(
        chart_id="profit-by-month",
        title="Profit by month",
        summary="Two good months, one loss.",
        labels=["Jan", "Feb", "Mar"],
        series=[Series("Profit", [Decimal("500"), Decimal("-200"), Decimal("300")], colour_by_sign=True)],
        unit="money",
        currency_symbol="€",
    )
    assert chart["data"]["datasets"][0]["colour_by_sign"] is True
    assert chart["table"]["rows"][1] == ["Feb", "−€200.00"]


def test_partial_passes_figures_as_json_and_prints_them_as_a_table():
    html = render_to_string("partials/chart.html", {"chart": revenue_cost_chart()})
    data = json.loads(
        re.search(r'<script id="revenue-cost-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert data["type"] == "scatter"
    assert data["points"][0] == {"label": "Needy Corp", "x": "12000.00", "y": "24000.00", "warn": True}
    assert data["reference"]["diagonal"] is True
    assert 'data-chart="revenue-cost-data"' in html
    assert '<canvas id="revenue-cost" role="img"' in html
    assert 'aria-describedby="revenue-cost-summary"' in html
    assert "One customer of two costs more than it brings." in html
    assert '<th scope="row" class="fw-normal">Good Co</th><td class="text-end money">$30,000.00</td>' in html
    assert '<td class="text-end money">$9,000.50</td>' in html


def test_partial_has_no_inline_javascript():
    html = render_to_string("partials/chart.html", {"chart": days_late_chart()})
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script id="days-late-data" type="application/json">']
    assert not re.search(r"\son[a-z]+=", html)


def test_titles_and_labels_are_escaped():
    chart = line_chart(
        chart_id="x",
        title="<b>Profit</b>",
        summary="</script><script>alert(1)</script>",
        labels=["</script>"],
        series=[Series("s", [1])],
        unit="count",
    )
    html = render_to_string("partials/chart.html", {"chart": chart})
    assert "<b>Profit</b>" not in html
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == 1


def whale_text(*profits: str) -> str:
    curve = rules.whale_curve((n, Decimal(p)) for n, p in enumerate(profits, start=1))
    return whale_summary(rules.whale_shape(curve), "$", "last 12 months")


def test_whale_curve_text_says_what_the_best_fifth_earn_and_what_the_loss_makers_cost():
    profits = ("900", "500", "100", "0", "0", "0", "0", "-50", "-100", "-350")
    assert whale_text(*profits) == (
        "Your best 2 customers earn 140% of your profit; 3 customers cost you 50% of it over the last 12 months."
    )
    assert whale_text("300", "-100") == (
        "Your best customer earns 150% of your profit; 1 customer costs you 50% of it over the last 12 months."
    )
    assert whale_text("300", "100", "0") == (
        "Your best customer earns 75% of your profit; none loses money over the last 12 months."
    )


def test_whale_curve_text_gives_amounts_when_the_customers_lose_money_overall():
    assert whale_text("100", "-300") == (
        "Your best customer earns $100.00, but 1 customer costs you $300.00: overall a loss of $200.00 "
        "over the last 12 months."
    )
    assert whale_text("-100", "0") == "None of your customers made a profit over the last 12 months."
    assert whale_text() == "No customers yet."
