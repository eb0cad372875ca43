"""Issue 11's word fixes: arrows without a second minus, grouped hours, whole days, "over all time",
nothing late said plainly, the cost per unit of revenue in money, one date format per business, and
money in messages with its currency."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from accounts.formats import date_for, money_for
from customers.models import Contract, Customer
from evaluations import formatting, rules
from evaluations.services import InvoiceLateness
from reports.letters import boot_letter
from reports.owner_charts import days_late, whale_summary

from ..conftest import client_for
from ..factories import (
    BusinessFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    MembershipFactory,
)
from ..robustness.keys import keyed

NOW = datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC)
TODAY = NOW.date()


# --- the formatting module -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("95.0"), "95 days"), (95, "95 days"), (Decimal("12.5"), "12.5 days"), (1, "1 day"), (1200, "1,200 days")],
)
def test_whole_days_have_no_decimals(value, text):
    assert formatting.days(value) == text


def test_hours_are_grouped_by_thousands():
    assert formatting.figure(Decimal("1685.2"), "hours") == "1,685 h"
    assert formatting.hours(Decimal("1685.25")) == "1,685.3 h"


def test_a_change_beside_its_arrow_has_no_sign():
    assert formatting.change(Decimal("-164.83"), "money", "$") == "$164.83"
    assert formatting.change(Decimal("164.83"), "money", "$") == "$164.83"
    assert formatting.change(Decimal("-1685"), "hours") == "1,685 h"
    assert formatting.change(-3, "count") == "3"


def test_over_a_period_reads_as_english():
    assert formatting.over("All time") == "over all time"
    assert formatting.over("last 12 months") == "over the last 12 months"
    assert formatting.over("Year to date") == "over the year to date"
    whale = rules.whale_shape(rules.whale_curve([(1, Decimal("300")), (2, Decimal("-100"))]))
    assert whale_summary(whale, "$", "all time").endswith("over all time.")


def test_nothing_late_is_said_plainly():
    def invoice(number, days):
        return InvoiceLateness(
            invoice_id=1,
            number=number,
            due_date=datetime.date(2026, 10, 1),
            amount=Decimal("100"),
            days_late=days,
            paid=True,
            trend=None,
        )

    assert days_late([invoice("A-1", 0), invoice("A-2", 0)], 90, None)["summary"] == (
        "2 invoices fell due, and all were paid on time."
    )
    assert days_late([invoice("A-1", 0)], 90, None)["summary"] == "1 invoice fell due, and it was paid on time."
    assert days_late([invoice("A-1", 0), invoice("A-2", 12)], 90, None)["summary"] == (
        "2 invoices fell due; the worst, A-2, was 12 days late."
    )
    assert formatting.days_late(0) == "on time"


def test_one_date_format_that_follows_the_business():
    day = datetime.date(2026, 11, 26)
    assert formatting.date(day, month_first=True) == "Nov 26, 2026"
    assert formatting.date(day, month_first=False) == "26 Nov 2026"
    us, gb = BusinessFactory.build(country="US"), BusinessFactory.build(country="GB")
    assert (date_for(us, day), date_for(gb, day)) == ("Nov 26, 2026", "26 Nov 2026")
    assert money_for(gb, Decimal("500")) == f"{gb.currency_symbol}500.00"


def test_the_day_filter_shows_a_moment_on_the_business_calendar_day():
    gb = BusinessFactory.build(country="GB")
    late_evening = datetime.datetime(2026, 11, 27, 3, 30, tzinfo=datetime.UTC)  # 26 Nov, 22:30 in New York
    template = Template("{% load evaluation_format %}{{ when|day:business }} | {{ when|moment:business }}")
    with timezone.override("America/New_York"):
        text = template.render(Context({"when": late_evening, "business": gb}))
    assert text == "26 Nov 2026 | 26 Nov 2026, 22:30"


def test_letters_follow_the_business_date_order():
    business = BusinessFactory.build(name="Brightside", country="GB")
    customer = Customer(name="Needy Corp", customer_since=datetime.date(2024, 1, 10))
    contract = Contract(title="Support", end_date=datetime.date(2026, 12, 31), notice_period_days=30)
    text = boot_letter(business=business, customer=customer, contract=contract, today=datetime.date(2026, 10, 1))
    assert "It ends on 31 Dec 2026." in text and "sent on 1 Oct 2026" in text


# --- pages ---------------------------------------------------------------------------------


@pytest.fixture
def shop(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(name="Gamma Garden Care", time_zone="UTC", country="GB")
    owner = MembershipFactory(business=business, role="owner")
    return business, owner


def dates_in(html: str) -> set[str]:
    """Every written date on a page, by its shape: "Nov 26, 2026", "26 Nov 2026", "11/26/2026"."""
    month = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    shapes = {
        "month first": rf"\b{month} \d{{1,2}}, \d{{4}}\b",
        "day first": rf"\b\d{{1,2}} {month} \d{{4}}\b",
        "numeric": r"\b\d{1,2}/\d{1,2}/\d{4}\b",
    }
    return {shape for shape, pattern in shapes.items() if re.search(pattern, html)}


def test_a_day_first_business_sees_day_first_dates_on_the_dashboard_and_report(shop):
    business, owner = shop
    customer = CustomerFactory(business=business, name="Needy Corp")
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 9, 10), amount=Decimal("1000.00"))
    InteractionFactory(customer=customer, occurred_at=NOW - datetime.timedelta(days=2), duration_minutes=600)
    client = client_for(owner)
    for page in (reverse("dashboard"), reverse("customer_report", args=[customer.pk]), reverse("home")):
        assert dates_in(client.get(page).content.decode()) == {"day first"}, page


def test_the_dashboard_arrow_carries_no_second_minus_and_hours_are_grouped(shop):
    business, owner = shop
    customer = CustomerFactory(business=business, name="Busy Co")
    # 1,685 hours in the last 3 months (70 whole days and 5 hours) against none before: profit falls.
    for day in range(1, 72):
        InteractionFactory(
            customer=customer,
            occurred_at=NOW - datetime.timedelta(days=day),
            duration_minutes=1440 if day <= 70 else 300,
            hourly_cost=Decimal("50.00"),
        )
    html = client_for(owner).get(reverse("dashboard"), {"period": "3m"}).content.decode()
    assert "1,685 h" in html and "1685 h" not in html
    arrow_then_amount = re.findall(r"▼</span>\s*<span[^>]*>[^<]*</span>\s*([^<\s][^<]*?)\s*<span", html)
    assert arrow_then_amount, "the dashboard shows a fall in profit"
    assert all(not amount.startswith(("-", "−")) for amount in arrow_then_amount), arrow_then_amount


def test_the_report_gives_the_cost_for_each_unit_of_revenue_in_money(shop):
    business, owner = shop
    customer = CustomerFactory(business=business, name="Needy Corp")
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 9, 10), amount=Decimal("1000.00"))
    for day in (2, 3):  # 1,250 of staff time (25 hours at 50) for 1,000 of revenue
        InteractionFactory(
            customer=customer,
            occurred_at=NOW - datetime.timedelta(days=day),
            duration_minutes=750,
            hourly_cost=Decimal("50"),
        )
    html = client_for(owner).get(reverse("customer_report", args=[customer.pk])).content.decode()
    symbol = business.currency_symbol
    assert f"Cost for each {symbol}1.00 of revenue" in html
    assert f"{symbol}1.25" in html
    assert "each 1 of revenue" not in html


def test_money_in_messages_carries_its_currency(shop):
    business, owner = shop
    customer = CustomerFactory(business=business)
    invoice = InvoiceFactory(
        customer=customer,
        issue_date=datetime.date(2026, 11, 1),
        due_date=datetime.date(2026, 11, 20),
        amount=Decimal("800.00"),
    )
    url = reverse("payment_create", args=[invoice.pk])
    client = client_for(owner)
    response = client.post(url, keyed({"date": "2026-11-25", "amount": "500.00", "method": "card"}), follow=True)
    symbol = business.currency_symbol
    assert f"Payment of {symbol}500.00 recorded. {symbol}300.00 is still open" in response.content.decode()
    response = client.post(url, keyed({"date": "2026-11-26", "amount": "300.00", "method": "card"}), follow=True)
    assert f"Payment of {symbol}300.00 recorded. Invoice {invoice.number} is paid in full, 6 days late." in (
        response.content.decode()
    )


def test_a_month_in_a_sentence_is_written_in_words():
    assert formatting.month("2026-09") == "September 2026"
    assert formatting.month(datetime.date(2027, 1, 31)) == "January 2027"
    assert formatting.month(None) == formatting.MISSING
