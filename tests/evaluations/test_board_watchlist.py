"""``board.watchlist``: Boot before Renegotiate, the soonest notice first, in one query."""

import datetime

import pytest

from evaluations import board
from evaluations.models import Standing
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
