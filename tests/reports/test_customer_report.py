"""One customer's report: money for the chosen period, charts, contract, the letter. Access: tests/test_access.py."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Addendum

from ..conftest import client_for
from ..factories import (
    BusinessFactory,
    ContractFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    MembershipFactory,
)
from .factories import invoice_days_past_due, pay

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 15, 12, tzinfo=datetime.UTC)
TODAY = NOW.date()


@pytest.fixture
def shop(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(name="Gamma Garden Care", time_zone="UTC")
    owner = MembershipFactory(business=business, role="owner", user__first_name="Olivia", user__last_name="Park")
    return business, client_for(owner)


def needy(business, *, end_date=datetime.date(2026, 9, 30), notice=60):
    """1,000 invoiced, 2,000 of angry out-of-scope staff time in the last days: Boot."""
    customer = CustomerFactory(business=business, name="Needy Corp", contact_person="Nora Reed")
    contract = ContractFactory(
        customer=customer, title="Garden care", end_date=end_date, notice_period_days=notice, fee=Decimal("1000.00")
    )
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 3, 10), amount=Decimal("1000.00"))
    for hour in range(40):
        InteractionFactory(
            customer=customer,
            occurred_at=NOW - datetime.timedelta(days=1, hours=hour),
            duration_minutes=60,
            hourly_cost=Decimal("50.00"),
            in_scope=False,
            angry_when_refused=hour < 2,
        )
    return customer, contract


def url(customer) -> str:
    return reverse("customer_report", kwargs={"pk": customer.pk})


def test_a_boot_verdict_comes_with_a_letter_giving_the_contract_dates(shop):
    business, owner = shop
    customer, _ = needy(business)
    response = owner.get(url(customer))
    page = response.content.decode()
    assert "Verdict: Boot" in page
    letter = response.context["report"].letter
    assert "decided not to renew our agreement “Garden care”" in letter
    assert "It ends on Sep 30, 2026" in letter
    assert "the last day to give it is Aug 1, 2026" in letter  # 30 September less 60 days
    assert "Olivia Park" in letter
    textarea = page[page.index('<textarea class="form-control') : page.index("</textarea>")]
    assert "Sep 30, 2026" in textarea and "Aug 1, 2026" in textarea
    assert "Sep 30, 2026" in page and "Aug 1, 2026" in page  # the contract timing card


def test_a_late_notice_date_moves_the_end_to_a_full_notice_period_from_today(shop):
    business, owner = shop
    customer, _ = needy(business, end_date=datetime.date(2026, 6, 30), notice=60)  # notice by 1 May: passed
    letter = owner.get(url(customer)).context["report"].letter
    assert "the last day to give it for that date was May 1, 2026, which has passed" in letter
    assert "the agreement will end on Jul 14, 2026" in letter  # 15 May + 60 days
    assert "notice given today ends the agreement on Jul 14, 2026" in owner.get(url(customer)).content.decode()


def test_no_letter_unless_the_verdict_is_boot(shop):
    business, owner = shop
    customer = CustomerFactory(business=business, name="Good Co")
    ContractFactory(customer=customer)
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 4, 1))
    response = owner.get(url(customer))
    assert response.context["report"].letter is None
    assert "Draft letter declining renewal" not in response.content.decode()


def test_the_edited_letter_prints_as_written_and_is_not_stored(shop):
    business, owner = shop
    customer, _ = needy(business)
    edited = "Dear Nora,\n\nWe will not renew.\n\nKind regards,\nOlivia"
    response = owner.post(reverse("letter_print", kwargs={"pk": customer.pk}), {"letter": edited})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<p>Dear Nora,</p>" in page and "Kind regards,<br>Olivia" in page
    assert "data-print hidden>Print</button>" in page


def test_an_empty_letter_is_refused_with_a_message(shop):
    business, owner = shop
    customer, _ = needy(business)
    response = owner.post(reverse("letter_print", kwargs={"pk": customer.pk}), {"letter": "   "}, follow=True)
    assert "The letter is empty" in response.content.decode()


def test_the_report_follows_the_period_selector(shop):
    business, owner = shop
    customer, _ = needy(business)
    InvoiceFactory(customer=customer, issue_date=datetime.date(2025, 1, 10), amount=Decimal("700.00"))
    three = owner.get(url(customer), {"period": "3m"}).context["report"]
    everything = owner.get(url(customer), {"period": "all"}).context["report"]
    fallback = owner.get(url(customer), {"period": "nonsense"}).context["report"]
    assert three.money[0] == ("Last 3 months", three.selected)
    assert three.selected.revenue == Decimal("1000.00")
    assert everything.selected.revenue == Decimal("1700.00")
    assert fallback.chosen.key == "12m" and fallback.selected.revenue == Decimal("1000.00")
    # Revenue against cost by month: the three months of the period (its first and last months
    # are only partly inside it, and say which days), and from the first month for all time.
    assert three.charts["money"]["data"]["labels"] == ["Feb 2026 (16–28)", "Mar 2026", "Apr 2026", "May 2026 (1–15)"]
    assert everything.charts["money"]["data"]["labels"][0] == f"{customer.customer_since:%b %Y}"


def test_support_hours_against_the_allowance_for_the_period(shop):
    business, owner = shop
    customer, contract = needy(business)
    contract.support_hours_per_month = Decimal("5.0")
    contract.save()
    report = owner.get(url(customer), {"period": "3m"}).context["report"]
    assert (report.selected.staff_hours, report.selected.allowance_hours) == (Decimal("40.00"), Decimal("15.0"))
    assert "40.0 h of 15.0 h included" in owner.get(url(customer), {"period": "3m"}).content.decode()


def test_days_late_per_invoice_with_the_90_day_line_and_the_projection(shop):
    business, owner = shop
    customer = CustomerFactory(business=business, name="Slow Payer")
    ContractFactory(customer=customer)
    # Paid later and later: 10, 30 and 50 days late in three consecutive months, 20 days worse each month.
    for month, late in ((1, 10), (2, 30), (3, 50)):
        due = datetime.date(2026, month, 10)
        invoice = InvoiceFactory(
            customer=customer, issue_date=due - datetime.timedelta(days=30), due_date=due, amount=Decimal("100.00")
        )
        pay(invoice, "100.00", on=due + datetime.timedelta(days=late))
    report = owner.get(url(customer)).context["report"]
    chart = report.charts["days_late"]["data"]
    assert chart["datasets"][0]["values"] == [10, 30, 50]
    assert chart["reference"] == {"label": "90 days late", "value": 90}
    assert report.reaches_red == datetime.date(2026, 5, 1)  # 50 in March + 2 x 20 a month
    assert chart["datasets"][1]["label"] == "Trend at the current pace"
    page = owner.get(url(customer)).content.decode()
    assert f"reach 90 days late in {report.reaches_red:%B %Y}" in page


def test_the_contract_with_its_addenda(shop):
    business, owner = shop
    customer, contract = needy(business)
    Addendum.objects.create(
        business=business,
        contract=contract,
        effective_date=datetime.date(2026, 2, 1),
        description="Adds weekend call-outs",
        fee_change=Decimal("150.00"),
        scope_change="Saturday visits",
    )
    page = owner.get(url(customer)).content.decode()
    assert "Adds weekend call-outs" in page and "+$150.00 to the fee" in page and "Saturday visits" in page
    assert "$1,150.00 a month with them" in page


def test_report_queries_do_not_grow_with_the_customers_or_records(shop, django_assert_max_num_queries):
    business, owner = shop
    customer, _ = needy(business)
    CustomerFactory(business=business)
    owner.get(url(customer))
    with CaptureQueriesContext(connection) as two:
        owner.get(url(customer))
    for n in range(18):
        other = CustomerFactory(business=business, name=f"Other {n}")
        invoice_days_past_due(other, today=TODAY, days=n)
        invoice_days_past_due(customer, today=TODAY, days=n + 5)
        InteractionFactory(customer=customer, complained=True)
    with django_assert_max_num_queries(len(two.captured_queries)):
        owner.get(url(customer))
