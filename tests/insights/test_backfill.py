"""Last week's verdicts recorded from the records, so a business whose history arrived at once has a week to compare."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from evaluations import services as evaluations
from evaluations import standings
from insights.models import WeeklyVerdict
from insights.services import weekly_verdicts_backfill
from insights.week import week_digest

from ..factories import BusinessFactory, ContractFactory, CustomerFactory, InteractionFactory, InvoiceFactory

pytestmark = pytest.mark.django_db

# Thursday 18 June 2026 in New York; last week's Monday is the 8th.
NOW = datetime.datetime(2026, 6, 18, 15, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 6, 18)
LAST_WEEK = datetime.date(2026, 6, 8)


def test_last_weeks_verdicts_come_from_the_records_as_they_stood_that_monday(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(time_zone="America/New_York")
    turned = CustomerFactory(business=business, name="Turned Sour", customer_since=datetime.date(2025, 1, 1))
    ContractFactory(customer=turned, start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2027, 1, 1))
    InvoiceFactory(
        customer=turned,
        issue_date=datetime.date(2026, 6, 1),
        due_date=datetime.date(2026, 7, 1),
        amount=Decimal("900.00"),
    )
    for n in range(5):  # so no one customer's share of the revenue is a warning of its own
        other = CustomerFactory(business=business, name=f"Steady {n}", customer_since=datetime.date(2025, 1, 1))
        InvoiceFactory(
            customer=other,
            issue_date=datetime.date(2026, 6, 1),
            due_date=datetime.date(2026, 7, 1),
            amount=Decimal("900.00"),
        )
    for day in (15, 16, 17):  # this week: review threats, public complaints, abuse
        InteractionFactory(
            customer=turned,
            occurred_at=datetime.datetime(2026, 6, day, 15, tzinfo=datetime.UTC),
            threatened_review=True,
            public_complaint=True,
            abusive=True,
        )
    newcomer = CustomerFactory(business=business, name="New This Week", customer_since=datetime.date(2026, 6, 16))
    standings.standings_refresh(business=business, today=TODAY)

    added = weekly_verdicts_backfill(business=business, today=TODAY, weeks=1)

    then = evaluations.evaluate_customer(turned, today=LAST_WEEK).verdict.verdict
    now = evaluations.evaluate_customer(turned, today=TODAY).verdict.verdict
    assert then != now, evaluations.evaluate_customer(turned, today=LAST_WEEK).verdict  # the test means something
    recorded = WeeklyVerdict.objects.filter(business=business)
    assert added == 6
    assert recorded.get(customer=turned).verdict == then.value
    assert set(recorded.values_list("week", flat=True)) == {LAST_WEEK}
    assert not recorded.filter(customer=newcomer).exists()  # not a customer yet that Monday
    (change,) = week_digest(business=business, today=TODAY).verdict_changes
    assert (change.customer_id, change.before, change.now) == (turned.pk, then, now)

    assert weekly_verdicts_backfill(business=business, today=TODAY, weeks=1) == 0  # a recorded week stays


def test_the_command_records_this_week_and_refuses_a_long_backfill(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(time_zone="America/New_York")
    CustomerFactory(business=business, customer_since=datetime.date(2025, 1, 1))
    call_command("record_weekly_verdicts", business_id=business.pk, backfill=2, verbosity=0)
    weeks = sorted(WeeklyVerdict.objects.filter(business=business).values_list("week", flat=True))
    assert weeks == [datetime.date(2026, 6, 1), LAST_WEEK, datetime.date(2026, 6, 15)]
    with pytest.raises(Exception, match="between 0 and 12 weeks"):
        call_command("record_weekly_verdicts", business_id=business.pk, backfill=13)
