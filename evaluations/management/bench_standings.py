"""The standings part of ``make bench``: pages, writes and refreshes against their goals (see bench_evaluations).

Server time is measured through Django's test client (URL routing, middleware,
the view, the template), without a network. A write is timed inside a
transaction that is then rolled back, so the benchmark data stays as seeded.
"""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Business, Membership
from accounts.tenancy import acting_for
from customers import services as records
from customers.models import Customer, Interaction

from ..models import EvaluationSettings, StandingQueue
from ..periods import add_months, month_start
from ..services import business_today, evaluate_business
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


def _refresh_seconds(
    business: Business, day: datetime.date, runs: int, prepare: Callable[[], object], evaluate: Callable[[], object]
) -> tuple[float, float]:
    """Medians of refreshing every standing for ``day`` after ``prepare`` (not timed), and of ``evaluate`` run between.

    Alternated, so that both see the same machine: its speed drifts by a third
    within minutes. Each refresh is rolled back, after the checks its commit
    would run (the deferred foreign keys), which are timed with it.
    """
    refreshes, evaluations = [], []
    for _ in range(runs):
        started = time.perf_counter()
        evaluate()
        evaluations.append(time.perf_counter() - started)
        try:
            with transaction.atomic():
                prepare()
                started = time.perf_counter()
                standings_refresh(business=business, today=day)
                with connection.cursor() as cursor:  # the checks a commit would run (deferred foreign keys)
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                refreshes.append(time.perf_counter() - started)
                raise _Rollback
        except _Rollback:
            pass
    return statistics.median(refreshes), statistics.median(evaluations)


def _queue_everyone(business: Business) -> None:
    """As after an import touching every customer: each customer's records changed."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {StandingQueue._meta.db_table} (business_id, customer_id, records_changed)"  # noqa: S608
            " SELECT business_id, id, true FROM customers_customer WHERE business_id = %s"
            " ON CONFLICT (customer_id) DO UPDATE SET records_changed = true",
            [business.pk],
        )


def refresh_cases(business: Business, runs: int) -> list[tuple[str, float, float, bool]]:
    """The whole-business refresh in each of its cases against the evaluation of every customer, alternated.

    Medians of ``runs`` each (label, refresh, evaluation, whether issue 10's goal
    holds it to the evaluation), every refresh rolled back:

    - the night after today: the periods move by a day and nothing is dated
      tomorrow yet, as when the nightly job runs just after midnight;
    - a day later with that day's records: from standings of yesterday (stored
      once, then brought back to today), as after a day without refreshes;
    - the night that starts next month: from standings of the month's last day
      (stored once). A business that bills monthly on the 1st has the invoices
      of several 1sts enter and leave six periods for nearly every customer: the
      heaviest night of an ordinary month;
    - new thresholds: every customer queued, no sum moves;
    - every record read: every customer's records changed (an import), or the first refresh.

    The goal is for the refreshes the issue names, every night and after new
    thresholds (1 January included: the year to date restarts from its new
    day); reading every record (the first refresh, a gap of months, a new time
    zone, an import touching over 1,000 customers) is timed to be seen, not held to it.
    """
    today = business_today(business)
    one_day = datetime.timedelta(days=1)

    def evaluate() -> None:
        evaluate_business(business, today=today)

    def new_thresholds() -> None:  # in the transaction rolled back: creating the settings queues every customer too
        EvaluationSettings.objects.get_or_create(business=business)[0].save()

    tonight = _refresh_seconds(business, today + one_day, runs, lambda: None, evaluate)
    next_month = add_months(month_start(today), 1)
    standings_refresh(business=business, today=next_month - one_day)
    month_start_night = _refresh_seconds(business, next_month, runs, lambda: None, evaluate)
    standings_refresh(business=business, today=today - one_day)  # from a later day: every record read
    with_the_day = _refresh_seconds(business, today, runs, lambda: None, evaluate)
    standings_refresh(business=business, today=today)
    thresholds = _refresh_seconds(business, today, runs, new_thresholds, evaluate)
    every_record = _refresh_seconds(business, today, max(1, runs // 2), lambda: _queue_everyone(business), evaluate)
    return [
        ("the night after today", *tonight, True),
        ("a day later, with its records", *with_the_day, True),
        ("the night that starts a month", *month_start_night, True),
        ("after new thresholds", *thresholds, True),
        ("reading every record", *every_record, False),
    ]


def differences(business: Business) -> int:
    return len(standings_verify(business))
