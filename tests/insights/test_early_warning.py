"""Early warning read from stored monthly snapshots: the six whole months before today's."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from insights.early_warning import customer_trends, months_read, report_trends

from ..conftest import client_for
from ..evaluations.factories import MonthlySnapshotFactory
from ..factories import CustomerFactory
from .conftest import TODAY

pytestmark = pytest.mark.django_db


def snapshot(customer, month: datetime.date, *, revenue: str, profit: str, days_late: str | None, out_of_scope=None):
    figures = {
        "questions": {
            "pays_on_time": {"figures": {"average_days_late": days_late}},
            "demands": {"figures": {"out_of_scope_share": out_of_scope}},
        }
    }
    return MonthlySnapshotFactory(
        customer=customer,
        business=customer.business,
        month=month,
        as_of=month,
        month_revenue=Decimal(revenue),
        month_cost_to_serve=Decimal(revenue) - Decimal(profit),
        month_profit=Decimal(profit),
        figures=figures,
    )


MONTHS = [datetime.date(2025, 12, 1), *(datetime.date(2026, m, 1) for m in range(1, 6))]


@pytest.fixture
def slipping(week):
    """Changed Cafe: margin 40% down 4 points a month to 20%, average days late 10 up 9 a month to 55."""
    for month, profit, days_late in zip(MONTHS, (400, 360, 320, 280, 240, 200), (10, 19, 28, 37, 46, 55), strict=True):
        snapshot(week.changed, month, revenue="1000", profit=str(profit), days_late=f"{days_late}.0")
    # This month's snapshot (the month runs) is not read, however odd its figures.
    snapshot(week.changed, datetime.date(2026, 6, 1), revenue="10", profit="-500", days_late="200.0")
    return week.changed


def test_the_six_whole_months_before_todays_are_read():
    assert months_read(TODAY) == (datetime.date(2025, 12, 1), datetime.date(2026, 5, 1))


def test_falling_margin_and_later_payments_from_snapshots(week, slipping):
    found = customer_trends(business=week.business, today=TODAY)
    assert [(c.customer_name, [w.sentence for w in c.warnings]) for c in found] == [
        (
            "Changed Cafe",
            [
                "At this rate this customer stops being profitable in about 5 months.",
                "Payments are getting later by about 9 days a month.",
            ],
        )
    ]


def test_too_few_months_and_months_without_revenue_tell_nothing(week):
    for month, days_late in zip(MONTHS[:3], ("10.0", "20.0", "30.0"), strict=True):
        snapshot(week.quiet_customer, month, revenue="1000", profit="100", days_late=days_late)
    for month in MONTHS:  # no revenue: no margin; no invoice due: no days late
        snapshot(week.big, month, revenue="0", profit="-50", days_late=None)
    assert customer_trends(business=week.business, today=TODAY) == []
    trends = report_trends(business=week.business, customer_id=week.quiet_customer.pk, today=TODAY)
    assert trends.warnings == [] and trends.months == 3


def test_customer_report_tells_the_trend(week, slipping):
    url = reverse("customer_report", kwargs={"pk": slipping.pk})
    page = client_for(week.owner).get(url).content.decode()
    assert "Early warning: the last six months" in page
    assert "At this rate this customer stops being profitable in about 5 months." in page
    assert "Payments are getting later by about 9 days a month." in page


def test_customer_report_without_a_trend_says_why(week):
    other = CustomerFactory(business=week.business, name="New Client")
    page = client_for(week.owner).get(reverse("customer_report", kwargs={"pk": other.pk})).content.decode()
    assert "No clear trend in the last six whole months (0 of 6 recorded" in page


def test_digest_lists_customers_trending_worse(week, slipping):
    call_command("send_digest", "--business-id", str(week.business.pk), stdout=None)
    body = mail.outbox[0].body
    assert "TRENDING THE WRONG WAY" in body
    assert "Changed Cafe: At this rate this customer stops being profitable in about 5 months." in body
