"""Issue 11: asking for something outside the contract counts toward question 1, being dishonest toward question 2.

Hand-computed at each threshold's edge, with the default thresholds and with an owner's own.
"""

from dataclasses import replace
from decimal import Decimal

import pytest

from evaluations import rules
from evaluations.rules import DEFAULT_THRESHOLDS as T
from evaluations.rules import DemandFigures, Evidence, GoodNatureFigures, Rating

OK, WATCH, RED = Rating.OK, Rating.WATCH, Rating.RED

CALM = DemandFigures(
    minutes=1000,
    out_of_scope_minutes=0,
    scope_creep_cost=Decimal("0"),
    support_hours=Decimal("10"),
    allowance_hours=Decimal("30"),
    angry_refusals=0,
    out_of_scope_requests=0,
    scope_creep_cost_12=Decimal("0"),
    evidence=(Evidence("interaction", 3),),
)
HONEST = GoodNatureFigures(
    revenue=Decimal("1000"), concessions=Decimal("0"), discount_requests=0, invoice_disputes=0, dishonest=0
)


def test_the_defaults_are_watch_at_10_red_at_20_requests_and_watch_at_1_red_at_2_dishonest():
    assert (T.out_of_scope_requests_watch, T.out_of_scope_requests_red) == (10, 20)
    assert (T.dishonest_watch, T.dishonest_red) == (1, 2)


@pytest.mark.parametrize(
    ("requests", "expected"), [(0, OK), (9, OK), (10, WATCH), (11, WATCH), (19, WATCH), (20, RED), (21, RED)]
)
def test_requests_outside_the_contract_watch_at_10_red_at_20(requests, expected):
    result = rules.demands(replace(CALM, out_of_scope_requests=requests), T)
    assert result.rating is expected
    assert result.figure("out_of_scope_requests").value == requests


def test_requests_outside_the_contract_follow_the_owners_thresholds():
    mine = replace(T, out_of_scope_requests_watch=2, out_of_scope_requests_red=3)
    assert [rules.demands(replace(CALM, out_of_scope_requests=n), mine).rating for n in (1, 2, 3)] == [OK, WATCH, RED]


def test_requests_outside_the_contract_are_said_in_words_and_carry_their_evidence():
    result = rules.demands(replace(CALM, out_of_scope_requests=20), T)
    assert result.explanation == (
        "In the last 3 months they asked for something outside the contract 20 times (done or refused)."
    )
    assert result.evidence == (Evidence("interaction", 3),)


def test_one_request_is_said_once_when_the_owner_counts_from_one():
    result = rules.demands(replace(CALM, out_of_scope_requests=1), replace(T, out_of_scope_requests_watch=1))
    assert result.rating is WATCH
    assert "asked for something outside the contract once" in result.explanation


def test_requests_below_the_watch_level_leave_the_calm_sentence_and_no_evidence():
    result = rules.demands(replace(CALM, out_of_scope_requests=9), T)
    assert result.explanation == "In the last 3 months they mostly asked for what the contract covers."
    assert result.evidence == ()


@pytest.mark.parametrize(("dishonest", "expected"), [(0, OK), (1, WATCH), (2, RED), (3, RED)])
def test_dishonesty_watch_at_1_red_at_2(dishonest, expected):
    result = rules.good_nature(replace(HONEST, dishonest=dishonest), T)
    assert result.rating is expected
    assert result.figure("dishonest").value == dishonest


def test_dishonesty_follows_the_owners_thresholds():
    mine = replace(T, dishonest_watch=2, dishonest_red=4)
    ratings = [rules.good_nature(replace(HONEST, dishonest=n), mine).rating for n in (1, 2, 3, 4)]
    assert ratings == [OK, WATCH, WATCH, RED]


def test_dishonesty_is_said_in_words():
    assert rules.good_nature(replace(HONEST, dishonest=1), T).explanation == (
        "In the last 12 months your staff found them dishonest once."
    )
    assert rules.good_nature(replace(HONEST, dishonest=2, invoice_disputes=2), T).explanation == (
        "In the last 12 months they disputed 2 invoices and your staff found them dishonest 2 times."
    )


def test_the_worst_of_the_signals_wins():
    # Ten requests is watch, angry twice is red: red wins, and both are said.
    result = rules.demands(replace(CALM, out_of_scope_requests=10, angry_refusals=2), T)
    assert result.rating is RED
    assert result.explanation == (
        "In the last 3 months they asked for something outside the contract 10 times (done or refused)"
        " and they got angry 2 times when told no."
    )


def test_scope_creep_cost_is_shown_for_3_and_12_months_each_with_its_period():
    result = rules.demands(replace(CALM, scope_creep_cost=Decimal("12.50"), scope_creep_cost_12=Decimal("80.00")), T)
    assert result.figure("scope_creep_cost").value == Decimal("12.50")
    assert result.figure("scope_creep_cost").label.endswith("last 3 months")
    assert result.figure("scope_creep_cost_12").value == Decimal("80.00")
    assert result.figure("scope_creep_cost_12").label.endswith("last 12 months")


def test_signal_counts_name_their_signal_and_window_so_a_page_can_link_to_those_records():
    demands = rules.demands(replace(CALM, out_of_scope_requests=12), T)
    requests = demands.figure("out_of_scope_requests")
    assert (requests.signal, requests.period) == ("out_of_scope_request", "trailing_3")
    dishonest = rules.good_nature(replace(HONEST, dishonest=1), T).figure("dishonest")
    assert (dishonest.signal, dishonest.period) == ("dishonest", "trailing_12")
    assert demands.figure("out_of_scope_share").signal == ""  # a share of time, not a count of ticks
