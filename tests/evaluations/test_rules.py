"""The rules without a database: the column's example, each threshold at, below and above, the verdict table."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from evaluations import rules
from evaluations.periods import month_index
from evaluations.rules import (
    DEFAULT_THRESHOLDS as T,
)
from evaluations.rules import (
    DemandFigures,
    Evidence,
    GoodNatureFigures,
    PaymentFigures,
    PeriodTotals,
    Rating,
    ReputationFigures,
    Verdict,
)

OK, WATCH, RED = Rating.OK, Rating.WATCH, Rating.RED


def money(value: str) -> Decimal:
    return Decimal(value)


def test_customer_paying_1000_costing_2000_loses_1000_with_a_ratio_of_2():
    # 2,000 of staff time: 40 hours at 50 an hour (stored as the sum of minutes x hourly cost).
    totals = PeriodTotals(revenue=money("1000.00"), minutes=2400, minute_cost=Decimal(2400) * money("50.00"))
    result = rules.profitability(totals)
    assert result.staff_cost == money("2000.00")
    assert result.cost_to_serve == money("2000.00")
    assert result.profit == money("-1000.00")
    assert result.cost_to_revenue == Decimal("2")
    assert result.margin == Decimal("-1")
    assert result.loses_money


def test_cost_to_serve_adds_staff_time_direct_costs_and_concessions():
    totals = PeriodTotals(
        revenue=money("500"),
        minutes=90,
        minute_cost=90 * money("40"),
        direct_costs=money("25"),
        concessions=money("10"),
    )
    result = rules.profitability(totals, allowance_per_month=Decimal("2"), months=3)
    assert result.staff_hours == money("1.50")
    assert result.staff_cost == money("60.00")
    assert result.cost_to_serve == money("95.00")
    assert result.profit == money("405.00")
    assert result.allowance_hours == Decimal("6")
    assert result.support_use == Decimal("0.25")


def test_no_revenue_gives_no_margin_and_no_ratio_instead_of_a_crash():
    result = rules.profitability(PeriodTotals(minutes=60, minute_cost=60 * money("30")))
    assert result.margin is None
    assert result.cost_to_revenue is None
    assert result.profit == money("-30.00")


def test_nothing_at_all_is_zero_everywhere():
    result = rules.profitability(PeriodTotals())
    assert (result.revenue, result.cost_to_serve, result.profit, result.margin) == (0, 0, 0, None)


# --- 1. Demands beyond what is reasonable ------------------------------------------------------

DEMANDS = DemandFigures(
    minutes=1000,
    out_of_scope_minutes=0,
    scope_creep_cost=money("0"),
    support_hours=Decimal("10"),
    allowance_hours=Decimal("30"),
    angry_refusals=0,
    evidence=(Evidence("interaction", 7),),
)


@pytest.mark.parametrize(
    ("out_of_scope_minutes", "expected"),
    [(199, OK), (200, WATCH), (201, WATCH), (399, WATCH), (400, RED), (401, RED)],
)
def test_demands_out_of_scope_share_watch_at_20_red_at_40(out_of_scope_minutes, expected):
    result = rules.demands(replace(DEMANDS, out_of_scope_minutes=out_of_scope_minutes), T)
    assert result.rating is expected
    assert result.figure("out_of_scope_share").value == Decimal(out_of_scope_minutes) / 1000


@pytest.mark.parametrize(("hours", "expected"), [("44.99", OK), ("45", OK), ("45.01", RED)])
def test_demands_support_hours_red_above_150_percent_of_allowance(hours, expected):
    assert rules.demands(replace(DEMANDS, support_hours=Decimal(hours)), T).rating is expected


def test_demands_support_hours_without_an_allowance_are_not_judged():
    assert rules.demands(replace(DEMANDS, allowance_hours=None, support_hours=Decimal("500")), T).rating is OK


def test_demands_support_hours_when_none_were_included_are_red():
    result = rules.demands(replace(DEMANDS, allowance_hours=Decimal("0"), support_hours=Decimal("1")), T)
    assert result.rating is RED
    assert "none included" in result.explanation


@pytest.mark.parametrize(("angry", "expected"), [(1, OK), (2, RED), (3, RED)])
def test_demands_angry_when_refused_red_at_2(angry, expected):
    assert rules.demands(replace(DEMANDS, angry_refusals=angry), T).rating is expected


def test_demands_no_interactions_is_ok_without_division_by_zero():
    result = rules.demands(replace(DEMANDS, minutes=0, support_hours=Decimal("0")), T)
    assert result.rating is OK
    assert result.figure("out_of_scope_share").value is None


def test_ratings_carry_evidence_only_when_they_warn():
    assert rules.demands(DEMANDS, T).evidence == ()
    red = rules.demands(replace(DEMANDS, angry_refusals=2), T)
    assert red.evidence == (Evidence("interaction", 7),)
    assert red.explanation == "In the last 3 months they got angry 2 times when told no."


def test_scope_creep_cost_is_shown():
    result = rules.demands(replace(DEMANDS, scope_creep_cost=money("123.45")), T)
    assert result.figure("scope_creep_cost").value == money("123.45")


# --- 2. Takes advantage of your good nature ----------------------------------------------------

NATURE = GoodNatureFigures(revenue=money("1000"), concessions=money("0"), discount_requests=0, invoice_disputes=0)


@pytest.mark.parametrize(
    ("concessions", "expected"),
    [("49.99", OK), ("50", WATCH), ("50.01", WATCH), ("99.99", WATCH), ("100", RED), ("100.01", RED)],
)
def test_good_nature_concessions_watch_at_5_red_at_10_percent_of_revenue(concessions, expected):
    assert rules.good_nature(replace(NATURE, concessions=money(concessions)), T).rating is expected


@pytest.mark.parametrize(("requests", "expected"), [(2, OK), (3, WATCH), (4, WATCH), (5, WATCH), (6, RED), (7, RED)])
def test_good_nature_discount_requests_watch_at_3_red_at_6(requests, expected):
    assert rules.good_nature(replace(NATURE, discount_requests=requests), T).rating is expected


@pytest.mark.parametrize(("disputes", "expected"), [(1, OK), (2, WATCH), (3, WATCH)])
def test_good_nature_invoice_disputes_watch_at_2(disputes, expected):
    assert rules.good_nature(replace(NATURE, invoice_disputes=disputes), T).rating is expected


def test_good_nature_concessions_with_no_revenue_are_red_not_a_division_by_zero():
    result = rules.good_nature(replace(NATURE, revenue=money("0"), concessions=money("10")), T)
    assert result.rating is RED
    assert result.figure("concession_share").value is None
    assert rules.good_nature(replace(NATURE, revenue=money("0")), T).rating is OK


# --- 3. A threat to your reputation ------------------------------------------------------------

QUIET = ReputationFigures(threats=0, public_complaints=0, complaints=0, abuse=0)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, OK),
        ({"complaints": 1}, OK),
        ({"complaints": 2}, WATCH),
        ({"complaints": 3}, WATCH),
        ({"abuse": 1}, WATCH),
        ({"threats": 1}, RED),
        ({"public_complaints": 1}, RED),
        ({"public_complaints": 1, "complaints": 5, "abuse": 2}, RED),
    ],
)
def test_reputation_threat_or_public_post_is_red_two_complaints_or_abuse_is_watch(changes, expected):
    assert rules.reputation(replace(QUIET, **changes), T).rating is expected


# --- 4. Pays on time ---------------------------------------------------------------------------

ON_TIME = PaymentFigures(
    invoices_due=10,
    average_days_late=Decimal("0"),
    invoices_over_30_days=0,
    worst_days_late=0,
    overdue_balance=money("0"),
)


@pytest.mark.parametrize(
    ("average", "expected"),
    [("15", OK), ("15.1", WATCH), ("59.9", WATCH), ("60", RED), ("61", RED)],
)
def test_pays_on_time_average_watch_over_15_red_at_60(average, expected):
    assert rules.pays_on_time(replace(ON_TIME, average_days_late=Decimal(average)), T).rating is expected


@pytest.mark.parametrize(("worst", "expected"), [(30, OK), (31, WATCH), (89, WATCH), (90, RED), (120, RED)])
def test_pays_on_time_any_invoice_watch_over_30_red_at_90(worst, expected):
    assert rules.pays_on_time(replace(ON_TIME, worst_days_late=worst), T).rating is expected


def test_pays_on_time_without_invoices_is_ok():
    result = rules.pays_on_time(replace(ON_TIME, invoices_due=0, average_days_late=None), T)
    assert result.rating is OK
    assert result.explanation == "No invoice fell due in the last 12 months."
    assert result.figure("share_over_30_days").value is None


def test_worsening_payments_say_when_they_reach_90_days():
    # 10, 20, 30 days late in Jan, Feb, Mar 2026: +10 a month, so 90 days in September 2026.
    points = [(month_index(datetime.date(2026, m, 1)), Decimal(10 * m)) for m in (1, 2, 3)]
    slope, intercept = rules.least_squares(points)
    assert slope == Decimal("10")
    figures = replace(
        ON_TIME,
        average_days_late=Decimal("20"),
        worst_days_late=30,
        trend_months=3,
        trend_slope=slope,
        trend_intercept=intercept,
        trend_last_month=points[-1][0],
    )
    result = rules.pays_on_time(figures, T)
    assert result.figure("reaches_red_in").value == "2026-09"
    assert result.figure("trend_days_per_month").value == Decimal("10.0")
    assert "90 days late by September 2026" in result.explanation


def test_improving_or_short_payment_history_has_no_projection():
    last = month_index(datetime.date(2026, 3, 1))
    assert rules.trend_reaches(Decimal("-5"), Decimal("100"), last, 6) is None
    assert rules.trend_reaches(Decimal("5"), Decimal("0"), last, 2) is None  # two months are not a trend
    assert rules.trend_reaches(None, None, None, 0) is None
    # From 0 days late in March 2026: +1.5 a month reaches 90 in 60 months (shown); a crawl never does.
    assert rules.trend_reaches(Decimal("1.5"), Decimal("-1.5") * last, last, 12) == "2031-03"
    assert rules.trend_reaches(Decimal("1.4"), Decimal("-1.4") * last, last, 12) is None
    assert rules.trend_reaches(Decimal("0.0001"), Decimal("-0.0001") * last, last, 12) is None


# --- The verdict -------------------------------------------------------------------------------


def question(number: int, rating: Rating):
    key = list(rules.QUESTIONS)[number - 1]
    return rules.QuestionResult(number, key, rules.QUESTIONS[key], rating, f"explained {number}", (), ())


def year(revenue: str, cost: str):
    return rules.profitability(PeriodTotals(revenue=money(revenue), direct_costs=money(cost)))


@pytest.mark.parametrize(
    ("revenue", "cost", "ratings", "expected"),
    [
        ("1000", "2000", (RED, OK, OK, OK), Verdict.BOOT),  # loses money + one red
        ("1000", "500", (RED, RED, RED, OK), Verdict.BOOT),  # three reds, profitable
        ("1000", "2000", (WATCH, WATCH, OK, OK), Verdict.RENEGOTIATE),  # loses money, no red
        ("1000", "2000", (OK, OK, OK, OK), Verdict.RENEGOTIATE),
        ("1000", "850", (OK, OK, OK, OK), Verdict.RENEGOTIATE),  # 15% margin below the 20% target
        ("1000", "800", (OK, OK, OK, OK), Verdict.KEEP),  # exactly at the target
        ("1000", "850", (RED, RED, OK, OK), Verdict.RENEGOTIATE),  # two reds, below target: no Boot rule
        ("1000", "500", (RED, RED, OK, OK), Verdict.WATCH),
        ("1000", "500", (OK, OK, WATCH, OK), Verdict.WATCH),
        ("1000", "500", (OK, OK, OK, OK), Verdict.KEEP),
        ("0", "0", (OK, OK, OK, OK), Verdict.KEEP),  # no revenue, no cost: nothing to judge
        ("0", "10", (OK, OK, OK, OK), Verdict.RENEGOTIATE),  # costs with no revenue lose money
    ],
)
def test_verdict_table(revenue, cost, ratings, expected):
    questions = [question(n, rating) for n, rating in enumerate(ratings, start=1)]
    assert rules.verdict_for(year(revenue, cost), questions, None, T).verdict is expected


def test_verdict_reasons_list_the_worst_signal_first():
    questions = [question(1, WATCH), question(2, OK), question(3, RED), question(4, OK)]
    result = rules.verdict_for(year("1000", "2000"), questions, None, T)
    assert [r.severity for r in result.reasons] == [RED, RED, WATCH]
    assert result.reasons[0].text.startswith("Loses money: costs 1,000")
    assert result.reasons[1].question == 3
    assert result.reasons[2].question == 1
    assert result.main_reason == result.reasons[0].text


@pytest.mark.parametrize(("share", "warned"), [("0.25", False), ("0.2501", True), ("0.6", True), (None, False)])
def test_dependence_warning_above_25_percent_of_revenue(share, warned):
    questions = [question(n, OK) for n in range(1, 5)]
    result = rules.verdict_for(year("1000", "500"), questions, Decimal(share) if share else None, T)
    assert (result.dependence_warning is not None) is warned
    assert result.verdict is Verdict.KEEP  # a warning, not a verdict change


def test_owners_thresholds_change_the_outcome():
    strict = replace(T, complaints_watch=1, target_margin=Decimal("0.60"))
    assert rules.reputation(replace(QUIET, complaints=1), strict).rating is WATCH
    questions = [question(n, OK) for n in range(1, 5)]
    assert rules.verdict_for(year("1000", "500"), questions, None, strict).verdict is Verdict.RENEGOTIATE


def test_projection_is_twelve_fees_less_the_last_years_cost():
    assert rules.projected_profit_12_months(money("1000.00"), money("15000.00")) == money("-3000.00")
    assert rules.projected_profit_12_months(None, money("15000.00")) is None


def test_what_if_without_a_loss_making_customer_raises_profit():
    result = rules.what_if_without(
        rules.profitability(PeriodTotals(revenue=money("1000"), minutes=2400, minute_cost=2400 * money("50")))
    )
    assert result == rules.WhatIf(money("1000"), money("40.00"), money("2000.00"), money("1000.00"))


def test_whale_curve_ranks_by_profit_with_cumulative_shares():
    curve = rules.whale_curve([(1, money("-50")), (2, money("100")), (3, money("50"))])
    assert [p.customer_id for p in curve] == [2, 3, 1]
    assert [p.cumulative_profit for p in curve] == [money("100"), money("150"), money("100")]
    assert curve[0].cumulative_profit_share == Decimal("1")
    assert curve[1].cumulative_profit_share == Decimal("1.5")
    assert curve[-1].customers_share == Decimal("1")
    assert rules.whale_curve([]) == []
    assert rules.whale_curve([(1, money("0"))])[0].cumulative_profit_share is None


def test_whale_shape_names_the_best_customers_the_top_fifth_and_the_loss_makers():
    profits = [("900",), ("500",), ("100",), ("0",), ("-100",), ("-400",), ("50",), ("-50",), ("0",), ("0",)]
    curve = rules.whale_curve((n, money(p)) for n, (p,) in enumerate(profits, start=1))
    shape = rules.whale_shape(curve)
    assert shape.total_profit == money("1000")
    assert (shape.best_count, shape.peak_profit, shape.peak_share) == (4, money("1550"), Decimal("1.55"))
    assert (shape.top_fifth_count, shape.top_fifth_profit, shape.top_fifth_share) == (2, money("1400"), Decimal("1.4"))
    assert (shape.losing_count, shape.losses, shape.losses_share) == (3, money("550"), Decimal("0.55"))
    assert shape.losing_customers_share == Decimal("0.3")


def test_whale_shape_gives_no_shares_of_a_loss_and_nothing_without_customers():
    shape = rules.whale_shape(rules.whale_curve([(1, money("100")), (2, money("-300"))]))
    assert (shape.total_profit, shape.peak_share, shape.losses_share, shape.top_fifth_share) == (
        money("-200"),
        None,
        None,
        None,
    )
    assert (shape.best_count, shape.top_fifth_count, shape.losing_count) == (1, 1, 1)
    assert rules.whale_shape([]) is None


def test_loss_reason_names_the_business_currency():
    from evaluations.rules import DEFAULT_THRESHOLDS, PeriodTotals, profitability, verdict_for

    year = profitability(PeriodTotals(revenue=Decimal("12000"), minute_cost=Decimal("24000") * 60))
    result = verdict_for(year, [], None, DEFAULT_THRESHOLDS, "£")
    assert result.reasons[0].text == "Loses money: costs £12,000.00 more than it brings in over 12 months."


def test_question_words_and_figures_are_written_once_when_first_read():
    calls = []

    def details():
        calls.append("written")
        return "Said once.", (rules.Figure("angry_refusals", "Angry when told no", 2, "count"),)

    result = rules.QuestionResult.deferred(1, "demands", rules.QUESTIONS["demands"], RED, (), details)
    assert calls == []  # the rating is known without the words
    assert result.rating is RED
    assert result.explanation == "Said once."
    assert result.figure("angry_refusals").value == 2
    assert calls == ["written"]


def test_a_question_read_later_equals_one_written_at_once():
    late = rules.pays_on_time(replace(ON_TIME, worst_days_late=95), T)
    at_once = rules.QuestionResult(
        late.number, late.key, late.question, late.rating, late.explanation, late.figures, late.evidence
    )
    assert late == at_once
    other_words = rules.QuestionResult(
        late.number, late.key, late.question, late.rating, "Something else.", late.figures, late.evidence
    )
    assert late != other_words


@pytest.mark.parametrize(
    "totals",
    [
        PeriodTotals(),
        PeriodTotals(revenue=money("1000.00"), minutes=7, minute_cost=money("245.00"), concessions=money("3.10")),
        PeriodTotals(revenue=money("0"), minutes=61, minute_cost=money("1891.00"), direct_costs=money("12.34")),
    ],
)
def test_profit_alone_is_the_profit_of_the_full_working(totals):
    assert rules.profit_of(totals) == rules.profitability(totals).profit
