"""A whole business's refresh (records summed once per slice, money worked out in SQL) equals a fresh evaluation."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.models import CostEntry
from evaluations import standings
from evaluations.models import StandingMonth, StandingPeriod
from evaluations.periods import LIFETIME, MONTH, TRAILING_3, TRAILING_12, YEAR_TO_DATE, Period, standing_periods
from evaluations.selectors import slices

from ..factories import (
    BusinessFactory,
    ContractFactory,
    CostEntryFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    PaymentFactory,
)
from .test_standing_money import assert_stored_money_equals_live
from .test_standings import NOW, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(time_machine):
    time_machine.move_to(NOW, tick=False)
    return BusinessFactory(time_zone="America/New_York")


def _random_records(business, rng: random.Random, customers: int) -> None:
    for n in range(customers):
        customer = CustomerFactory(business=business, name=f"Customer {n}")
        if n % 2:
            ContractFactory(customer=customer)
        for _ in range(rng.randrange(0, 12)):
            day = TODAY - datetime.timedelta(days=rng.randrange(800))
            invoice = InvoiceFactory(customer=customer, issue_date=day, amount=Decimal(rng.randrange(1, 500_000)) / 100)
            if rng.random() < 0.6:
                paid = min(TODAY, day + datetime.timedelta(days=rng.randrange(60)))
                PaymentFactory(invoice=invoice, date=paid, amount=invoice.amount)
        for _ in range(rng.randrange(0, 25)):
            outside = rng.random() < 0.2
            InteractionFactory(
                customer=customer,
                # Any minute of the last 800 days, so some fall late on a month's last evening in New York.
                occurred_at=NOW - datetime.timedelta(minutes=rng.randrange(800 * 24 * 60)),
                duration_minutes=rng.randrange(1, 200),
                hourly_cost=Decimal(rng.randrange(0, 9_000)) / 100,
                in_scope=not outside,
                out_of_scope_request=not outside and rng.random() < 0.1,
                angry_when_refused=rng.random() < 0.1,
                asked_discount=rng.random() < 0.1,
                complained=rng.random() < 0.1,
                abusive=rng.random() < 0.05,
            )
        for _ in range(rng.randrange(0, 6)):
            CostEntryFactory(
                customer=customer,
                date=TODAY - datetime.timedelta(days=rng.randrange(800)),
                kind=rng.choice(list(CostEntry.Kind)),
                amount=Decimal(rng.randrange(1, 100_000)) / 100,
            )


@pytest.mark.parametrize("seed", [7, 8])
def test_a_whole_business_refresh_equals_a_fresh_evaluation_of_every_customer(business, seed):
    _random_records(business, random.Random(seed), customers=6)
    CustomerFactory(business=business, name="No records yet")

    assert standings.standings_refresh(business=business, today=TODAY) == 7

    assert standings.standings_verify(business, today=TODAY) == []
    assert_stored_money_equals_live(business)
    assert StandingPeriod.objects.filter(business=business).count() == 7 * len(standing_periods(TODAY))


def _staff_cost(business, customer, period: str = LIFETIME) -> Decimal:
    return StandingPeriod.objects.get(business=business, customer=customer, period=period).staff_cost


def test_staff_cost_rounds_an_exact_half_cent_to_even_as_the_evaluation_does(business):
    # 1 minute at 0.30 an hour: 0.005, rounded to 0.00 (half to even); 3 minutes at 0.50: 0.025, to 0.02.
    # Rounding halves away from zero (PostgreSQL's round) would store 0.01 and 0.03.
    half_down, half_up = CustomerFactory(business=business), CustomerFactory(business=business)
    InteractionFactory(customer=half_down, occurred_at=NOW, duration_minutes=1, hourly_cost=Decimal("0.30"))
    InteractionFactory(customer=half_up, occurred_at=NOW, duration_minutes=3, hourly_cost=Decimal("0.50"))

    standings.standings_refresh(business=business, today=TODAY)

    assert _staff_cost(business, half_down) == Decimal("0.00")
    assert _staff_cost(business, half_up) == Decimal("0.02")
    assert standings.standings_verify(business, today=TODAY) == []


def test_margin_rounds_an_exact_half_to_even_in_six_places(business):
    # Revenue 200,000.00 and costs 199,999.50: profit 0.50, margin 0.0000025, stored as 0.000002 (half to even).
    # A loss of 0.50 on the same revenue: -0.0000025, stored as -0.000002.
    gains, loses = CustomerFactory(business=business), CustomerFactory(business=business)
    for customer, costs in ((gains, Decimal("199999.50")), (loses, Decimal("200000.50"))):
        InvoiceFactory(customer=customer, issue_date=TODAY, amount=Decimal("200000.00"))
        CostEntryFactory(customer=customer, date=TODAY, amount=costs)

    standings.standings_refresh(business=business, today=TODAY)

    margins = dict(StandingPeriod.objects.filter(business=business, period=MONTH).values_list("customer_id", "margin"))
    assert margins == {gains.pk: Decimal("0.000002"), loses.pk: Decimal("-0.000002")}
    assert standings.standings_verify(business, today=TODAY) == []


def test_a_month_with_only_a_payment_counts_the_cash_but_stores_no_month_slice(business):
    customer = CustomerFactory(business=business)
    invoice = InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 1, 10), amount=Decimal("500.00"))
    PaymentFactory(invoice=invoice, date=datetime.date(2026, 3, 5), amount=Decimal("500.00"))

    standings.standings_refresh(business=business, today=TODAY)

    months = list(StandingMonth.objects.filter(business=business).values_list("starts", "revenue"))
    assert months == [(datetime.date(2026, 1, 1), Decimal("500.00"))]
    lifetime = StandingPeriod.objects.get(business=business, customer=customer, period=LIFETIME)
    assert lifetime.cash_collected == Decimal("500.00")
    assert standings.standings_verify(business, today=TODAY) == []


def test_every_standing_period_is_a_whole_number_of_slices():
    for day in (TODAY, datetime.date(2026, 3, 31), datetime.date(2024, 2, 29), datetime.date(2026, 1, 1)):
        cuts = slices.cut_days(day, standing_periods(day))  # raises if a period ends inside a slice
        assert cuts == sorted(set(cuts))
        assert standing_periods(day)[TRAILING_3].start in cuts and standing_periods(day)[TRAILING_12].start in cuts


def test_a_period_ending_inside_a_slice_is_refused():
    periods = {TRAILING_3: Period(TRAILING_3, "Odd", datetime.date(2026, 2, 1), datetime.date(2026, 2, 10), 1)}
    with pytest.raises(ValueError, match="inside a slice"):
        slices.cut_days(TODAY, periods)


def test_the_whole_business_refresh_runs_the_same_queries_for_two_customers_or_ten(business):
    def queries_for(customers: int) -> int:
        _random_records(business, random.Random(customers), customers=customers)
        with CaptureQueriesContext(connection) as run:
            standings.standings_refresh(business=business, today=TODAY)
        return len(run.captured_queries)

    assert queries_for(2) == queries_for(8)  # 2 customers, then 10


def _row_versions(table: str, business) -> dict[tuple, str]:
    """Each stored row's physical place (ctid): a row written again lands in a new place."""
    key = "period" if table == "evaluations_standingperiod" else "starts"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT customer_id, {key}, ctid::text FROM {table} WHERE business_id = %s", [business.pk])  # noqa: S608
        return {(customer, part): version for customer, part, version in cursor.fetchall()}


