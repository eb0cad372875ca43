"""What standings keep beside the evaluation (money by month, who owes what) equals the live reads of the records."""

import contextlib
import dataclasses
import datetime
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers import services as customer_services
from customers.models import Interaction, Invoice
from evaluations import board, board_money, standings
from evaluations.models import Standing, StandingMonth, StandingMonthSum, StandingPeriodSum
from evaluations.periods import LIFETIME, TRAILING_3, TRAILING_12, YEAR_TO_DATE, add_months, standing_periods
from evaluations.receivables import receivables_aging
from evaluations.selectors.history import monthly_totals, overdue_balance

from ..factories import BusinessFactory, CostEntryFactory, CustomerFactory, InteractionFactory, InvoiceFactory
from .test_standings import ACTIONS, NOW, TODAY, _write, assert_stored_equals_fresh, shop  # noqa: F401

pytestmark = pytest.mark.django_db

CHARTED = (TRAILING_3, TRAILING_12, YEAR_TO_DATE, LIFETIME)


def assert_stored_money_equals_live(business, today=TODAY) -> None:
    periods = standing_periods(today)
    for key in CHARTED:
        # As the dashboard names it: a standing period is told by its days, whatever its key and label.
        period = dataclasses.replace(periods[key], key="selected", label="As the dashboard says it")
        with CaptureQueriesContext(connection) as read:
            stored = board_money.monthly_money(business, period=period, today=today)
        assert len(read.captured_queries) == 1, key  # the stored sums, not the records
        assert stored == monthly_totals(business, period=periods[key]), key
    kept, live = board_money.aging(business, today=today), receivables_aging(business=business, as_of=today)
    assert kept.totals == live.totals
    assert list(kept.customers[: len(kept.customers)]) == list(live.customers)
    for months in (3, 12):
        day = add_months(today, -months)
        assert board_money.overdue_on(business, as_of=day, today=today) == overdue_balance(business, as_of=day)


@pytest.mark.parametrize("seed", [4, 5])
def test_after_random_writes_stored_months_and_receivables_equal_the_records(shop, seed):  # noqa: F811
    business, owner = shop
    customers = [CustomerFactory(business=business, name=f"Customer {n}") for n in range(4)]
    rng = random.Random(seed)
    for step, action in enumerate(["invoice", "call", "pay", "cost"] * 3 + [rng.choice(ACTIONS) for _ in range(40)]):
        with contextlib.suppress(ValidationError):
            _write(rng, business, owner, customers, step, action)
        for customer in customers:
            customer.refresh_from_db()
        if step % 5 == 0:
            assert_stored_equals_fresh(business)
            assert_stored_money_equals_live(business)
    assert_stored_equals_fresh(business)
    assert_stored_money_equals_live(business)
    assert StandingMonth.objects.filter(business=business).exists()


