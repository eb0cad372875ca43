"""The nightly snapshot command's --backfill option, and seed_demo's year of snapshots."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_BUSINESS
from evaluations.models import MonthlySnapshot
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_backfill_stores_the_months_before_and_keeps_others(world):
    business = world.a.business
    CustomerFactory(business=business, customer_since=datetime.date(2025, 1, 1))
    call_command("snapshot_evaluations", business_id=business.pk, month=datetime.date(2025, 12, 1), verbosity=0)
    call_command("snapshot_evaluations", business_id=business.pk, backfill=2, verbosity=0)
    months = sorted(set(MonthlySnapshot.objects.filter(business=business).values_list("month", flat=True)))
    assert months == [
        datetime.date(2025, 12, 1),
        datetime.date(2026, 4, 1),
        datetime.date(2026, 5, 1),
        datetime.date(2026, 6, 1),
    ]
    assert not MonthlySnapshot.objects.exclude(business=business).filter(month=datetime.date(2026, 4, 1)).exists()


def test_backfill_out_of_range_is_refused(world):
    with pytest.raises(CommandError, match="between 0 and 120"):
        call_command("snapshot_evaluations", backfill=500, verbosity=0)


def test_seed_demo_stores_a_year_of_snapshots():
    call_command("seed_demo", verbosity=0)
    snapshots = MonthlySnapshot.objects.filter(business__name=DEMO_BUSINESS)
    assert snapshots.values("month").distinct().count() == 12
    assert snapshots.filter(month=snapshots.order_by("-month").first().month).count() == 40
