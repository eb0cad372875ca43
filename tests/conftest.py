"""Shared set-up: two businesses, each with an owner and a staff member.

``world`` is the one owner/staff/outsider set-up every view test reuses:
``world.a`` is "our" business and ``world.b`` another one whose ids must give
404 to members of ``a``. Later issues add their objects in ``make_objects``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Business, Membership

from .customers.objects import make_objects as customer_objects
from .demo_data import demo_businesses, shared_demo  # noqa: F401 (fixtures for every test)
from .evaluations.objects import make_objects as evaluation_objects
from .factories import BusinessFactory, InvitationFactory, MembershipFactory
from .imports.objects import make_objects as import_objects
from .reminders.objects import make_objects as reminder_objects
from .reports.objects import make_objects as report_objects


@dataclass
class Tenant:
    business: Business
    owner: Membership
    staff: Membership
    objects: dict = field(default_factory=dict)


@dataclass
class World:
    a: Tenant
    b: Tenant


def make_objects(tenant: Tenant) -> dict:
    """One object of every kind a URL can name, for a business."""
    objects = {"membership": tenant.staff, "invitation": InvitationFactory(business=tenant.business)}
    objects.update(customer_objects(tenant))
    objects.update(evaluation_objects(tenant))
    objects.update(report_objects(tenant))
    objects.update(import_objects(tenant))
    objects.update(reminder_objects(tenant))
    return objects


def make_tenant(name: str) -> Tenant:
    business = BusinessFactory(name=name)
    owner = MembershipFactory(business=business, role=Membership.Role.OWNER)
    staff = MembershipFactory(business=business, role=Membership.Role.STAFF)
    tenant = Tenant(business=business, owner=owner, staff=staff)
    tenant.objects = make_objects(tenant)
    return tenant


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database also gets the cache table the throttles count in."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture
def world(db) -> World:
    return World(a=make_tenant("Alpha Plumbing"), b=make_tenant("Beta Bakery"))


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def owner_client(world) -> Client:
    return client_for(world.a.owner)


@pytest.fixture
def staff_client(world) -> Client:
    return client_for(world.a.staff)