def test_a_call_late_on_the_last_evening_of_a_month_counts_in_that_month_where_the_business_is(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(time_zone="America/New_York")
    customer = CustomerFactory(business=business)
    # 23:30 on 31 March in New York is already 1 April in UTC.
    InteractionFactory(
        customer=customer,
        occurred_at=datetime.datetime(2026, 4, 1, 3, 30, tzinfo=datetime.UTC),
        duration_minutes=60,
        hourly_cost=Decimal("90.00"),
    )
    standings.standings_refresh(business=business, today=TODAY)
    months = {
        m.month: m for m in board_money.monthly_money(business, period=standing_periods(TODAY)[LIFETIME], today=TODAY)
    }
    assert months[datetime.date(2026, 3, 1)].cost_to_serve == Decimal("90.00")
    assert months[datetime.date(2026, 4, 1)].cost_to_serve == Decimal("0.00")
    assert_stored_money_equals_live(business)


def test_the_first_month_of_the_last_12_months_counts_only_the_days_in_the_period(shop):  # noqa: F811
    business, _ = shop
    customer = CustomerFactory(business=business)
    start = standing_periods(TODAY)[TRAILING_12].start  # 16 May 2025
    InvoiceFactory(customer=customer, issue_date=start - datetime.timedelta(days=1), amount=Decimal("100.00"))
    InvoiceFactory(customer=customer, issue_date=start, amount=Decimal("40.00"))
    CostEntryFactory(customer=customer, date=start + datetime.timedelta(days=2), amount=Decimal("15.00"))
    standings.standings_refresh(business=business, today=TODAY)
    (first, *_) = board_money.monthly_money(business, period=standing_periods(TODAY)[TRAILING_12], today=TODAY)
    assert (first.month, first.revenue, first.cost_to_serve) == (
        datetime.date(2025, 5, 1),
        Decimal("40.00"),
        Decimal("15.00"),
    )
    assert first.is_partial
    assert_stored_money_equals_live(business)


def test_verify_reports_a_stored_month_that_no_longer_matches(shop):  # noqa: F811
    business, _ = shop
    customer = CustomerFactory(business=business)
    InvoiceFactory(customer=customer, issue_date=TODAY, amount=Decimal("250.00"))
    standings.standings_refresh(business=business, today=TODAY)
    assert standings.standings_verify(business, today=TODAY) == []
    StandingMonth.objects.filter(customer=customer).update(revenue=Decimal("1.00"))
    # The customer's slice, and the business's sum the update's trigger carried along.
    month, business_sum = standings.standings_verify(business, today=TODAY)
    assert (month.what, month.stored, month.fresh) == (
        f"month from {TODAY.replace(day=1)} revenue",
        Decimal("1.00"),
        Decimal("250.00"),
    )
    assert (business_sum.what, business_sum.stored, business_sum.fresh) == (
        f"business month sum from {TODAY.replace(day=1)} revenue",
        Decimal("1.00"),
        Decimal("250.00"),
    )


def test_business_month_sums_follow_writes_and_deletions_and_fold_to_one_row_per_slice(shop):  # noqa: F811
    business, owner = shop
    kept, gone = CustomerFactory(business=business), CustomerFactory(business=business)
    for customer, amount in ((kept, "100.00"), (gone, "40.00"), (kept, "7.50")):
        InvoiceFactory(customer=customer, issue_date=TODAY, amount=Decimal(amount))
        InteractionFactory(customer=customer, occurred_at=NOW, duration_minutes=30, hourly_cost=Decimal("60.00"))
    standings.standings_refresh(business=business, today=TODAY)
    month = TODAY.replace(day=1)
    sums = StandingMonthSum.objects.filter(business=business)
    assert sums.count() == sums.values("starts").distinct().count()  # folded: one row per slice

    standings.standings_refresh(business=business, customer_ids=[kept.pk], today=TODAY)
    assert sums.filter(starts=month).count() == 3  # the fold's row, then minus and plus the customer's slice
    for records in (Invoice.objects.filter(customer=gone), Interaction.objects.filter(customer=gone)):
        records.delete()  # bulk deletes (as the admin does): queued, not yet refreshed
    gone.delete()  # its slices go by cascade, and their sums with them
    assert standings.standings_verify(business, today=TODAY) == []
    assert_stored_money_equals_live(business)
    (this_month,) = [
        m
        for m in board_money.monthly_money(business, period=standing_periods(TODAY)[LIFETIME], today=TODAY)
        if m.month == month
    ]
    assert this_month.revenue == Decimal("107.50")

    standings.standings_refresh(business=business, today=TODAY)
    assert list(sums.filter(starts=month).values_list("revenue", "slices")) == [(Decimal("107.50"), 1)]
    assert standings.standings_verify(business, today=TODAY) == []


def test_verify_reports_business_month_sums_that_drifted(shop):  # noqa: F811
    business, _ = shop
    InvoiceFactory(customer=CustomerFactory(business=business), issue_date=TODAY, amount=Decimal("80.00"))
    standings.standings_refresh(business=business, today=TODAY)
    StandingMonthSum.objects.create(
        business=business,
        starts=TODAY.replace(day=1),
        revenue=Decimal("5.00"),
        staff_minute_cost=0,
        other_costs=0,
        slices=0,
    )
    (difference,) = standings.standings_verify(business, today=TODAY)
    assert (difference.what, difference.stored, difference.fresh) == (
        f"business month sum from {TODAY.replace(day=1)} revenue",
        Decimal("85.00"),
        Decimal("80.00"),
    )


def test_a_deleted_business_leaves_no_month_sums():
    business = BusinessFactory()
    customer = CustomerFactory(business=business)
    InvoiceFactory(customer=customer, issue_date=TODAY, amount=Decimal("80.00"))
    standings.standings_refresh(business=business, today=TODAY)
    assert StandingMonthSum.objects.filter(business_id=business.pk).exists()
    pk = business.pk
    Invoice.objects.filter(customer=customer).delete()  # a business goes once its records have gone
    customer.delete()  # its slice's removal appends to the sums...
    business.delete()  # ...which go with the business
    assert not StandingMonthSum.objects.filter(business_id=pk).exists()


def test_business_period_sums_equal_the_customers_periods_and_verify_reports_drift(shop):  # noqa: F811
    business, _ = shop
    losing, earning = CustomerFactory(business=business), CustomerFactory(business=business)
    InvoiceFactory(customer=earning, issue_date=TODAY, amount=Decimal("500.00"))
    InteractionFactory(customer=losing, occurred_at=NOW, duration_minutes=90, hourly_cost=Decimal("60.00"))
    CustomerFactory(business=business)  # no records: counted as a customer, not as active
    standings.standings_refresh(business=business, today=TODAY)
    standings.standings_refresh(business=business, customer_ids=[losing.pk], today=TODAY)  # appends, not folded

    sums = board.period_sums(business, [TRAILING_12])[TRAILING_12]
    assert (sums.customers, sums.losing, sums.active) == (3, 1, 2)
    assert (sums.revenue, sums.cost_to_serve, sums.profit) == (Decimal("500.00"), Decimal("90.00"), Decimal("410.00"))
    assert standings.standings_verify(business, today=TODAY) == []

    StandingPeriodSum.objects.create(
        business=business,
        period=TRAILING_12,
        customers=0,
        losing=0,
        active=0,
        revenue=Decimal("1.00"),
        cash_collected=0,
        staff_minutes=0,
        staff_cost=0,
        direct_costs=0,
        concessions=0,
        cost_to_serve=0,
        profit=Decimal("1.00"),
    )
    drift = {d.what: (d.stored, d.fresh) for d in standings.standings_verify(business, today=TODAY)}
    assert drift == {
        "business period sum trailing_12 revenue": (Decimal("501.00"), Decimal("500.00")),
        "business period sum trailing_12 profit": (Decimal("411.00"), Decimal("410.00")),
    }


def test_receivables_count_each_invoice_open_on_one_of_their_days_and_only_those(shop):  # noqa: F811
    """Today, 3 and 12 months ago: an invoice open on none of them is not read, and changes nothing."""
    business, owner = shop
    settled, late_payer, owing = (CustomerFactory(business=business, name=n) for n in ("Settled", "Late", "Owing"))

    def invoice(customer, issued, amount):
        return InvoiceFactory(
            customer=customer, issue_date=issued, due_date=issued + datetime.timedelta(days=30), amount=Decimal(amount)
        )

    # Issued and paid between the days: open on none of them.
    paid = invoice(settled, TODAY - datetime.timedelta(days=40), "300.00")
    customer_services.payment_record(
        invoice=paid, date=TODAY - datetime.timedelta(days=5), amount=paid.amount, created_by=owner.user
    )
    # Open 12 months ago (past due then), paid in two parts since.
    old = invoice(late_payer, add_months(TODAY, -14), "1000.00")
    for days_ago, part in ((200, "400.00"), (10, "600.00")):
        customer_services.payment_record(
            invoice=old, date=TODAY - datetime.timedelta(days=days_ago), amount=Decimal(part), created_by=owner.user
        )
    # Open today, 45 days past due, partly paid.
    open_now = invoice(owing, TODAY - datetime.timedelta(days=75), "500.00")
    customer_services.payment_record(
        invoice=open_now, date=TODAY - datetime.timedelta(days=20), amount=Decimal("120.00"), created_by=owner.user
    )
    standings.standings_refresh(business=business, today=TODAY)

    kept = {s.customer_id: s for s in Standing.objects.filter(business=business)}
    assert (kept[settled.pk].open_invoices, kept[settled.pk].overdue_12_months_ago) == (0, Decimal("0.00"))
    assert kept[late_payer.pk].overdue_12_months_ago == Decimal("1000.00")  # nothing paid by then
    assert kept[late_payer.pk].overdue_3_months_ago == Decimal("600.00")  # 400 of it paid by then
    assert (kept[late_payer.pk].open_invoices, kept[late_payer.pk].owed_current) == (0, Decimal("0.00"))
    assert (kept[owing.pk].open_invoices, kept[owing.pk].owed_days_31_60) == (1, Decimal("380.00"))
    assert_stored_money_equals_live(business)
