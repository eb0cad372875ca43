"""The rows of the dashboard's two long tables (``templates/reports/dashboard.html``).

The ranked customers (50 rows of six cells: a link, a badge, four question
markers, four figures) and who owes what (20 rows of eight cells): built here
in Python, each value escaped by ``accounts.markup.escaped``, as the chart
tables are. The template loops they replace resolved some twenty variables and
filters per row and were half of the page's rendering (measured 28 Nov 2026).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from accounts.markup import escaped
from evaluations import formatting
from evaluations.board import StandingRow
from evaluations.receivables import CustomerAging
from evaluations.templatetags.evaluation_format import question_markers, verdict_badge
from reports.periods import DEFAULT

register = template.Library()


def _row(row: StandingRow, query: str, symbol: str) -> str:
    money = row.money
    assert money is not None  # ranked rows are read with their period's money
    url = escaped(reverse("customer_report", args=[row.id]) + query)
    revenue, cost, profit = (
        escaped(formatting.money(amount, symbol)) for amount in (money.revenue, money.cost_to_serve, money.profit)
    )
    losing = " text-danger" if money.profit < 0 else ""
    wide, medium = "text-end money d-none d-md-table-cell", "text-end d-none d-sm-table-cell"
    return (
        "\n        <tr>\n"
        f'          <td><a href="{url}">{escaped(row.name)}</a></td>\n'
        f'          <td class="verdict-cell">{verdict_badge(row.verdict)} {question_markers(row.questions)}</td>\n'
        f'          <td class="{wide}">{revenue}</td>\n'
        f'          <td class="{wide}">{cost}</td>\n'
        f'          <td class="text-end money{losing}">{profit}</td>\n'
        f'          <td class="{medium}">{escaped(formatting.percent(money.margin))}</td>\n'
        "        </tr>\n      "
    )


@register.simple_tag
def ranked_table_rows(rows: Iterable[StandingRow], period: str, symbol: str) -> SafeString:
    """A ``<tr>`` per customer: name (linking to the report for ``period``, a period key), verdict and questions,
    money, margin."""
    query = "" if period == DEFAULT else f"?period={period}"
    return mark_safe("".join(_row(row, query, symbol) for row in rows))  # noqa: S308 (every value is escaped above)


# Past due this long, an amount is shown in red.
LATE_BUCKETS = frozenset({"days_91_120", "over_120"})


def _aging_row(row: CustomerAging, symbol: str) -> str:
    url = escaped(reverse("customer_report", args=[row.customer_id]))
    cells = "".join(
        f'<td class="text-end money{" text-danger" if amount and name in LATE_BUCKETS else ""}">'
        f"{escaped(formatting.money(amount, symbol)) if amount else '–'}</td>"
        for name, _, amount in row.buckets.labelled()
    )
    total = escaped(formatting.money(row.buckets.total, symbol))
    return (
        f'\n        <tr><th scope="row" class="fw-normal"><a href="{url}">{escaped(row.customer_name)}</a></th>'
        f'{cells}<td class="text-end money fw-semibold">{total}</td></tr>\n      '
    )


@register.simple_tag
def aging_table_rows(rows: Iterable[CustomerAging], symbol: str) -> SafeString:
    """A ``<tr>`` per customer who owes: name (linking to the report), each bucket's amount ("–" for none), total."""
    return mark_safe("".join(_aging_row(row, symbol) for row in rows))  # noqa: S308 (every value is escaped above)
