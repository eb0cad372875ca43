"""The renegotiation arithmetic (evaluations.rules.proposal), every figure worked out by hand in the comments."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from evaluations.rules.proposal import (
    ProposalFigures,
    cap_option,
    effective_date,
    fee_option,
    months_of_last_12,
    proposal_for,
)

D = Decimal

# The column's customer: 1,000 a month, 2,000 a month to serve (24,000 over 12 months):
# 21,600 of staff time (432 hours at 50) and 2,400 of direct costs and concessions.
COLUMN = ProposalFigures(
    months=12,
    revenue=D("12000.00"),
    cost_to_serve=D("24000.00"),
    staff_hours=D("432.00"),
    other_costs=D("2400.00"),
    monthly_fee=D("1000.00"),
    included_hours=None,
    hourly_cost=D("50.00"),
    target_margin=D("0.20"),
)


def test_fee_that_reaches_a_20_percent_margin_on_2000_a_month_of_cost_is_2500():
    option = fee_option(COLUMN, "$")
    # 24,000 / 12 = 2,000 a month; 2,000 / (1 - 0.20) = 2,500 exactly.
    assert option.reachable and option.needed
    assert option.new_fee == D("2500")
    assert option.profit_per_month == D("1500")  # 2,500 - 1,000
    assert option.profit_per_year == D("18000")  # 12 x 1,500
    assert "$24,000.00 ÷ 12 = $2,000.00 a month" in option.explanation
    assert "$2,000.00 ÷ (1 − 0.20) = $2,500.00, rounded up to $2,500 a month" in option.explanation
    assert "$2,500 − $1,000.00 = $1,500 a month" in option.explanation
    assert "$18,000 a year (12 × $1,500)" in option.explanation


def test_the_fee_is_rounded_up_to_whole_units_and_the_effect_down():
    # 10,000.12 / 12 = 833.343..., / 0.75 = 1,111.124... -> 1,112 (rounding down to 1,111 would miss 25%).
    figures = replace(COLUMN, cost_to_serve=D("10000.12"), target_margin=D("0.25"), monthly_fee=D("999.50"))
    option = fee_option(figures)
    assert option.new_fee == D("1112")
    assert (option.new_fee - figures.monthly_cost) / option.new_fee >= D("0.25")
    assert ((option.new_fee - 1) - figures.monthly_cost) / (option.new_fee - 1) < D("0.25")
    # 1,112 - 999.50 = 112.50, rounded down to 112; a year is 12 x 112 = 1,344.
    assert option.profit_per_month == D("112")
    assert option.profit_per_year == D("1344")


def test_a_target_margin_of_0_percent_asks_for_the_cost_itself():
    option = fee_option(replace(COLUMN, target_margin=D("0")))
    assert option.new_fee == D("2000")  # break even: 2,000 / (1 - 0)
    assert option.profit_per_month == D("1000")


def test_a_target_margin_of_100_percent_is_unreachable_by_any_fee():
    figures = replace(COLUMN, target_margin=D("1"))
    fee = fee_option(figures, "$")
    assert not fee.reachable and fee.new_fee is None
    assert "100% would mean serving them costs nothing" in fee.explanation
    assert "Lower the target margin" in fee.explanation
    cap = cap_option(figures, "$")
    # 1,000 x (1 - 1) = 0 left for cost, less 200 a month of other costs: not one hour.
    assert not cap.reachable and cap.hours is None
    assert "does not pay for a single staff hour" in cap.explanation
    assert not proposal_for(figures).needed


def test_no_cost_needs_no_change_whatever_the_target():
    for target in (D("0"), D("0.2"), D("1")):
        figures = replace(COLUMN, cost_to_serve=D("0"), staff_hours=D("0"), other_costs=D("0"), target_margin=target)
        fee = fee_option(figures)
        assert fee.reachable and not fee.needed
        assert fee.profit_per_month == 0
        assert "Serving them cost nothing" in fee.explanation
        assert not proposal_for(figures).needed


def test_no_revenue_and_no_contract_asks_the_whole_fee():
    figures = replace(COLUMN, revenue=D("0"), monthly_fee=None)
    fee = fee_option(figures, "$")
    assert figures.current_fee == 0
    assert fee.new_fee == D("2500")
    assert fee.profit_per_month == D("2500")  # from nothing to 2,500 a month
    assert "They have no recurring contract; they were invoiced $0.00, $0.00 a month on average." in fee.explanation


def test_without_a_contract_there_are_no_hours_to_cap():
    figures = replace(COLUMN, monthly_fee=None)
    # Without a contract they pay what they were invoiced: 12,000 / 12 = 1,000 a month.
    assert fee_option(figures).new_fee == D("2500")
    cap = cap_option(figures)
    assert not cap.reachable and not cap.needed and cap.hours is None
    assert "Without a recurring contract" in cap.explanation


def test_the_hours_cap_keeps_the_fee_and_rounds_hours_down():
    cap = cap_option(COLUMN, "$")
    # 1,000 x 0.8 = 800 for cost; less 2,400 / 12 = 200 of other costs = 600 for staff time;
    # 600 / 50 = 12 hours exactly. They used 432 / 12 = 36 hours a month: 24 beyond the cap,
    # 24 x 50 = 1,200 a month, 14,400 a year.
    assert cap.reachable and cap.needed
    assert cap.hours == D("12")
    assert cap.profit_per_month == D("1200")
    assert cap.profit_per_year == D("14400")
    assert "leaving $600.00 for staff time" in cap.explanation
    assert "$600.00 ÷ $50.00 = 12.0 hours, rounded down to 12 hours a month" in cap.explanation
    assert "24.00 × $50.00 = $1,200.00" in cap.explanation


def test_the_cap_rounds_down_so_the_margin_is_kept():
    # 1,000 x 0.8 - 200 = 600; at 55 an hour: 10.9 hours -> 10 (11 hours would cost 605, over 600).
    cap = cap_option(replace(COLUMN, hourly_cost=D("55.00")))
    assert cap.hours == D("10")
    # 36 - 10 = 26 hours beyond, x 55 = 1,430.
    assert cap.profit_per_month == D("1430")


def test_a_contract_that_already_includes_fewer_hours_gets_no_new_cap():
    cap = cap_option(replace(COLUMN, included_hours=D("10.00")))
    assert cap.reachable and not cap.needed
    assert cap.hours == D("12")
    assert "already includes only 10.0 hours a month" in cap.explanation


def test_a_contract_with_more_included_hours_gets_the_lower_cap():
    cap = cap_option(replace(COLUMN, included_hours=D("40.00")))
    assert cap.needed and cap.hours == D("12")


def test_hours_within_the_cap_change_no_profit_today():
    # 24 hours a month by senior staff at 100 an hour (not the business's 50): 288 h, 28,800 a year,
    # 2,400 a month against a 2,000 fee, below a 20% margin.
    figures = replace(
        COLUMN, staff_hours=D("288.00"), other_costs=D("0"), cost_to_serve=D("28800.00"), monthly_fee=D("2000.00")
    )
    assert fee_option(figures).new_fee == D("3000")  # 2,400 / 0.8
    cap = cap_option(figures)
    # 2,000 x 0.8 = 1,600 for staff time / 50 = 32 hours; they use 24 a month.
    assert cap.needed and cap.hours == D("32")
    assert cap.profit_per_month == 0
    assert "already fit under the cap" in cap.explanation


def test_a_customer_at_the_target_needs_nothing():
    figures = replace(COLUMN, monthly_fee=D("2500.00"))
    proposal = proposal_for(figures)
    assert not proposal.fee.needed and not proposal.cap.needed and not proposal.needed
    assert "no change needed" in proposal.fee.explanation


def test_a_zero_cost_of_an_hour_gives_no_cap():
    cap = cap_option(replace(COLUMN, hourly_cost=D("0.00")), "$")
    assert not cap.reachable
    assert "set it in your business settings" in cap.explanation


def test_a_new_customer_spreads_cost_over_the_months_they_were_with_the_business():
    assert months_of_last_12(datetime.date(2026, 9, 20), datetime.date(2026, 11, 27)) == 3  # Sep, Oct, Nov
    assert months_of_last_12(datetime.date(2026, 11, 27), datetime.date(2026, 11, 27)) == 1
    assert months_of_last_12(datetime.date(2020, 1, 1), datetime.date(2026, 11, 27)) == 12
    figures = replace(COLUMN, months=3, cost_to_serve=D("6000.00"))
    assert fee_option(figures).new_fee == D("2500")  # 6,000 / 3 = 2,000 a month


@pytest.mark.parametrize(
    ("renewal", "notice", "expected", "at_renewal"),
    [
        # Notice can still be given for the renewal (last day: Dec 1): the change starts at renewal.
        (datetime.date(2026, 12, 31), 30, datetime.date(2026, 12, 31), True),
        # The last day to give notice (Nov 27) is today: still in time.
        (datetime.date(2026, 12, 27), 30, datetime.date(2026, 12, 27), True),
        # Too late for this renewal (last day was Nov 26): today plus the notice.
        (datetime.date(2026, 12, 26), 30, datetime.date(2026, 12, 27), False),
        # No end date: today plus the notice.
        (None, 60, datetime.date(2027, 1, 26), False),
        # No notice asked: the change can start today.
        (None, 0, datetime.date(2026, 11, 27), False),
    ],
)
def test_the_change_starts_at_renewal_or_after_the_notice_period(renewal, notice, expected, at_renewal):
    assert effective_date(renewal_date=renewal, notice_period_days=notice, today=datetime.date(2026, 11, 27)) == (
        expected,
        at_renewal,
    )