def test_a_second_refresh_rewrites_only_the_rows_whose_figures_changed(business):
    quiet, busy = CustomerFactory(business=business), CustomerFactory(business=business)
    for customer in (quiet, busy):
        InvoiceFactory(customer=customer, issue_date=datetime.date(2025, 10, 3), amount=Decimal("300.00"))
    standings.standings_refresh(business=business, today=TODAY)
    before = {
        table: _row_versions(table, business) for table in ("evaluations_standingperiod", "evaluations_standingmonth")
    }

    InvoiceFactory(customer=busy, issue_date=datetime.date(2026, 5, 2), amount=Decimal("50.00"))
    standings.standings_refresh(business=business, today=TODAY)

    after = {table: _row_versions(table, business) for table in before}
    unchanged_months = {
        key
        for key, version in after["evaluations_standingmonth"].items()
        if before["evaluations_standingmonth"].get(key) == version
    }
    assert unchanged_months == {(quiet.pk, datetime.date(2025, 10, 1)), (busy.pk, datetime.date(2025, 10, 1))}
    assert (busy.pk, datetime.date(2026, 5, 1)) in after["evaluations_standingmonth"]
    rewritten = {
        key
        for key, version in after["evaluations_standingperiod"].items()
        if before["evaluations_standingperiod"][key] != version
    }
    # The May invoice is in this month, the last 3 and 12 months, the year and the whole relationship of one customer.
    assert rewritten == {(busy.pk, period) for period in (MONTH, TRAILING_3, TRAILING_12, YEAR_TO_DATE, LIFETIME)}
    assert standings.standings_verify(business, today=TODAY) == []
