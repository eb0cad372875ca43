"""A whole business's refresh (records summed once per slice, money worked out in SQL) equals a fresh evaluation."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.models import CostEntry, Customer
from evaluations import selectors, standings
from evaluations.models import EvaluationSettings, StandingMonth, StandingPeriod, StandingQueue
from evaluations.periods import (
    LIFETIME,
    MONTH,
    PREVIOUS_YEAR_TO_DATE,
    TRAILING_3,
    TRAILING_12,
    YEAR_TO_DATE,
    Period,
    standard_periods,
    standing_periods,
)
from evaluations.selectors import moves, slices

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


@pytest.mark.parametrize("seed", [7, 8])
def test_the_refresh_reads_only_the_invoices_its_figures_need_and_gets_an_evaluations_figures(business, seed):
    _random_records(business, random.Random(seed), customers=6)
    customer = CustomerFactory(business=business, name="Long history")
    long_ago = TODAY - datetime.timedelta(days=500)
    # Due long before the last 12 months: one paid (only its revenue counts), one never paid (still overdue).
    InvoiceFactory(
        customer=customer,
        issue_date=long_ago,
        amount=Decimal("700.00"),
        amount_paid=Decimal("700.00"),
        paid_in_full_on=long_ago + datetime.timedelta(days=40),
    )
    InvoiceFactory(customer=customer, issue_date=long_ago + datetime.timedelta(days=50), amount=Decimal("300.00"))
    standings.standings_refresh(business=business, today=TODAY)
    periods = standard_periods(TODAY)

    sums = slices.figure_rows(business, periods, table=StandingPeriod._meta.db_table)
    refreshed = selectors.figures_from_sums(selectors.read_beside_sums(business, today=TODAY, periods=periods), sums)
    fresh = selectors.customer_figures(business, today=TODAY, periods=periods)

    assert {f.id: f for f in refreshed} == {f.id: f for f in fresh}
    long_history = next(f for f in refreshed if f.id == customer.pk)
    assert long_history.periods[LIFETIME].revenue == Decimal("1000.00")
    assert long_history.payment.overdue_balance == Decimal("300.00")
    assert long_history.payment.invoices_due == 0  # neither fell due in the last 12 months


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


def test_the_whole_business_refresh_runs_the_same_queries_for_two_customers_or_ten(time_machine):
    time_machine.move_to(NOW, tick=False)

    def queries_for(customers: int) -> tuple[int, int]:
        business = BusinessFactory(time_zone="America/New_York")
        _random_records(business, random.Random(customers), customers=customers)
        with CaptureQueriesContext(connection) as first:  # every record read
            standings.standings_refresh(business=business, today=TODAY)
        with CaptureQueriesContext(connection) as next_day:  # the days that moved
            standings.standings_refresh(business=business, today=TODAY + datetime.timedelta(days=1))
        return len(first.captured_queries), len(next_day.captured_queries)

    assert queries_for(2) == queries_for(10)


def _row_versions(table: str, business) -> dict[tuple, str]:
    """Each stored row's physical place (ctid): a row written again lands in a new place."""
    key = "period" if table == "evaluations_standingperiod" else "starts"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT customer_id, {key}, ctid::text FROM {table} WHERE business_id = %s", [business.pk])  # noqa: S608
        return {(customer, part): version for customer, part, version in cursor.fetchall()}


def test_a_second_refresh_reading_every_record_rewrites_only_the_rows_whose_figures_changed(business, monkeypatch):
    monkeypatch.setattr(standings, "RECOMPUTE_LIMIT", 0)  # one changed customer is too many: every record is read
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


def _move(business, days: int) -> datetime.date:
    day = TODAY + datetime.timedelta(days=days)
    standings.standings_refresh(business=business, today=day)
    return day


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# Night after night into the next month, then two days at once; and across a new year, when the month and the
# year to date (with the same days a year before) restart: each time only the moved days are read.
NIGHTS = {
    "into June": ["2026-05-29", "2026-05-30", "2026-05-31", "2026-06-01", "2026-06-03"],
    "across a new year": ["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"],
}


@pytest.mark.parametrize("seed", [3, 4])
@pytest.mark.parametrize("nights", NIGHTS.values(), ids=NIGHTS.keys())
def test_each_nightly_refresh_adds_the_days_that_moved_and_equals_a_fresh_evaluation(
    business, nights, seed, monkeypatch
):
    _random_records(business, random.Random(seed), customers=5)
    first, *later = (_day(night) for night in nights)
    standings.standings_refresh(business=business, today=first)
    every_record = []
    monkeypatch.setattr(slices, "build", lambda *args, **kwargs: every_record.append(kwargs["today"]))

    for day in later:
        standings.standings_refresh(business=business, today=day)
        assert standings.standings_verify(business, today=day) == [], day
        assert_stored_money_equals_live(business, today=day)
    assert every_record == []


def test_records_written_outside_the_services_are_read_again_by_the_nightly_refresh(business, monkeypatch):
    _random_records(business, random.Random(11), customers=4)
    standings.standings_refresh(business=business, today=TODAY)
    customer = CustomerFactory(business=business)  # no standing yet
    old = Customer.objects.filter(business=business).exclude(pk=customer.pk).first()
    # Written without the services (as the admin or an import would): the triggers queue both customers.
    InvoiceFactory(customer=customer, issue_date=TODAY, amount=Decimal("120.00"))
    InteractionFactory(customer=old, occurred_at=NOW, duration_minutes=45, hourly_cost=Decimal("80.00"), abusive=True)
    every_record = []
    monkeypatch.setattr(slices, "build", lambda *args, **kwargs: every_record.append(kwargs["today"]))

    day = _move(business, 1)

    assert every_record == []
    assert standings.standings_verify(business, today=day) == []
    assert StandingQueue.objects.filter(business_id=business.pk).count() == 0


