"""Empty businesses for report tests, so each test sees only the records it makes.

(The shared ``world`` fixture carries one object of every kind for the access
tests; figures here must not depend on those.)
"""

import pytest

from accounts.models import Membership

from ..conftest import Tenant
from ..factories import BusinessFactory, MembershipFactory


def empty_tenant(name: str) -> Tenant:
    business = BusinessFactory(name=name)
    return Tenant(
        business=business,
        owner=MembershipFactory(business=business, role=Membership.Role.OWNER),
        staff=MembershipFactory(business=business, role=Membership.Role.STAFF),
    )


@pytest.fixture
def shop(db) -> Tenant:
    return empty_tenant("Alpha Plumbing")


@pytest.fixture
def other_shop(db) -> Tenant:
    return empty_tenant("Beta Bakery")
