"""The demo business is shaped like a real one (issue 14), measured with the real evaluation code.

The published shape of customer profitability (Kaplan and Cooper's whale curve):
the most profitable fifth of customers earn well over all of the profit, the
middle roughly breaks even, and the least profitable tenth to fifth give a
large part of it back. Each range below is the issue's, over the last 12 months.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Business, Membership
from customers.demo import characters
from customers.demo.generator import demo_data_create
from evaluations import rules
from evaluations.rules import Verdict
from evaluations.services import BusinessEvaluation, evaluate_business

from ..conftest import client_for
from ..demo_data import DEMO_DAYS, TODAY
from ..factories import BusinessFactory, MembershipFactory

pytestmark = pytest.mark.django_db

CHARACTER_VERDICTS = {
    characters.COSTS_DOUBLE_WHAT_THEY_PAY: Verdict.BOOT,
    characters.CONSTANT_CALLER: Verdict.BOOT,
    characters.CHRONIC_LATE_PAYER: Verdict.WATCH,
    characters.DISCOUNT_HUNTER: Verdict.WATCH,
    characters.REPUTATION_THREAT: Verdict.WATCH,
    characters.BIG_CUSTOMER: Verdict.KEEP,
}


def assert_shaped_like_a_real_business(evaluation: BusinessEvaluation) -> Counter:
    shape = rules.whale_shape(evaluation.whale_curve)
    margin = evaluation.totals["trailing_12"].margin
    figures = (
        f"margin {margin:.2f}, top fifth {shape.top_fifth_share:.2f}, peak {shape.peak_share:.2f}, "
        f"losing {shape.losing_customers_share:.2f}"
    )
    assert Decimal("1.40") <= shape.top_fifth_share <= Decimal("3.00"), figures
    assert Decimal("1.20") <= shape.peak_share <= Decimal("2.50"), figures
    assert Decimal("0.10") <= shape.losing_customers_share <= Decimal("0.25"), figures
    assert Decimal("0.15") <= margin <= Decimal("0.45"), figures
    verdicts = Counter(c.verdict.verdict for c in evaluation.customers)
    assert set(verdicts) == set(Verdict), verdicts
    assert verdicts[Verdict.KEEP] + verdicts[Verdict.WATCH] > len(evaluation.customers) / 2, verdicts
    assert verdicts[Verdict.RENEGOTIATE] >= 3, verdicts
    assert verdicts[Verdict.BOOT] <= len(evaluation.customers) * 0.1, verdicts
    return verdicts


@pytest.mark.parametrize("today", DEMO_DAYS, ids=str)
def test_the_demo_business_has_the_published_shape_of_customer_profitability(shared_demo, today):
    evaluation = evaluate_business(shared_demo(today), today=today)

    verdicts = assert_shaped_like_a_real_business(evaluation)

    assert 2 <= verdicts[Verdict.BOOT] <= 4
    by_name = {c.name: c.verdict.verdict for c in evaluation.customers}
    assert {name: by_name[name] for name in CHARACTER_VERDICTS} == CHARACTER_VERDICTS


def test_a_generated_business_of_another_size_has_the_same_shape():
    business = BusinessFactory(name="Shape Co", time_zone="America/Chicago", default_hourly_cost=Decimal("60.00"))
    MembershipFactory(business=business, role=Membership.Role.OWNER, hourly_cost=Decimal("85.00"))
    for cost in (Decimal("40.00"), Decimal("50.00"), None, Decimal("65.00")):
        MembershipFactory(business=business, hourly_cost=cost)
    demo_data_create(business=business, customers=100, months=13, characters=False, today=TODAY)

    assert_shaped_like_a_real_business(evaluate_business(business, today=TODAY))


def test_the_dashboard_says_who_earns_the_profit_and_who_costs_it(shared_demo, time_machine):
    business: Business = shared_demo(TODAY)
    time_machine.move_to(datetime.datetime(2026, 11, 18, 12, tzinfo=ZoneInfo(business.time_zone)), tick=False)
    owner = Membership.objects.get(business=business, role=Membership.Role.OWNER)

    response = client_for(owner).get(reverse("dashboard"))

    summary = response.context["board"].charts["whale"]["summary"]
    found = re.fullmatch(
        r"Your best (\d+) customers earn (\d+)% of your profit; (\d+) customers cost you (\d+)% of it "
        r"over the last 12 months\.",
        summary,
    )
    assert found, summary
    best, earn, losing, cost = map(int, found.groups())
    assert (best, earn >= 140, 4 <= losing <= 10, cost >= 40) == (8, True, True, True), summary
    assert summary in response.content.decode()
