"""One formatting module, one rounding rule (half up), for the rules' sentences, the templates and the charts."""

from decimal import Decimal

from evaluations import formatting
from evaluations.rules.types import percent as rules_percent
from evaluations.templatetags.evaluation_format import money as money_filter
from evaluations.templatetags.evaluation_format import percent as percent_filter
from reports.charts import format_value


def test_halves_round_up_everywhere():
    assert formatting.percent(Decimal("0.125")) == "13%"
    assert formatting.percent(Decimal("0.115")) == "12%"  # 11.5 -> 12 (half even would also say 12)
    assert formatting.percent(Decimal("0.125"), 1) == "12.5%"
    assert formatting.money(Decimal("0.125"), "$") == "$0.13"
    assert formatting.money(Decimal("-1234.565"), "$") == "-$1,234.57"
    assert formatting.money(Decimal("-0.004"), "$") == "$0.00"  # no negative zero
    assert formatting.days(Decimal("2.5"), places=0) == "3 days"
    assert formatting.days(Decimal("1.0")) == "1 day"  # whole days without decimals (issue 11)
    assert formatting.hours(Decimal("1234.25")) == "1,234.3 h"


def test_a_share_reads_the_same_in_a_sentence_a_table_and_a_chart():
    share = Decimal("0.125")
    assert rules_percent(share) == percent_filter(share) == "13%"
    assert formatting.percent_value(share) == Decimal("13")
    assert money_filter(Decimal("651395.785"), "$") == "$651,395.79"
    assert format_value(Decimal("-651395.785"), "money", "$") == "−$651,395.79"
