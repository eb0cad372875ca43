"""The History sections and the Recent changes page: owners only, the business's own rows, fixed queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers import services
from customers.models import Customer, Invoice
from evaluations.services import business_today

from ..conftest import client_for
from ..robustness.keys import keyed

pytestmark = pytest.mark.django_db


def page_for(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def record_pages(objects) -> list[str]:
    return [
        reverse("customer_detail", args=[objects["customer"].pk]),
        reverse("contract_detail", args=[objects["contract"].pk]),
        reverse("invoice_detail", args=[objects["invoice"].pk]),
        reverse("evaluation_settings"),
    ]


def test_owner_sees_who_changed_what_on_the_customer_page(world, owner_client):
    customer = world.a.objects["customer"]
    response = owner_client.post(
        reverse("customer_edit", args=[customer.pk]),
        {"name": "Harbour Dental", "status": "active", "customer_since": customer.customer_since.isoformat()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = page_for(owner_client, reverse("customer_detail", args=[customer.pk]))
    assert 'id="history-heading"' in html
    assert f"{customer.name} → Harbour Dental" in html
    assert world.a.owner.display_name in html


def test_invoice_history_shows_a_deleted_payment(world, owner_client):
    payment = world.a.objects["payment"]
    owner_client.post(reverse("payment_delete", args=[payment.pk]))
    html = page_for(owner_client, reverse("invoice_detail", args=[world.a.objects["invoice"].pk]))
    assert "<strong>Deleted</strong> · Payment" in html
    assert "Amount: was $100.00" in html


def test_staff_see_no_history_on_record_pages(world, staff_client):
    Customer.objects.filter(pk=world.a.objects["customer"].pk).update(notes="changed")
    for url in record_pages(world.a.objects)[:3]:
        html = page_for(staff_client, url)
        assert 'id="history-heading"' not in html
        assert 'data-testid="history"' not in html


def test_staff_cannot_open_recent_changes(staff_client):
    assert staff_client.get(reverse("recent_changes")).status_code == 403


def test_recent_changes_refuses_post(owner_client):
    assert owner_client.post(reverse("recent_changes")).status_code == 405


def test_an_owner_never_sees_another_business_history(world, owner_client):
    for tenant in (world.a, world.b):
        Customer.objects.filter(business=tenant.business).update(notes=f"secret of {tenant.business.name}")
        Invoice.objects.filter(business=tenant.business).update(note=f"invoice note of {tenant.business.name}")
    pages = [reverse("recent_changes"), *record_pages(world.a.objects)]
    for url in pages:
        html = page_for(owner_client, url)
        assert "Beta Bakery" not in html
    recent = page_for(owner_client, reverse("recent_changes"))
    assert "secret of Alpha Plumbing" in recent
    assert "invoice note of Alpha Plumbing" in recent
    # Another business's record in our business's URL is still a 404, history or not.
    assert owner_client.get(reverse("invoice_detail", args=[world.b.objects["invoice"].pk])).status_code == 404


def test_recent_changes_filters_by_person_kind_and_date(world, owner_client):
    customer = world.a.objects["customer"]
    # First: the test runs in one transaction, where a request's context stays set until it ends.
    Customer.objects.filter(pk=customer.pk).update(notes="by the database")
    client_for(world.a.staff).post(
        reverse("payment_create", kwargs={"invoice_pk": world.a.objects["invoice"].pk}),
        keyed({"date": "2025-01-21", "amount": "7.00", "method": "cash", "note": "staff payment"}),
    )
    url = reverse("recent_changes")
    by_staff = page_for(owner_client, url, person=world.a.staff.user_id)
    assert "staff payment" in by_staff
    assert "by the database" not in by_staff
    customers_only = page_for(owner_client, url, kind="customers.customer")
    assert "by the database" in customers_only
    assert "staff payment" not in customers_only
    today = business_today(world.a.business)  # the page reads dates where the business is, not in UTC
    assert "by the database" in page_for(owner_client, url, date_from=today, date_to=today)
    yesterday = today - datetime.timedelta(days=1)
    assert "by the database" not in page_for(owner_client, url, date_to=yesterday)


def test_a_backwards_date_range_says_so_and_shows_nothing(world, owner_client):
    Customer.objects.filter(business=world.a.business).update(notes="something")
    html = page_for(owner_client, reverse("recent_changes"), date_from="2025-03-01", date_to="2025-02-01")
    assert "The start date is after the end date." in html
    assert "something" not in html


def test_recent_changes_is_paginated(world, owner_client):
    customer = world.a.objects["customer"]
    for number in range(35):
        Customer.objects.filter(pk=customer.pk).update(notes=f"note number {number}")
    first = page_for(owner_client, reverse("recent_changes"))
    assert "note number 34" in first
    assert "Page 1 of" in first
    second = page_for(owner_client, reverse("recent_changes"), page=2)
    assert "note number 0<" in second or "note number 0 " in second or "→ note number 0" in second


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def make_changes(tenant, rounds: int) -> None:
    invoice = tenant.objects["invoice"]
    for number in range(rounds):
        payment = services.payment_record(invoice=invoice, date=datetime.date(2025, 1, 15), amount=Decimal("1.00"))
        services.payment_delete(payment=payment)
        Customer.objects.filter(business=tenant.business).update(notes=f"round {number}")


@pytest.mark.parametrize("page", ["recent_changes", "invoice_detail", "customer_detail"])
def test_history_pages_do_not_grow_in_queries_with_the_history(world, owner_client, page):
    url = {
        "recent_changes": reverse("recent_changes"),
        "invoice_detail": reverse("invoice_detail", args=[world.a.objects["invoice"].pk]),
        "customer_detail": reverse("customer_detail", args=[world.a.objects["customer"].pk]),
    }[page]
    staff = client_for(world.a.staff)
    invoice_pk = world.a.objects["invoice"].pk
    pay = reverse("payment_create", kwargs={"invoice_pk": invoice_pk})
    assert staff.post(pay, keyed({"date": "2025-01-22", "amount": "2.00", "method": "cash"})).status_code == 302
    queries_for(owner_client, url)  # the first visit also stores the chosen business in the session
    before = queries_for(owner_client, url)
    make_changes(world.a, 12)
    assert staff.post(pay, keyed({"date": "2025-01-23", "amount": "3.00", "method": "cash"})).status_code == 302
    # Names are fetched once per kind of record on the page: fewer kinds may show later, never more queries.
    assert queries_for(owner_client, url) <= before
