"""The standings part of ``make bench``: pages, writes and refreshes against their goals (see bench_evaluations).

Server time is measured through Django's test client (URL routing, middleware,
the view, the template), without a network. A write is timed inside a
transaction that is then rolled back, so the benchmark data stays as seeded.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Business, Membership
from accounts.tenancy import acting_for
from customers import services as records
from customers.models import Customer, Interaction

from ..services import business_today
from ..standings import standings_refresh, standings_verify

# Goals in seconds (issue 10).
DASHBOARD_LARGE = 0.300
DASHBOARD_DEMO = 0.100
LOG_A_CALL = 0.050


class _Rollback(Exception):
    pass


def median_seconds(run: Callable[[], object], times: int) -> float:
    run()  # warm up
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _owner_client(business: Business) -> Client:
    with acting_for(business.pk):
        owner = Membership.objects.filter(business=business, role=Membership.Role.OWNER).select_related("user").first()
    if owner is None:
        raise LookupError(f"{business.name} has no owner to log calls as")
    if owner is None:
        raise LookupError(f"{business.name} has no owner to sign in as")
    client = Client(SERVER_NAME="localhost")
    client.force_login(owner.user)
    return client


def dashboard_seconds(business: Business, runs: int) -> float:
    """Median server time of the first page of the dashboard, default sort and period."""
    client = _owner_client(business)
    url = reverse("dashboard")

    def view() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"The dashboard answered {response.status_code}.")

    return median_seconds(view, runs)


def log_a_call_seconds(business: Business, runs: int) -> float:
    """Median time to save one call through the service, its standing refresh included (rolled back).

    Acts for the business itself: a page view (``dashboard_seconds``) ends by
    resetting the connection's tenancy settings, whatever the caller had set.
    """
    with acting_for(business.pk):
        return _log_a_call_seconds(business, runs)


def _log_a_call_seconds(business: Business, runs: int) -> float:
    owner = Membership.objects.filter(business=business, role=Membership.Role.OWNER).select_related("user").first()
    if owner is None:
        raise LookupError(f"{business.name} has no owner to log calls as")
    customers = list(Customer.objects.filter(business=business).order_by("pk").values_list("pk", flat=True)[::97])
    turn = {"n": 0}

    def log() -> None:
        customer_id = customers[turn["n"] % len(customers)]
        turn["n"] += 1
        call = Interaction(
            customer_id=customer_id,
            handled_by=owner.user,
            occurred_at=timezone.now(),
            duration_minutes=15,
            hourly_cost=Decimal("60.00"),
        )
        try:
            with transaction.atomic():
                records.interaction_save(interaction=call, business=business, created_by=owner.user)
                raise _Rollback
        except _Rollback:
            pass

    return median_seconds(log, runs)


def refresh_all_seconds(business: Business, runs: int) -> tuple[float, int]:
    today = business_today(business)
    count = {"n": 0}

    def refresh() -> None:
        count["n"] = standings_refresh(business=business, today=today)

    return median_seconds(refresh, runs), count["n"]


def differences(business: Business) -> int:
    return len(standings_verify(business))
