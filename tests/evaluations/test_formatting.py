"""One formatting module, one rounding rule (half up), for the rules' sentences, the templates and the charts."""

from decimal import Decimal

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from accounts.markup import escaped
from evaluations import formatting
from evaluations.board import StandingQuestion
from evaluations.rules import Rating
from evaluations.rules.types import percent as rules_percent
from evaluations.templatetags.evaluation_format import money as money_filter
from evaluations.templatetags.evaluation_format import percent as percent_filter
from evaluations.templatetags.evaluation_format import question_markers
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


def test_question_markers_escape_the_words_and_keep_their_shape():
    questions = (
        StandingQuestion(1, "demands", 'Demands "beyond" <the contract> & more?', Rating.RED),
        StandingQuestion(2, "good_nature", "Takes advantage?", Rating.OK),
    )
    html = str(question_markers(questions))
    assert html == (
        '<span class="q-markers">'
        '<span class="q-marker q-red" title="1. Demands &quot;beyond&quot; &lt;the contract&gt; &amp; more?'
        f' {escaped(Rating.RED.label)}" aria-hidden="true">1</span>'
        f'<span class="q-marker q-ok" title="2. Takes advantage? {escaped(Rating.OK.label)}"'
        ' aria-hidden="true">2</span>'
        '<span class="visually-hidden">Question 1, Demands &quot;beyond&quot; &lt;the contract&gt; &amp; more?'
        f" {escaped(Rating.RED.label)}. Question 2, Takes advantage? {escaped(Rating.OK.label)}.</span></span>"
    )


def test_escaped_keeps_safe_markup_and_escapes_the_rest():

    for value in ("<b>&'\"", mark_safe("<b>kept</b>"), 12, None):
        assert escaped(value) == conditional_escape(value)
