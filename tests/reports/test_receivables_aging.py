"""Accounts-receivable aging (evaluations.receivables): buckets at their edges, payments, tenancy."""

import datetime
from decimal import Decimal

import pytest

from evaluations.receivables import AgingBuckets, receivables_aging

from ..factories import CustomerFactory
from .factories import invoice_days_past_due, pay

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 15)


@pytest.fixture
def customer(shop):
    return CustomerFactory(business=shop.business, name="Acme Dental")


@pytest.mark.parametrize(
    ("days_past_due", "bucket"),
    [
        (-10, "current"),
        (0, "current"),
        (1, "days_1_30"),
        (30, "days_1_30"),
        (31, "days_31_60"),
        (60, "days_31_60"),
        (61, "days_61_90"),
        (90, "days_61_90"),
        (91, "days_91_120"),
        (120, "days_91_120"),
        (121, "over_120"),
        (400, "over_120"),
    ],
)
def test_balance_falls_in_the_bucket_of_its_days_past_due(shop, customer, days_past_due, bucket):
    invoice_days_past_due(customer, today=TODAY, days=days_past_due, amount="250.00")
    aging = receivables_aging(business=shop.business, as_of=TODAY)
    expected = AgingBuckets(**{bucket: Decimal("250.00")})
    assert aging.customers[0].buckets == expected
    assert aging.totals == expected


def test_partial_payment_leaves_the_rest_in_the_bucket(shop, customer):
    invoice = invoice_days_past_due(customer, today=TODAY, days=45, amount="1000.00")
    pay(invoice, "400.00", on=TODAY - datetime.timedelta(days=20))
    aging = receivables_aging(business=shop.business, as_of=TODAY)
    assert aging.customers[0].buckets == AgingBuckets(days_31_60=Decimal("600.00"))
    assert aging.totals.past_due == Decimal("600.00")


def test_paid_invoices_are_not_owed(shop, customer):
    paid_late = invoice_days_past_due(customer, today=TODAY, days=100, amount="300.00")
    pay(paid_late, "300.00", on=TODAY - datetime.timedelta(days=5))
    still_open = invoice_days_past_due(customer, today=TODAY, days=5, amount="80.00")
    aging = receivables_aging(business=shop.business, as_of=TODAY)
    assert [c.open_invoices for c in aging.customers] == [1]
    assert aging.totals == AgingBuckets(days_1_30=still_open.amount)


def test_a_past_date_counts_payments_made_by_then_only(shop, customer):
    """On 1 March the invoice was 31 days late and unpaid; it was paid on 10 March."""
    invoice = invoice_days_past_due(customer, today=datetime.date(2026, 3, 1), days=31, amount="500.00")
    pay(invoice, "500.00", on=datetime.date(2026, 3, 10))
    before = receivables_aging(business=shop.business, as_of=datetime.date(2026, 3, 1))
    after = receivables_aging(business=shop.business, as_of=datetime.date(2026, 3, 10))
    assert before.totals == AgingBuckets(days_31_60=Decimal("500.00"))
    assert after.customers == []
    assert after.totals.total == Decimal("0.00")


def test_invoices_issued_after_the_date_are_left_out(shop, customer):
    invoice_days_past_due(customer, today=TODAY, days=-30, amount="100.00", terms=30)  # issued today
    aging = receivables_aging(business=shop.business, as_of=TODAY - datetime.timedelta(days=1))
    assert aging.customers == []


def test_totals_add_up_across_customers_most_past_due_first(shop, customer):
    other = CustomerFactory(business=shop.business, name="Zed Zoo")
    invoice_days_past_due(customer, today=TODAY, days=10, amount="100.00")
    invoice_days_past_due(customer, today=TODAY, days=-5, amount="900.00")
    invoice_days_past_due(other, today=TODAY, days=150, amount="200.00")
    invoice_days_past_due(other, today=TODAY, days=70, amount="50.50")
    aging = receivables_aging(business=shop.business, as_of=TODAY)
    assert [c.customer_name for c in aging.customers] == ["Zed Zoo", "Acme Dental"]
    assert aging.customers[0].buckets == AgingBuckets(days_61_90=Decimal("50.50"), over_120=Decimal("200.00"))
    assert aging.customers[0].open_invoices == 2
    assert aging.totals == AgingBuckets(
        current=Decimal("900.00"),
        days_1_30=Decimal("100.00"),
        days_61_90=Decimal("50.50"),
        over_120=Decimal("200.00"),
    )
    assert aging.totals.total == Decimal("1250.50")
    assert aging.totals.past_due == Decimal("350.50")
    assert all(isinstance(amount, Decimal) for _, _, amount in aging.totals.labelled())


def test_other_businesses_are_never_counted(shop, other_shop, customer):
    theirs = CustomerFactory(business=other_shop.business)
    invoice_days_past_due(theirs, today=TODAY, days=40, amount="999.00")
    invoice_days_past_due(customer, today=TODAY, days=40, amount="10.00")
    aging = receivables_aging(business=shop.business, as_of=TODAY)
    assert [c.customer_id for c in aging.customers] == [customer.pk]
    assert aging.totals.total == Decimal("10.00")


def test_narrowed_to_some_customers(shop, customer):
    other = CustomerFactory(business=shop.business)
    invoice_days_past_due(customer, today=TODAY, days=3, amount="10.00")
    invoice_days_past_due(other, today=TODAY, days=3, amount="20.00")
    aging = receivables_aging(business=shop.business, as_of=TODAY, customer_ids=[other.pk])
    assert aging.totals.total == Decimal("20.00")


@pytest.mark.parametrize("customers", [2, 20])
def test_one_query_whatever_the_number_of_customers(shop, django_assert_num_queries, customers):
    for n in range(customers):
        customer = CustomerFactory(business=shop.business)
        invoice = invoice_days_past_due(customer, today=TODAY, days=n * 7, amount="100.00")
        pay(invoice, "30.00", on=invoice.issue_date)
    with django_assert_num_queries(1):
        aging = receivables_aging(business=shop.business, as_of=TODAY)
    assert len(aging.customers) == customers
    assert aging.totals.total == Decimal("70.00") * customers
