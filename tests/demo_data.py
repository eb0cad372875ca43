"""The demo business, generated once per test session and shared by the tests that only read it.

Generating the demo takes one to three seconds; 29 tests used to generate their
own. ``demo_businesses`` builds one demo for each day in ``DEMO_DAYS`` the first
time a test asks for it, commits them (outside any test's transaction, through
``django_db_blocker``) and deletes them when the session ends. A test that
changes a shared demo changes it only inside its own transaction, which is
rolled back; tests that need the demo under its real name (running
``seed_demo`` again) still make their own.

The shared demos are the real demo (the characters, the demo team's hourly
costs, 18 months) under their own names and logins, so nothing clashes with
``seed_demo``'s "Brightside IT Services" or its owner@example.com. pytest-django
runs transactional tests (whose flush would empty every table) after all the
others, so the shared data is there for every test that reads it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from accounts.demo import DEMO_BUSINESS
from accounts.models import Business, Membership
from accounts.tenancy import all_businesses
from customers.demo.generator import demo_data_create
from customers.models import Addendum, Contract, CostEntry, Customer, FollowUp, Interaction, Invoice, Payment
from evaluations.models import Decision, EvaluationSettings, MonthlySnapshot

TODAY = datetime.date(2026, 11, 18)  # a Wednesday
# The characters must be recognisable whatever the day: a new year's day (a Friday) and a leap day too.
DEMO_DAYS = (TODAY, datetime.date(2027, 1, 1), datetime.date(2028, 2, 29))
# The demo team's roles and hourly costs (accounts.demo.ensure_demo_team); None costs the business default.
DEMO_TEAM_COSTS = (
    (Membership.Role.OWNER, Decimal("90.00")),
    (Membership.Role.STAFF, Decimal("45.00")),
    (Membership.Role.STAFF, Decimal("55.00")),
    (Membership.Role.STAFF, None),
)
USERNAME_PREFIX = "shared-demo-"
# Children before parents: every table holding a business's rows.
BUSINESS_TABLES = (
    MonthlySnapshot,
    Decision,
    EvaluationSettings,
    Payment,
    FollowUp,
    Invoice,
    Addendum,
    Contract,
    Interaction,
    CostEntry,
    Customer,
    Membership,
)


def shared_demo_create(today: datetime.date) -> Business:
    """The demo business as ``seed_demo`` makes it, for ``today``, with logins of its own."""
    with all_businesses("seeding the demo shared by the test session"):
        business = Business.objects.create(
            name=f"{DEMO_BUSINESS} (shared, {today})",
            currency="USD",
            time_zone="America/Chicago",
            default_hourly_cost=Decimal("60.00"),
        )
        for number, (role, cost) in enumerate(DEMO_TEAM_COSTS, start=1):
            username = f"{USERNAME_PREFIX}{today}-{number}@example.com"
            user = get_user_model().objects.create_user(username=username, email=username)
            Membership.objects.create(business=business, user=user, role=role, hourly_cost=cost)
        demo_data_create(business=business, today=today)
    return business


def business_data_delete(business_id: int) -> None:
    """Delete a business and every row it holds (test clean-up only)."""
    # Plain DELETEs, children first: the ORM's delete would first read every row to look for dependants.
    with all_businesses("cleaning up the demo shared by the test session"), connection.cursor() as cursor:
        for model in (*BUSINESS_TABLES, Business):
            column = "id" if model is Business else "business_id"
            cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE "{column}" = %s', [business_id])


@pytest.fixture(scope="session")
def demo_businesses(django_db_setup, django_db_blocker) -> dict[datetime.date, int]:
    """The id of the shared demo business for each day of ``DEMO_DAYS``, built once per session."""
    with django_db_blocker.unblock():
        built = {today: shared_demo_create(today).pk for today in DEMO_DAYS}
    yield built
    with django_db_blocker.unblock():
        for business_id in built.values():
            business_data_delete(business_id)
        get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).delete()


@pytest.fixture
def shared_demo(demo_businesses, db):
    """``shared_demo(today)``: the shared demo business for that day (read it, never change it)."""

    def get(today: datetime.date = TODAY) -> Business:
        business = Business.objects.filter(pk=demo_businesses[today]).first()
        assert business is not None, "the shared demo was emptied, by a transactional test run before this one?"
        return business

    return get
