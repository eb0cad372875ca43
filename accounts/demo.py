"""The demo business and its logins, and the businesses generated for benchmarks.

Created once and never reset: a business that exists is returned as it is.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from .models import Business, Membership
from .tenancy import acting_for

DEMO_BUSINESS = "Brightside IT Services"
DEMO_OWNER = ("owner@example.com", "keep-or-boot-owner", "Olivia", "Owens")
DEMO_STAFF = ("staff@example.com", "keep-or-boot-staff", "Sam", "Stone")
# Two more people on the demo team, without a login (no usable password).
# Diego has no hourly cost of his own: he costs the business default.
DEMO_TEAM = (
    ("priya@example.com", "Priya", "Patel", Decimal("55.00")),
    ("diego@example.com", "Diego", "Ramos", None),
)

BENCHMARK_OWNER_EMAIL = "bench-owner@example.com"
BENCHMARK_PASSWORD = "keep-or-boot-bench"
BENCHMARK_STAFF_COSTS = (Decimal("40.00"), Decimal("45.00"), Decimal("50.00"), Decimal("55.00"), None, Decimal("65.00"))


def _user(email: str, first: str, last: str, password: str | None):
    """The user with this e-mail as username, created if missing (an existing one is left as it is)."""
    User = get_user_model()
    user = User.objects.filter(username=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=first, last_name=last)
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
    return user


def _member(business: Business, user, role: str, hourly_cost: Decimal | None) -> None:
    Membership.objects.get_or_create(business=business, user=user, defaults={"role": role, "hourly_cost": hourly_cost})


@transaction.atomic
def ensure_demo_business() -> tuple[Business, bool]:
    """Return the demo business, creating it with its team (two logins) if missing.

    An existing demo business is returned exactly as it is.
    """
    business = Business.objects.filter(name=DEMO_BUSINESS).order_by("id").first()
    if business is not None:
        return business, False
    business = Business.objects.create(
        name=DEMO_BUSINESS, currency="USD", time_zone="America/Chicago", default_hourly_cost=Decimal("60.00")
    )
    ensure_demo_team(business)
    return business, True


@transaction.atomic
def ensure_demo_team(business: Business) -> None:
    """Make sure the demo owner, the demo staff login and the two other team members belong to the business.

    Only called on a business without data (see ``seed_demo``): people an owner
    removed later are not brought back.
    """
    owner_email, owner_password, owner_first, owner_last = DEMO_OWNER
    staff_email, staff_password, staff_first, staff_last = DEMO_STAFF
    with acting_for(business.pk):
        owner = _user(owner_email, owner_first, owner_last, owner_password)
        staff = _user(staff_email, staff_first, staff_last, staff_password)
        _member(business, owner, Membership.Role.OWNER, Decimal("90.00"))
        _member(business, staff, Membership.Role.STAFF, Decimal("45.00"))
        for email, first, last, cost in DEMO_TEAM:
            _member(business, _user(email, first, last, None), Membership.Role.STAFF, cost)


@transaction.atomic
def ensure_benchmark_business(name: str, owner_email: str = BENCHMARK_OWNER_EMAIL) -> tuple[Business, bool]:
    """Return the business with this name, creating it with an owner login and six staff if missing.

    The owner signs in with ``owner_email`` / ``BENCHMARK_PASSWORD``; the staff
    (``<business-slug>-staff-<n>@example.com``) have no usable password.
    """
    business = Business.objects.filter(name=name).order_by("id").first()
    if business is not None:
        return business, False
    business = Business.objects.create(
        name=name, currency="USD", time_zone="America/Chicago", default_hourly_cost=Decimal("60.00")
    )
    owner = _user(owner_email, "Bench", "Owner", BENCHMARK_PASSWORD)
    slug = slugify(name) or "business"
    with acting_for(business.pk):
        _member(business, owner, Membership.Role.OWNER, Decimal("85.00"))
        for number, cost in enumerate(BENCHMARK_STAFF_COSTS, start=1):
            user = _user(f"{slug}-staff-{number}@example.com", "Staff", f"Member {number}", None)
            _member(business, user, Membership.Role.STAFF, cost)
    return business, True
