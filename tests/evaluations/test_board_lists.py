"""The board's short lists: the watchlist's order, and the top revenue read or sorted from what a page has."""

import datetime
from decimal import Decimal

import pytest

from evaluations import board
from evaluations.models import Standing, StandingPeriod
from evaluations.periods import TRAILING_3, TRAILING_12
from evaluations.rules import Verdict

from ..factories import BusinessFactory, CustomerFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 1)


def _standing(business, name: str, verdict: Verdict, notice: datetime.date | None) -> None:
    customer = CustomerFactory(business=business, name=name)
    Standing.objects.create(
        business=business,
        customer=customer,
        as_of=DAY,
        verdict=verdict.value,
        demands="ok",
        good_nature="ok",
        reputation="ok",
        pays_on_time="ok",
        main_reason=f"{name}'s reason",
        last_notice_date=notice,
    )


def test_boot_comes_before_renegotiate_then_the_soonest_notice_then_the_name(django_assert_num_queries):
    business = BusinessFactory()
    _standing(business, "Reno early", Verdict.RENEGOTIATE, DAY)
    _standing(business, "Boot no notice", Verdict.BOOT, None)
    _standing(business, "Boot late", Verdict.BOOT, DAY + datetime.timedelta(days=40))
    _standing(business, "Boot soon B", Verdict.BOOT, DAY + datetime.timedelta(days=3))
    _standing(business, "Boot soon A", Verdict.BOOT, DAY + datetime.timedelta(days=3))
    _standing(business, "Watch", Verdict.WATCH, DAY)
    _standing(business, "Keep", Verdict.KEEP, DAY)
    _standing(BusinessFactory(), "Another business's", Verdict.BOOT, DAY)

    with django_assert_num_queries(1):
        rows = board.watchlist(business, limit=10)
    assert [r.name for r in rows] == ["Boot soon A", "Boot soon B", "Boot late", "Boot no notice", "Reno early"]
    assert [r.verdict for r in rows] == [Verdict.BOOT] * 4 + [Verdict.RENEGOTIATE]
    assert rows[-1].main_reason == "Reno early's reason" and rows[-1].last_notice_date == DAY

    assert [r.name for r in board.watchlist(business, limit=2)] == ["Boot soon A", "Boot soon B"]


def _money(business, name: str, revenue: str, cost: str, period: str = TRAILING_12) -> None:
    StandingPeriod.objects.create(
        business=business,
        customer=CustomerFactory(business=business, name=name),
        period=period,
        revenue=Decimal(revenue),
        cash_collected=Decimal(0),
        staff_minutes=0,
        staff_cost=Decimal(cost),
        direct_costs=Decimal(0),
        concessions=Decimal(0),
        cost_to_serve=Decimal(cost),
        profit=Decimal(revenue) - Decimal(cost),
    )


def test_the_top_revenue_sorted_from_every_active_customer_is_the_one_read(django_assert_num_queries):
    business = BusinessFactory()
    for n, (revenue, cost) in enumerate(
        [("500.00", "10.00"), ("500.00", "900.00"), ("0.00", "40.00"), ("0.00", "0.00"), ("-20.00", "0.00")]
        + [(f"{n * 7 % 13}.50", "1.00") for n in range(12)]
    ):
        _money(business, f"Customer {n}", revenue, cost)
    _money(business, "Another period", "99999.00", "0.00", period=TRAILING_3)
    _money(BusinessFactory(), "Another business", "99999.00", "0.00")

    every_active = board.biggest(business, period=TRAILING_12, limit=300)
    assert len(every_active) == 16  # all but the customer with neither revenue nor cost
    for limit in (1, 3, 10, 50):
        read = board.top_revenue(business, period=TRAILING_12, limit=limit)
        with django_assert_num_queries(0):
            sorted_here = board.top_revenue(business, period=TRAILING_12, limit=limit, among=every_active)
        assert sorted_here == read
    assert [r.name for r in read][:2] == ["Customer 0", "Customer 1"]  # a tie: the lower id first
    assert all(r.money.revenue > 0 for r in read) and len(read) == 14
