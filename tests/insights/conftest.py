"""A business on a Monday morning with one of each thing the weekly digest tells."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from accounts.models import Business, Membership
from customers.models import Customer, Invoice
from evaluations import standings
from evaluations.models import Standing
from insights.models import WeeklyVerdict

from ..factories import BusinessFactory, ContractFactory, CustomerFactory, InvoiceFactory, MembershipFactory

# Monday 15 June 2026, 10:00 in New York (the business's zone): the digest's morning.
NOW = datetime.datetime(2026, 6, 15, 14, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 6, 15)
LAST_MONDAY = datetime.date(2026, 6, 8)
DAY = datetime.timedelta(days=1)


@dataclass
class Week:
    business: Business
    owner: Membership
    staff: Membership
    big: Customer  # most of the revenue: a concentration warning
    changed: Customer  # verdict differs from last week's record
    notice_soon: Customer  # last day to give notice in 10 days
    quiet_customer: Customer
    invoices: dict[str, Invoice]


def _verdict_other_than(verdict: str) -> str:
    return "boot" if verdict != "boot" else "keep"


@pytest.fixture
def week(time_machine) -> Week:
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(name="Delta Cleaning", time_zone="America/New_York")
    owner = MembershipFactory(business=business, role="owner", user__first_name="Dana")
    staff = MembershipFactory(business=business, role="staff")
    big = CustomerFactory(business=business, name="Big Hotel")
    changed = CustomerFactory(business=business, name="Changed Cafe")
    notice_soon = CustomerFactory(business=business, name="Notice Soon Ltd")
    quiet = CustomerFactory(business=business, name="Quiet Florist")
    # Revenue over the last 12 months: 9,000 of 10,000 from Big Hotel (90% > the 40% warning... or the default).
    InvoiceFactory(customer=big, issue_date=TODAY - 40 * DAY, due_date=TODAY - 10 * DAY, amount=Decimal("9000.00"))
    ContractFactory(customer=notice_soon, end_date=TODAY + 40 * DAY, notice_period_days=30, auto_renew=True)
    ContractFactory(customer=quiet, end_date=TODAY + 61 * DAY, notice_period_days=30)  # notice in 31 days: not yet
    ContractFactory(customer=changed, end_date=TODAY + 20 * DAY, notice_period_days=30)  # notice date passed
    invoices = {
        # Due 60 days ago today: crossed 60 today.
        "sixty_today": InvoiceFactory(
            customer=changed,
            number="A-60",
            issue_date=TODAY - 90 * DAY,
            due_date=TODAY - 60 * DAY,
            amount=Decimal("300.00"),
        ),
        # Crossed 60 six days ago (last Tuesday): still this week.
        "sixty_tuesday": InvoiceFactory(
            customer=quiet,
            number="B-66",
            issue_date=TODAY - 96 * DAY,
            due_date=TODAY - 66 * DAY,
            amount=Decimal("200.00"),
        ),
        # Crossed 60 seven days ago (last Monday): last week's digest told it.
        "sixty_last_week": InvoiceFactory(
            customer=quiet,
            number="C-67",
            issue_date=TODAY - 97 * DAY,
            due_date=TODAY - 67 * DAY,
            amount=Decimal("200.00"),
        ),
        # Crossed 90 three days ago.
        "ninety": InvoiceFactory(
            customer=notice_soon,
            number="D-93",
            issue_date=TODAY - 123 * DAY,
            due_date=TODAY - 93 * DAY,
            amount=Decimal("300.00"),
        ),
        # Would have crossed 60 this week, but it is paid.
        "paid": InvoiceFactory(
            customer=quiet,
            number="E-61",
            issue_date=TODAY - 91 * DAY,
            due_date=TODAY - 61 * DAY,
            amount=Decimal("200.00"),
            paid_in_full_on=TODAY - 62 * DAY,
        ),
    }
    standings.standings_refresh(business=business, today=TODAY)
    now = dict(Standing.objects.filter(business=business).values_list("customer_id", "verdict"))
    for customer in (big, changed, notice_soon, quiet):
        before = _verdict_other_than(now[customer.pk]) if customer == changed else now[customer.pk]
        WeeklyVerdict.objects.create(business=business, customer=customer, week=LAST_MONDAY, verdict=before)
    return Week(business, owner, staff, big, changed, notice_soon, quiet, invoices)