def test_new_thresholds_keep_every_sum_and_work_out_the_verdicts_again(business):
    _random_records(business, random.Random(5), customers=4)
    standings.standings_refresh(business=business, today=TODAY)
    before = _row_versions("evaluations_standingperiod", business)

    settings = EvaluationSettings.objects.get_or_create(business=business)[0]
    settings.discount_requests_watch = 1
    settings.save()
    assert set(StandingQueue.objects.filter(business_id=business.pk).values_list("records_changed", flat=True)) == {
        False
    }
    standings.standings_refresh(business=business, today=TODAY)

    assert _row_versions("evaluations_standingperiod", business) == before  # no period row written again
    assert standings.standings_verify(business, today=TODAY) == []


def test_a_record_written_after_new_thresholds_marks_the_customer_changed(business):
    customer = CustomerFactory(business=business)
    standings.standings_refresh(business=business, today=TODAY)
    EvaluationSettings.objects.get_or_create(business=business)[0].save()
    InvoiceFactory(customer=customer, issue_date=TODAY, amount=Decimal("75.00"))

    assert StandingQueue.objects.get(customer_id=customer.pk).records_changed is True
    standings.standings_refresh(business=business, today=TODAY)
    assert standings.standings_verify(business, today=TODAY) == []


def test_a_new_time_zone_reads_every_customer_again(business):
    _random_records(business, random.Random(9), customers=3)
    standings.standings_refresh(business=business, today=TODAY)

    business.time_zone = "Pacific/Auckland"  # interactions move to other days
    business.save(update_fields=["time_zone"])

    queued = StandingQueue.objects.filter(business_id=business.pk)
    assert queued.count() == 3 and all(queued.values_list("records_changed", flat=True))
    standings.standings_refresh(business=business, today=TODAY)
    assert standings.standings_verify(business, today=TODAY) == []


def test_standings_of_different_days_each_move_from_their_own_day(business):
    _random_records(business, random.Random(13), customers=4)
    standings.standings_refresh(business=business, today=TODAY)
    later = Customer.objects.filter(business=business).order_by("pk").first()
    standings.standings_refresh(business=business, customer_ids=[later.pk], today=TODAY + datetime.timedelta(days=2))

    day = _move(business, 4)

    assert standings.standings_verify(business, today=day) == []


@pytest.mark.parametrize(
    ("before", "after", "reads_every_record"),
    [
        (datetime.date(2026, 5, 31), datetime.date(2026, 6, 1), False),  # the month drops May
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 1), False),  # the year to date restarts
        (datetime.date(2026, 3, 1), datetime.date(2026, 6, 1), True),  # three months: too many days moved
    ],
)
def test_how_far_the_periods_moved_decides_what_is_read(business, before, after, reads_every_record, monkeypatch):
    _random_records(business, random.Random(17), customers=3)
    standings.standings_refresh(business=business, today=before)
    every_record = []
    real_build = slices.build

    def build(*args, **kwargs):
        every_record.append(kwargs["today"])
        return real_build(*args, **kwargs)

    monkeypatch.setattr(slices, "build", build)
    standings.standings_refresh(business=business, today=after)

    assert every_record == ([after] if reads_every_record else [])
    assert standings.standings_verify(business, today=after) == []


def test_moved_ranges_are_the_days_each_period_gained_and_lost():
    one_day = moves.moved_ranges(standing_periods(TODAY), standing_periods(TODAY + datetime.timedelta(days=1)))
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert moves.Range(LIFETIME, 1, tomorrow, tomorrow) in one_day
    assert not [r for r in one_day if r.period == LIFETIME and r.sign == -1]
    lost = [r for r in one_day if r.period == TRAILING_3 and r.sign == -1]
    assert lost == [
        moves.Range(
            TRAILING_3, -1, standing_periods(TODAY)[TRAILING_3].start, standing_periods(TODAY)[TRAILING_3].start
        )
    ]
    assert moves.range_days(one_day) == len(one_day)  # each range one day
    assert moves.moved_ranges(standing_periods(TODAY), standing_periods(TODAY)) == []
    assert moves.restarted(standing_periods(TODAY), standing_periods(tomorrow)) == []


def test_periods_that_restart_lose_no_days_and_gain_only_their_new_ones():
    new_year = datetime.date(2026, 1, 1)
    before, after = standing_periods(new_year - datetime.timedelta(days=1)), standing_periods(new_year)
    assert sorted(moves.restarted(before, after)) == sorted([MONTH, YEAR_TO_DATE, PREVIOUS_YEAR_TO_DATE])
    ranges = moves.moved_ranges(before, after)
    assert [r for r in ranges if r.period == YEAR_TO_DATE] == [moves.Range(YEAR_TO_DATE, 1, new_year, new_year)]
    assert not [r for r in ranges if r.period in (MONTH, PREVIOUS_YEAR_TO_DATE) and r.sign == -1]
    assert moves.range_days(ranges) == len(ranges)  # a day each: the night's move, not a year's
    june = datetime.date(2026, 6, 1)
    assert moves.restarted(standing_periods(june - datetime.timedelta(days=1)), standing_periods(june)) == [MONTH]
