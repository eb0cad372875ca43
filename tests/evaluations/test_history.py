"""evaluations.selectors.history: any period's totals, money by month, days late per invoice, overdue on a date."""

import datetime
from decimal import Decimal

import pytest

from customers.models import CostEntry
from evaluations import services
from evaluations.periods import Period
from evaluations.receivables import receivables_aging
from evaluations.selectors import history

from ..factories import BusinessFactory, CostEntryFactory, CustomerFactory, InteractionFactory, InvoiceFactory
from ..reports.factories import invoice_days_past_due, pay

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 15)


def at(day: datetime.date, hour: int, tz) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)


@pytest.fixture
def business():
    return BusinessFactory(name="Alpha Plumbing")


@pytest.fixture
def outsider():
    return BusinessFactory(name="Beta Bakery")


@pytest.fixture
def customer(business):
    return CustomerFactory(business=business, name="Needy Corp")


def test_monthly_totals_fill_empty_months_and_use_local_time(business, outsider, customer):
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(business.time_zone)  # America/New_York
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 1, 10), amount=Decimal("1000.00"))
    # 23:30 on 31 March in New York is already April in UTC: it belongs to March.
    InteractionFactory(
        customer=customer,
        occurred_at=at(datetime.date(2026, 3, 31), 23, tz),
        duration_minutes=60,
        hourly_cost=Decimal("30"),
    )
    CostEntryFactory(customer=customer, date=datetime.date(2026, 3, 5), amount=Decimal("20.00"))
    period = Period("x", "x", datetime.date(2026, 1, 1), datetime.date(2026, 4, 30), None)
    months = history.monthly_totals(business, period=period, customer_id=customer.pk)
    assert [(m.month, m.revenue, m.cost_to_serve, m.profit) for m in months] == [
        (datetime.date(2026, 1, 1), Decimal("1000.00"), Decimal("0"), Decimal("1000.00")),
        (datetime.date(2026, 2, 1), Decimal("0"), Decimal("0"), Decimal("0")),
        (datetime.date(2026, 3, 1), Decimal("0"), Decimal("50.00"), Decimal("-50.00")),
        (datetime.date(2026, 4, 1), Decimal("0"), Decimal("0"), Decimal("0")),
    ]


def test_monthly_totals_for_all_time_start_with_the_first_record(business, outsider, customer):
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 2, 10))
    period = Period("all", "All", None, datetime.date(2026, 4, 30), None)
    months = history.monthly_totals(business, period=period)
    assert [m.month.month for m in months] == [2, 3, 4]
    assert history.monthly_totals(outsider, period=period) == []


def test_invoice_lateness_per_invoice_with_the_trend_line(business, outsider, customer):
    late = invoice_days_past_due(customer, today=TODAY, days=100, amount="100.00")
    pay(late, "100.00", on=late.due_date + datetime.timedelta(days=40))
    invoice_days_past_due(customer, today=TODAY, days=10, amount="100.00")  # still unpaid
    invoice_days_past_due(customer, today=TODAY, days=-5, amount="100.00")  # not due yet: left out
    period = Period("x", "x", datetime.date(2025, 1, 1), TODAY, None)
    rows = history.invoice_lateness(
        business, customer.pk, today=TODAY, period=period, trend=(Decimal("2"), Decimal("-48600"))
    )
    assert [(r.days_late, r.paid) for r in rows] == [(40, True), (10, False)]
    # The line's value at each due month: -48600 + 2 x (year x 12 + month - 1).
    assert rows[1].trend == Decimal("-48600") + 2 * (2026 * 12 + rows[1].due_date.month - 1)
    assert history.invoice_lateness(business, customer.pk, today=TODAY, period=period)[0].trend is None


@pytest.mark.parametrize("as_of", [TODAY, TODAY - datetime.timedelta(days=30), TODAY - datetime.timedelta(days=95)])
def test_overdue_balance_equals_the_aging_past_due_total(business, outsider, customer, as_of):
    other = CustomerFactory(business=business)
    invoice_days_past_due(customer, today=TODAY, days=120, amount="500.00")
    partly = invoice_days_past_due(other, today=TODAY, days=60, amount="300.00")
    pay(partly, "100.00", on=TODAY - datetime.timedelta(days=40))
    paid_late = invoice_days_past_due(other, today=TODAY, days=90, amount="250.00")
    pay(paid_late, "250.00", on=TODAY - datetime.timedelta(days=10))
    invoice_days_past_due(customer, today=TODAY, days=0, amount="70.00")  # due today: not overdue yet
    invoice_days_past_due(CustomerFactory(business=outsider), today=TODAY, days=50, amount="999.00")
    expected = receivables_aging(business=business, as_of=as_of).totals.past_due
    assert history.overdue_balance(business, as_of=as_of) == expected
    if as_of == TODAY:
        assert expected == Decimal("700.00")  # 500 + (300 - 100)


def test_extra_periods_of_one_customer_equal_its_entry_in_the_business(business, outsider, customer):
    """The dashboard and the report ask the evaluation for other periods, summed in the same queries."""
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 2, 1), amount=Decimal("700.00"))
    InvoiceFactory(customer=customer, issue_date=datetime.date(2025, 3, 1), amount=Decimal("300.00"))
    InvoiceFactory(customer=CustomerFactory(business=outsider), issue_date=datetime.date(2026, 2, 1))
    CostEntryFactory(
        customer=customer, date=datetime.date(2025, 5, 1), kind=CostEntry.Kind.DISCOUNT, amount=Decimal("25")
    )
    InteractionFactory(customer=customer, duration_minutes=30, hourly_cost=Decimal("60.00"))
    extra = {
        "year_to_date": Period("year_to_date", "Year to date", datetime.date(2026, 1, 1), TODAY, None),
        "previous": Period(
            "previous", "The 12 months before", datetime.date(2024, 5, 16), datetime.date(2025, 5, 15), 12
        ),
    }
    evaluation = services.evaluate_business(business, today=TODAY, extra_periods=extra)
    (mine,) = [c for c in evaluation.customers if c.id == customer.pk]
    alone = services.evaluate_customer(customer, today=TODAY, extra_periods=extra)
    assert alone.figures.periods == mine.figures.periods
    assert mine.figures.periods["year_to_date"].revenue == Decimal("700.00")
    assert mine.figures.periods["previous"].revenue == Decimal("300.00")
    assert mine.figures.periods["previous"].concessions == Decimal("25")
    assert evaluation.totals["previous"].revenue == Decimal("300.00")
    plain = services.evaluate_business(business, today=TODAY)
    assert [c.verdict for c in plain.customers] == [c.verdict for c in evaluation.customers]
