"""The demo business and its two logins, created once and never reset."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Business, Membership

DEMO_BUSINESS = "Brightside IT Services"
DEMO_OWNER = ("owner@example.com", "keep-or-boot-owner", "Olivia", "Owens")
DEMO_STAFF = ("staff@example.com", "keep-or-boot-staff", "Sam", "Stone")


@transaction.atomic
def ensure_demo_business() -> tuple[Business, bool]:
    """Return the demo business, creating it with an owner and a staff login if missing.

    Existing data is left exactly as it is: passwords included.
    """
    User = get_user_model()
    business = Business.objects.filter(name=DEMO_BUSINESS).first()
    created = business is None
    if created:
        business = Business.objects.create(
            name=DEMO_BUSINESS, currency="USD", time_zone="America/Chicago", default_hourly_cost=Decimal("60.00")
        )
    for (email, password, first, last), role, cost in (
        (DEMO_OWNER, Membership.Role.OWNER, Decimal("90.00")),
        (DEMO_STAFF, Membership.Role.STAFF, Decimal("45.00")),
    ):
        user = User.objects.filter(username=email).first()
        if user is None:
            user = User.objects.create_user(
                username=email, email=email, password=password, first_name=first, last_name=last
            )
        Membership.objects.get_or_create(business=business, user=user, defaults={"role": role, "hourly_cost": cost})
    return business, created
