"""The home page: what staff need to do their job, no money beyond balances, no verdicts."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from customers.models import Contract, Customer
from evaluations.models import Standing
from evaluations.rules import Verdict
from reports import selectors

from ..conftest import client_for
from ..factories import ContractFactory, CustomerFactory, InteractionFactory
from .factories import invoice_days_past_due, pay

pytestmark = pytest.mark.django_db

# Noon in New York (the factories' business time zone) on 15 March 2026.
NOW = datetime.datetime(2026, 3, 15, 16, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def home_of(membership) -> str:
    response = client_for(membership).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


# --- selectors -------------------------------------------------------------


def test_recent_logs_are_mine_newest_first(shop):
    customer = CustomerFactory(business=shop.business)
    older = InteractionFactory(customer=customer, handled_by=shop.staff.user, occurred_at=NOW.replace(hour=10))
    newer = InteractionFactory(customer=customer, handled_by=shop.staff.user, occurred_at=NOW.replace(hour=14))
    InteractionFactory(customer=customer, handled_by=shop.owner.user)
    logs = selectors.recent_logs(business=shop.business, user=shop.staff.user)
    assert logs == [newer, older]


def test_recent_logs_are_limited(shop):
    customer = CustomerFactory(business=shop.business)
    InteractionFactory.create_batch(5, customer=customer, handled_by=shop.staff.user)
    assert len(selectors.recent_logs(business=shop.business, user=shop.staff.user, limit=3)) == 3


def test_overdue_to_chase_longest_waiting_first_with_days_late_and_balance(shop):
    slow = CustomerFactory(business=shop.business, name="Slow Sam")
    slower = CustomerFactory(business=shop.business, name="Slower Sue")
    prompt = CustomerFactory(business=shop.business, name="Prompt Pat")
    partly = pay(invoice_days_past_due(slow, today=TODAY, days=12, amount="500.00"), "200.00", on=TODAY)
    invoice_days_past_due(slow, today=TODAY, days=-3, amount="999.00")  # not yet due
    invoice_days_past_due(slower, today=TODAY, days=95, amount="120.00")
    invoice_days_past_due(slower, today=TODAY, days=30, amount="80.00")
    invoice_days_past_due(prompt, today=TODAY, days=0, amount="50.00")  # due today is not late
    paid = invoice_days_past_due(prompt, today=TODAY, days=40, amount="70.00")
    pay(paid, "70.00", on=TODAY)

    overdue = selectors.overdue_to_chase(business=shop.business, today=TODAY)

    assert [row.customer.name for row in overdue.customers] == ["Slower Sue", "Slow Sam"]
    sue, sam = overdue.customers
    assert (sue.balance, sue.days_late) == (Decimal("200.00"), 95)
    assert [(line.days_late, line.balance) for line in sue.invoices] == [
        (95, Decimal("120.00")),
        (30, Decimal("80.00")),
    ]
    assert (sam.balance, sam.days_late) == (Decimal("300.00"), 12)
    assert [line.invoice for line in sam.invoices] == [partly]
    assert (overdue.customer_count, overdue.balance) == (2, Decimal("500.00"))


def test_overdue_to_chase_shows_a_few_but_counts_all(shop):
    for days in (10, 20, 30):
        invoice_days_past_due(CustomerFactory(business=shop.business), today=TODAY, days=days, amount="10.00")
    overdue = selectors.overdue_to_chase(business=shop.business, today=TODAY, limit=2)
    assert [row.days_late for row in overdue.customers] == [30, 20]
    assert (overdue.customer_count, overdue.balance) == (3, Decimal("30.00"))


def test_nothing_overdue_is_zero_not_none(shop):
    overdue = selectors.overdue_to_chase(business=shop.business, today=TODAY)
    assert (overdue.customers, overdue.customer_count, overdue.balance) == ([], 0, Decimal("0.00"))


def test_upcoming_renewals_within_90_days_soonest_first(shop, other_shop):
    soon = ContractFactory(customer__business=shop.business, end_date=TODAY + datetime.timedelta(days=20))
    edge = ContractFactory(customer__business=shop.business, end_date=TODAY + datetime.timedelta(days=90))
    today = ContractFactory(customer__business=shop.business, end_date=TODAY)
    ContractFactory(customer__business=shop.business, end_date=TODAY + datetime.timedelta(days=91))
    ContractFactory(customer__business=shop.business, end_date=TODAY - datetime.timedelta(days=1))
    ContractFactory(customer__business=shop.business, end_date=None)
    ContractFactory(
        customer__business=shop.business, end_date=TODAY + datetime.timedelta(days=5), status=Contract.Status.DRAFT
    )
    ContractFactory(customer__business=other_shop.business, end_date=TODAY + datetime.timedelta(days=5))

    upcoming = selectors.upcoming_renewals(business=shop.business, today=TODAY)

    assert [r.contract for r in upcoming.renewals] == [today, soon, edge]
    assert [r.days_left for r in upcoming.renewals] == [0, 20, 90]
    assert upcoming.renewals[1].last_notice_date == soon.end_date - datetime.timedelta(days=30)
    assert upcoming.count == 3
    # Fewer shown than there are: the count is of them all, still in the one query.
    with CaptureQueriesContext(connection) as read:
        first_two = selectors.upcoming_renewals(business=shop.business, today=TODAY, limit=2)
    assert ([r.contract for r in first_two.renewals], first_two.count) == ([today, soon], 3)
    assert len(read.captured_queries) == 1


def test_renewals_carry_verdicts_only_when_asked_and_in_the_same_query(shop):
    judged = ContractFactory(customer__business=shop.business, end_date=TODAY + datetime.timedelta(days=5))
    ContractFactory(customer__business=shop.business, end_date=TODAY + datetime.timedelta(days=9))  # no standing yet
    Standing.objects.create(
        business=shop.business,
        customer=judged.customer,
        as_of=TODAY,
        verdict=Verdict.RENEGOTIATE.value,
        demands="ok",
        good_nature="ok",
        reputation="ok",
        pays_on_time="ok",
        main_reason="Margin below target",
    )
    assert [r.verdict for r in selectors.upcoming_renewals(business=shop.business, today=TODAY).renewals] == [
        None,
        None,
    ]  # the home page: staff see the work, not verdicts
    with CaptureQueriesContext(connection) as read:
        upcoming = selectors.upcoming_renewals(business=shop.business, today=TODAY, with_verdicts=True)
    assert [r.verdict for r in upcoming.renewals] == [Verdict.RENEGOTIATE, None]
    assert len(read.captured_queries) == 1


def test_former_customers_do_not_renew(shop):
    ContractFactory(
        customer__business=shop.business,
        customer__status=Customer.Status.FORMER,
        customer__ended_on=TODAY,
        customer__end_reason=Customer.EndReason.LEFT,
        end_date=TODAY + datetime.timedelta(days=10),
    )
    assert selectors.upcoming_renewals(business=shop.business, today=TODAY).count == 0


# --- the page ----------------------------------------------------------------


@pytest.fixture
def busy_day(shop):
    """A customer late with a payment, a call the staff member logged, a renewal coming."""
    customer = CustomerFactory(business=shop.business, name="Harbor Dental", phone="555-0101")
    invoice_days_past_due(customer, today=TODAY, days=47, amount="1250.00")
    InteractionFactory(
        customer=customer,
        handled_by=shop.staff.user,
        occurred_at=NOW - datetime.timedelta(hours=2),
        duration_minutes=25,
        in_scope=False,
        threatened_review=True,
        note="Wants the printer fixed for free.",
    )
    ContractFactory(customer=customer, title="Front desk IT", end_date=TODAY + datetime.timedelta(days=40))
    return customer


@pytest.mark.parametrize("role", ["staff", "owner"])
def test_everyone_sees_what_to_chase_and_what_renews(shop, busy_day, role):
    page = home_of(getattr(shop, role))
    assert "Harbor Dental" in page
    assert "$1,250.00" in page
    assert "47 days late" in page
    assert "Front desk IT: ends on Apr 24, 2026." in page
    assert "Last day to give notice: Mar 25, 2026." in page
    assert "in 40 days" in page


def test_staff_see_their_own_logs_with_signals(shop, busy_day):
    page = home_of(shop.staff)
    assert "Call, 25 min" in page
    assert "Outside the contract" in page
    assert "Threatened a bad review or a public complaint" in page
    assert "Wants the printer fixed for free." in page
    assert "Wants the printer fixed" not in home_of(shop.owner), "the owner did not log that call"


def test_logged_times_are_in_the_business_time_zone(shop, busy_day):
    # 14:00 UTC is 10:00 in New York (daylight saving time from 8 March 2026);
    # 02:30 UTC on the 15th is still the 14th there.
    InteractionFactory(customer=busy_day, handled_by=shop.staff.user, occurred_at=NOW.replace(hour=2, minute=30))
    page = home_of(shop.staff)
    assert "Today, 10:00" in page
    assert "Mar 14, 2026, 22:30" in page


def test_staff_see_no_money_beyond_balances_and_no_verdicts(shop, busy_day):
    page = home_of(shop.staff)
    main = page[page.index("<main") : page.index("</main>")]
    for word in ("profit", "margin", "revenue", "cost to serve", "boot", "renegotiate", "verdict"):
        assert word not in main.lower(), word
    assert "1,000" not in main, "the contract fee is the owner's business"
    assert "$60" not in main, "nor is the cost of staff time"


def test_home_shows_only_this_business(shop, other_shop, busy_day):
    theirs = CustomerFactory(business=other_shop.business, name="Beta Customer")
    invoice_days_past_due(theirs, today=TODAY, days=10)
    ContractFactory(customer=theirs, end_date=TODAY + datetime.timedelta(days=10))
    InteractionFactory(customer=theirs, handled_by=shop.staff.user)  # same person, other business
    assert "Beta Customer" not in home_of(shop.staff)


def test_empty_home_explains_itself(shop):
    page = home_of(shop.staff)
    assert "Nothing to chase" in page
    assert "You have not logged anything yet" in page
    assert "No contract ends or renews in the next 90 days" in page


def test_home_date_is_the_business_date(shop):
    shop.business.time_zone = "Pacific/Kiritimati"  # UTC+14: already 16 March there
    shop.business.save()
    assert "Monday, Mar 16, 2026" in home_of(shop.staff)
    assert timezone.localdate() == TODAY


def make_customers(business, count: int, staff) -> None:
    for n in range(count):
        customer = CustomerFactory(business=business)
        invoice_days_past_due(customer, today=TODAY, days=5 + n, amount="100.00")
        invoice_days_past_due(customer, today=TODAY, days=40 + n, amount="100.00")
        ContractFactory(customer=customer, end_date=TODAY + datetime.timedelta(days=10 + n))
        InteractionFactory(customer=customer, handled_by=staff.user, complained=True)


def count_home_queries(shop, django_assert_max_num_queries, role: str) -> int:
    client = client_for(getattr(shop, role))
    with django_assert_max_num_queries(100) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", ["staff", "owner"])
def test_home_query_count_does_not_grow_with_customers(shop, django_assert_max_num_queries, role):
    make_customers(shop.business, 2, shop.staff)
    with_two = count_home_queries(shop, django_assert_max_num_queries, role)
    make_customers(shop.business, 18, shop.staff)
    with_twenty = count_home_queries(shop, django_assert_max_num_queries, role)
    assert with_twenty == with_two
    # session, user, membership, team, the seven reads of the lists, open invitations, the sign-up
    # confirmation, the session's save (this first page notes the chosen business: one UPDATE,
    # inside a savepoint under the test's transaction; later pages write it only every few minutes,
    # accounts.session_renewal), the five statements that set and reset the row-level-security settings
    # (accounts/tenancy.py), pghistory's two statements naming who acts (its middleware), and for
    # owners the two reads of the first-steps checklist
    assert with_two <= (23 if role == "staff" else 25)
