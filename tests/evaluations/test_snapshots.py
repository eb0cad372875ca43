"""Monthly snapshots: re-running replaces that month only; other months are kept."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from evaluations.models import MonthlySnapshot
from evaluations.services import snapshot_month

from ..factories import BusinessFactory, ContractFactory, CustomerFactory, InvoiceFactory
from .factories import MonthlySnapshotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business():
    return BusinessFactory(time_zone="Europe/London")


def test_snapshot_stores_the_months_figures_and_verdict(business):
    customer = CustomerFactory(business=business)
    ContractFactory(customer=customer, fee=Decimal("500.00"))
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 2, 3), amount=Decimal("500.00"))
    assert snapshot_month(business=business, month=datetime.date(2026, 2, 14), today=datetime.date(2026, 3, 15)) == 1
    snapshot = MonthlySnapshot.objects.get(customer=customer)
    assert snapshot.month == datetime.date(2026, 2, 1)
    assert snapshot.as_of == datetime.date(2026, 2, 28)
    assert snapshot.month_revenue == Decimal("500.00")
    assert snapshot.contract_monthly_fee == Decimal("500.00")
    assert snapshot.verdict == "keep"
    assert snapshot.figures["periods"]["month"]["revenue"] == "500.00"
    assert snapshot.figures["questions"]["pays_on_time"]["rating"] == "ok"


def test_rerunning_a_month_replaces_it_and_keeps_other_months(business):
    customer = CustomerFactory(business=business)
    january = MonthlySnapshotFactory(customer=customer, month=datetime.date(2026, 1, 1), verdict="boot")
    today = datetime.date(2026, 3, 15)
    snapshot_month(business=business, month=datetime.date(2026, 2, 1), today=today)
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 2, 10), amount=Decimal("250.00"))
    snapshot_month(business=business, month=datetime.date(2026, 2, 1), today=today)
    february = MonthlySnapshot.objects.filter(customer=customer, month=datetime.date(2026, 2, 1))
    assert february.count() == 1
    assert february.get().month_revenue == Decimal("250.00")
    january.refresh_from_db()
    assert january.verdict == "boot"  # untouched


def test_another_business_snapshots_are_untouched(business):
    other = MonthlySnapshotFactory(month=datetime.date(2026, 2, 1))
    snapshot_month(business=business, month=datetime.date(2026, 2, 1), today=datetime.date(2026, 3, 1))
    assert MonthlySnapshot.objects.filter(pk=other.pk).exists()


def test_a_month_that_has_not_started_is_refused(business):
    with pytest.raises(ValidationError):
        snapshot_month(business=business, month=datetime.date(2026, 4, 1), today=datetime.date(2026, 3, 31))


def test_the_running_month_is_computed_as_of_today(business):
    CustomerFactory(business=business)
    snapshot_month(business=business, month=datetime.date(2026, 3, 1), today=datetime.date(2026, 3, 15))
    assert MonthlySnapshot.objects.get().as_of == datetime.date(2026, 3, 15)


def test_command_snapshots_the_current_month_of_every_business(business):
    CustomerFactory(business=business)
    auckland = BusinessFactory(time_zone="Pacific/Auckland")
    CustomerFactory(business=auckland)
    out = StringIO()
    # 11:30 UTC on 31 March is already 1 April in Auckland: each business gets its own month.
    with time_machine.travel(datetime.datetime(2026, 3, 31, 11, 30, tzinfo=datetime.UTC), tick=False):
        call_command("snapshot_evaluations", stdout=out)
        call_command("snapshot_evaluations", stdout=out)
    # Other businesses may share the database (the session's demo): look at these two only.
    ours = MonthlySnapshot.objects.filter(business__in=[business, auckland])
    assert sorted(ours.values_list("month", flat=True)) == [datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)]
    assert f"{business.name}: 1 customers snapshotted for 2026-03." in out.getvalue()
    assert f"{auckland.name}: 1 customers snapshotted for 2026-04." in out.getvalue()


def test_command_with_a_month(business):
    CustomerFactory(business=business)
    call_command("snapshot_evaluations", "--month", "2025-11", "--business-id", str(business.pk), stdout=StringIO())
    assert MonthlySnapshot.objects.get().month == datetime.date(2025, 11, 1)


def test_command_refuses_a_bad_month():
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("snapshot_evaluations", "--month", "November")
