"""The dashboard's table rows built in Python are exactly what the template loops they replaced wrote."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from evaluations.board import RowMoney, StandingQuestion, StandingRow
from evaluations.receivables import AgingBuckets, CustomerAging
from evaluations.rules import QUESTIONS, Rating, Verdict
from reports.templatetags.dashboard_tables import aging_table_rows, ranked_table_rows

# The loop as it stood in templates/reports/dashboard.html before the tag (27 Nov 2026).
LOOP = Template(
    "{% load evaluation_format %}"
    "{% for row in rows %}\n"
    "        <tr>\n"
    "          <td><a href=\"{% url 'customer_report' row.id %}{% if chosen_key != '12m' %}"
    '?period={{ chosen_key }}{% endif %}">{{ row.name }}</a></td>\n'
    '          <td class="verdict-cell">{% verdict_badge row.verdict %} {% question_markers row.questions %}</td>\n'
    '          <td class="text-end money d-none d-md-table-cell">{{ row.money.revenue|money:sym }}</td>\n'
    '          <td class="text-end money d-none d-md-table-cell">{{ row.money.cost_to_serve|money:sym }}</td>\n'
    '          <td class="text-end money{% if row.money.profit < 0 %} text-danger{% endif %}">'
    "{{ row.money.profit|money:sym }}</td>\n"
    '          <td class="text-end d-none d-sm-table-cell">{{ row.money.margin|percent }}</td>\n'
    "        </tr>\n"
    "      {% endfor %}"
)


def _row(pk: int, name: str, verdict: Verdict, revenue: str, cost: str) -> StandingRow:
    revenue_, cost_ = Decimal(revenue), Decimal(cost)
    profit = revenue_ - cost_
    zero = Decimal(0)
    margin = profit / revenue_ if revenue_ else None
    money = RowMoney(revenue_, zero, 0, cost_, zero, zero, cost_, profit, margin)
    ratings = [Rating.RED, Rating.OK, Rating.WATCH, Rating.OK]
    questions = tuple(
        StandingQuestion(n, key, text, ratings[n - 1]) for n, (key, text) in enumerate(QUESTIONS.items(), start=1)
    )
    return StandingRow(pk, name, verdict, "reason", questions, money, datetime.date(2026, 12, 1))


ROWS = [
    _row(7, 'Bad <script>alert("x")</script> & Co', Verdict.BOOT, "1000.00", "2500.555"),
    _row(12, "O'Brien's Bakery", Verdict.KEEP, "12345.675", "100.00"),
    _row(30, "No revenue yet", Verdict.WATCH, "0.00", "0.00"),
]


@pytest.mark.parametrize("chosen_key", ["12m", "3m", "ytd"])
@pytest.mark.parametrize("symbol", ["$", "€", "<b>"])
def test_the_tag_writes_what_the_template_loop_wrote(chosen_key, symbol):
    expected = LOOP.render(Context({"rows": ROWS, "chosen_key": chosen_key, "sym": symbol}))
    assert str(ranked_table_rows(ROWS, chosen_key, symbol)) == expected


def test_values_are_escaped_and_losses_marked():
    html = str(ranked_table_rows(ROWS, "3m", "$"))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html and "<script>" not in html
    assert 'href="/customers/7/report/?period=3m"' in html
    assert '<td class="text-end money text-danger">-$1,500.56</td>' in html
    assert "O&#x27;Brien&#x27;s Bakery" in html and '<td class="text-end money">$12,245.68</td>' in html
    assert ranked_table_rows([], "12m", "$") == ""


AGING_LOOP = Template(
    "{% load evaluation_format %}"
    "{% for c in rows %}\n"
    '        <tr><th scope="row" class="fw-normal"><a href="{% url \'customer_report\' c.customer_id %}">'
    "{{ c.customer_name }}</a></th>{% for name, label, amount in c.buckets.labelled %}"
    "<td class=\"text-end money{% if amount and name == 'over_120' or amount and name == 'days_91_120' %}"
    ' text-danger{% endif %}">{% if amount %}{{ amount|money:sym }}{% else %}–{% endif %}</td>{% endfor %}'
    '<td class="text-end money fw-semibold">{{ c.buckets.total|money:sym }}</td></tr>\n'
    "      {% endfor %}"
)
AGING = [
    CustomerAging(3, "Late & <Lazy>", 4, AgingBuckets(current=Decimal("10.005"), over_120=Decimal("1200.00"))),
    CustomerAging(9, "Only current", 1, AgingBuckets(current=Decimal("99.99"))),
    CustomerAging(
        11,
        "Every bucket",
        6,
        AgingBuckets(*(Decimal(n) for n in ("1.00", "2.00", "3.00", "4.00", "5.00", "6.00"))),
    ),
]


@pytest.mark.parametrize("symbol", ["$", "£", "<i>"])
def test_the_aging_rows_are_what_the_template_loop_wrote(symbol):
    expected = AGING_LOOP.render(Context({"rows": AGING, "sym": symbol}))
    assert str(aging_table_rows(AGING, symbol)) == expected


def test_aging_rows_escape_names_and_mark_the_oldest_debts():
    html = str(aging_table_rows(AGING, "$"))
    assert "Late &amp; &lt;Lazy&gt;" in html and 'href="/customers/3/report/"' in html
    assert '<td class="text-end money text-danger">$1,200.00</td>' in html
    assert '<td class="text-end money">–</td>' in html  # an empty bucket
    assert '<td class="text-end money fw-semibold">$1,210.01</td>' in html  # 1,210.005, half up
