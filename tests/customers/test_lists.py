"""The record lists: filters from the query string, the same rows in the download, what staff may see.

Access (anonymous, another business, staff on the cost list) is in tests/test_access.py.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from customers.lists.forms import OUTSIDE_CONTRACT
from customers.models import Invoice
from customers.models.interactions import SIGNALS

from ..conftest import client_for
from ..exports.conftest import csv_rows
from ..factories import (
    BusinessFactory,
    CostEntryFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    MembershipFactory,
    PaymentFactory,
)
from ..reports.factories import invoice_days_past_due, pay

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 15, 12, tzinfo=datetime.UTC)
TODAY = NOW.date()
LISTS = ["invoice_list", "payment_list", "interaction_list", "costentry_list"]
DOWNLOADS = {
    "invoice_list": "export_invoices",
    "payment_list": "export_payments",
    "interaction_list": "export_interactions",
    "costentry_list": "export_cost_entries",
}


@pytest.fixture
def shop(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(name="Gamma Garden Care", time_zone="UTC")
    owner = MembershipFactory(business=business, role="owner", user__first_name="Olivia", user__last_name="Park")
    staff = MembershipFactory(business=business, role="staff", user__first_name="Sam", user__last_name="Lee")
    return business, owner, staff


def shown_ids(response) -> list[int]:
    """The records a list page shows, in order (each row carries ``data-record``)."""
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'data-record="(\d+)"', response.content.decode())]


def downloaded_ids(response, column: str = "id") -> list[str]:
    header, *rows = csv_rows(response)
    return [row[header.index(column)] for row in rows]


def test_interactions_filter_by_customer_dates_kind_scope_and_staff(shop):
    business, owner, staff = shop
    ada, bob = CustomerFactory(business=business, name="Ada"), CustomerFactory(business=business, name="Bob")
    day = datetime.timedelta(days=1)
    early = InteractionFactory(customer=ada, occurred_at=NOW - 40 * day, handled_by=staff.user)
    call = InteractionFactory(customer=ada, occurred_at=NOW - 5 * day, handled_by=owner.user, in_scope=False)
    email = InteractionFactory(customer=ada, occurred_at=NOW - 4 * day, kind="email", handled_by=staff.user)
    InteractionFactory(customer=bob, occurred_at=NOW - 3 * day)
    client, url = client_for(owner), reverse("interaction_list")

    assert shown_ids(client.get(url, {"customer": ada.pk})) == [email.pk, call.pk, early.pk]
    since = (TODAY - 10 * day).isoformat()
    assert shown_ids(client.get(url, {"customer": ada.pk, "from": since})) == [email.pk, call.pk]
    assert shown_ids(client.get(url, {"customer": ada.pk, "to": since})) == [early.pk]
    assert shown_ids(client.get(url, {"customer": ada.pk, "kind": "email"})) == [email.pk]
    assert shown_ids(client.get(url, {"customer": ada.pk, "scope": "out"})) == [call.pk]
    assert shown_ids(client.get(url, {"customer": ada.pk, "scope": "in"})) == [email.pk, early.pk]
    assert shown_ids(client.get(url, {"staff": staff.user.pk})) == [email.pk, early.pk]
    assert shown_ids(client.get(url, {"customer": ada.pk, "sort": "occurred_at"})) == [early.pk, call.pk, email.pk]


@pytest.mark.parametrize("signal", sorted(SIGNALS))
def test_every_signal_filters_the_interactions(shop, signal):
    business, owner, _ = shop
    customer = CustomerFactory(business=business)
    flagged = InteractionFactory(customer=customer, occurred_at=NOW, **{signal: True})
    InteractionFactory(customer=customer, occurred_at=NOW)  # nothing noted
    for other in SIGNALS:
        if other != signal:
            InteractionFactory(customer=customer, occurred_at=NOW, **{other: True})
    response = client_for(owner).get(reverse("interaction_list"), {"signal": signal})
    assert shown_ids(response) == [flagged.pk]
    assert SIGNALS[signal] in response.content.decode()


def test_flags_match_any_of_them_and_outside_the_contract_is_one(shop):
    business, owner, _ = shop
    customer = CustomerFactory(business=business)
    outside = InteractionFactory(customer=customer, occurred_at=NOW - datetime.timedelta(hours=3), in_scope=False)
    angry = InteractionFactory(
        customer=customer, occurred_at=NOW - datetime.timedelta(hours=2), angry_when_refused=True
    )
    InteractionFactory(customer=customer, occurred_at=NOW - datetime.timedelta(hours=1), complained=True)
    params = {"signal": [OUTSIDE_CONTRACT, "angry_when_refused"]}
    assert shown_ids(client_for(owner).get(reverse("interaction_list"), params)) == [angry.pk, outside.pk]


def test_interaction_days_are_the_business_local_days(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(time_zone="America/New_York")
    owner = MembershipFactory(business=business, role="owner")
    customer = CustomerFactory(business=business)
    # 02:30 UTC on 2 March is 21:30 on 1 March in New York.
    late = InteractionFactory(customer=customer, occurred_at=datetime.datetime(2026, 3, 2, 2, 30, tzinfo=datetime.UTC))
    client, url = client_for(owner), reverse("interaction_list")
    assert shown_ids(client.get(url, {"from": "2026-03-01", "to": "2026-03-01"})) == [late.pk]
    assert shown_ids(client.get(url, {"from": "2026-03-02"})) == []


def test_invoice_status_filters_follow_the_invoice_status(shop):
    business, owner, _ = shop
    customer = CustomerFactory(business=business)
    overdue = invoice_days_past_due(customer, today=TODAY, days=10)
    partly = pay(invoice_days_past_due(customer, today=TODAY, days=-5), "40.00", TODAY)
    open_ = invoice_days_past_due(customer, today=TODAY, days=-20)
    paid_late = invoice_days_past_due(customer, today=TODAY, days=60)
    pay(paid_late, "100.00", TODAY - datetime.timedelta(days=50))
    paid_on_time = invoice_days_past_due(customer, today=TODAY, days=90)
    pay(paid_on_time, "100.00", TODAY - datetime.timedelta(days=95))
    client, url = client_for(owner), reverse("invoice_list")

    def ids(status: str) -> set[int]:
        return set(shown_ids(client.get(url, {"status": status})))

    assert ids("overdue") == {overdue.pk}
    assert ids("late") == {overdue.pk, paid_late.pk}
    assert ids("paid") == {paid_late.pk, paid_on_time.pk}
    assert ids("unpaid") == {overdue.pk, partly.pk, open_.pk}
    assert ids("open") == {open_.pk}
    assert ids("partly_paid") == {partly.pk}
    for invoice in (overdue, partly, open_, paid_late, paid_on_time):
        invoice.refresh_from_db()
        assert invoice.pk in ids(invoice.status_on(TODAY))


def test_invoices_by_due_date_instead_of_issue_date(shop):
    business, owner, _ = shop
    customer = CustomerFactory(business=business)
    invoice = InvoiceFactory(
        customer=customer, issue_date=datetime.date(2026, 1, 20), due_date=datetime.date(2026, 2, 19)
    )
    client, url = client_for(owner), reverse("invoice_list")
    february = {"from": "2026-02-01", "to": "2026-02-28"}
    assert shown_ids(client.get(url, february)) == []
    assert shown_ids(client.get(url, {**february, "dates": "due"})) == [invoice.pk]


def test_cost_entries_filter_concessions_and_direct_costs(shop):
    business, owner, _ = shop
    customer = CustomerFactory(business=business)
    discount = CostEntryFactory(customer=customer, kind="discount", date=TODAY)
    refund = CostEntryFactory(customer=customer, kind="refund", date=TODAY - datetime.timedelta(days=1))
    travel = CostEntryFactory(customer=customer, kind="travel", date=TODAY)
    client, url = client_for(owner), reverse("costentry_list")
    assert shown_ids(client.get(url, {"kind": "concession"})) == [discount.pk, refund.pk]
    assert shown_ids(client.get(url, {"kind": "direct"})) == [travel.pk]
    assert shown_ids(client.get(url, {"kind": "refund"})) == [refund.pk]


def test_payments_filter_by_customer_and_method(shop):
    business, owner, staff = shop
    ada, bob = CustomerFactory(business=business), CustomerFactory(business=business)
    card = PaymentFactory(invoice=InvoiceFactory(customer=ada), method="card")
    transfer = PaymentFactory(invoice=InvoiceFactory(customer=ada))
    PaymentFactory(invoice=InvoiceFactory(customer=bob))
    client, url = client_for(staff), reverse("payment_list")
    assert set(shown_ids(client.get(url, {"customer": ada.pk}))) == {card.pk, transfer.pk}
    assert shown_ids(client.get(url, {"customer": ada.pk, "method": "card"})) == [card.pk]


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("interaction_list", {"signal": ["complained", OUTSIDE_CONTRACT], "sort": "occurred_at"}),
        ("invoice_list", {"status": "late", "sort": "-amount"}),
        ("payment_list", {"method": "bank_transfer", "sort": "date"}),
        ("costentry_list", {"kind": "concession"}),
    ],
)
def test_downloads_hold_exactly_the_rows_on_screen_in_their_order(shop, page, params):
    business, owner, _ = shop
    customer = CustomerFactory(business=business)
    other = CustomerFactory(business=business)
    for n, who in enumerate([customer, customer, customer, other]):
        InteractionFactory(customer=who, occurred_at=NOW - datetime.timedelta(days=n), complained=n % 2 == 0)
        InteractionFactory(customer=who, occurred_at=NOW - datetime.timedelta(days=n, hours=1), in_scope=n == 1)
        late = invoice_days_past_due(who, today=TODAY, days=n * 7 - 3, amount=f"{100 + n}.00")
        PaymentFactory(invoice=late, method="card" if n == 2 else "bank_transfer")
        CostEntryFactory(customer=who, kind="discount" if n != 1 else "travel", date=TODAY - datetime.timedelta(days=n))
    client = client_for(owner)
    params = {**params, "customer": customer.pk}
    on_screen = shown_ids(client.get(reverse(page), params))
    assert len(on_screen) >= 1
    numbers = dict(Invoice.objects.filter(business=business).values_list("number", "pk"))
    download = client.get(reverse(DOWNLOADS[page]), params)
    if page == "invoice_list":  # invoices are named by their number
        assert [numbers[number] for number in downloaded_ids(download, "number")] == on_screen
    else:
        assert [int(pk) for pk in downloaded_ids(download)] == on_screen


def test_a_bad_filter_says_what_to_fix_on_the_page_and_in_the_download(shop):
    _, owner, _ = shop
    client = client_for(owner)
    response = client.get(reverse("invoice_list"), {"from": "31/02/2026", "status": "lost"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "alert-danger" in content
    assert "“31/02/2026” is not a date: write it as YYYY-MM-DD." in content
    assert "Status: Select a valid choice." in content
    assert "data-record" not in content
    download = client.get(reverse("export_invoices"), {"from": "31/02/2026"})
    assert download.status_code == 400
    assert "is not a date" in download.content.decode()
    response = client.get(reverse("interaction_list"), {"from": "2026-05-10", "to": "2026-05-01"})
    assert "The end date comes before the start date." in response.content.decode()
    response = client.get(reverse("interaction_list"), {"to": "9999-12-31"})
    assert "Enter a date between" in response.content.decode()


@pytest.mark.parametrize("page", LISTS)
def test_another_business_customer_in_the_filter_is_a_404(world, owner_client, page):
    response = owner_client.get(reverse(page), {"customer": world.b.objects["customer"].pk})
    assert response.status_code == 404


def test_staff_see_the_time_but_not_its_cost(shop):
    business, owner, staff = shop
    InteractionFactory(customer=CustomerFactory(business=business), occurred_at=NOW, hourly_cost=Decimal("80.00"))
    owner_page = client_for(owner).get(reverse("interaction_list")).content.decode()
    staff_page = client_for(staff).get(reverse("interaction_list")).content.decode()
    assert "Staff cost" in owner_page and "$40.00" in owner_page
    assert "Staff cost" not in staff_page and "$40.00" not in staff_page
    assert "30 min" in staff_page
    assert "Costs and concessions" not in staff_page  # the owners' list is not offered to staff


@pytest.mark.parametrize(
    ("page", "says"),
    [
        ("invoice_list", "No invoices yet"),
        ("payment_list", "No payments yet"),
        ("interaction_list", "No calls, e-mails or work logged yet"),
        ("costentry_list", "No costs or concessions recorded yet"),
    ],
)
def test_empty_lists_say_what_to_do_next(shop, page, says):
    _, owner, _ = shop
    content = client_for(owner).get(reverse(page)).content.decode()
    assert says in content
    assert "<table" not in content
    filtered = client_for(owner).get(reverse(page), {"from": "2026-01-01"}).content.decode()
    assert "matches these filters" in filtered


@pytest.mark.parametrize("page", LISTS)
def test_list_pages_read_a_fixed_number_of_queries(shop, page, django_assert_max_num_queries):
    business, owner, staff = shop
    client = client_for(owner)

    def count() -> int:
        with django_assert_max_num_queries(30) as captured:
            assert client.get(reverse(page), {}).status_code == 200
        return len(captured.captured_queries)

    def add(n: int) -> None:
        for _ in range(n):
            customer = CustomerFactory(business=business)
            invoice = InvoiceFactory(customer=customer)
            PaymentFactory(invoice=invoice)
            InteractionFactory(customer=customer, handled_by=staff.user, angry_when_refused=True)
            CostEntryFactory(customer=customer)

    count()  # the first request also stores the chosen business in the session
    add(2)
    few = count()
    add(30)  # more than a page
    assert count() == few


def test_the_customer_box_takes_the_type_ahead_label_or_the_exact_name(shop):
    business, owner, _ = shop
    ada = CustomerFactory(business=business, name="Ada Lovelace Ltd")
    CustomerFactory(business=business, name="Twin")
    CustomerFactory(business=business, name="Twin")
    mine = InvoiceFactory(customer=ada)
    InvoiceFactory(customer=CustomerFactory(business=business))
    client, url = client_for(owner), reverse("invoice_list")
    assert shown_ids(client.get(url, {"customer_name": f"Ada Lovelace Ltd #{ada.pk}"})) == [mine.pk]
    response = client.get(url, {"customer_name": "ada lovelace ltd"})
    assert shown_ids(response) == [mine.pk]
    assert "all customers" in response.content.decode()
    for text, says in (("Nobody Inc", "No customer called"), ("Twin", "Several customers are called")):
        content = client.get(url, {"customer_name": text}).content.decode()
        assert says in content and "data-record" not in content
