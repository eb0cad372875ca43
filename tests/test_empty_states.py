"""An empty business's pages say what to do next: no blank tables anywhere."""

import re

import pytest
from django.urls import reverse

from accounts.models import Membership

from .conftest import client_for
from .factories import BusinessFactory, CustomerFactory, InvoiceFactory, MembershipFactory

pytestmark = pytest.mark.django_db

EMPTY_TABLE_BODY = re.compile(r"<tbody>\s*</tbody>")


@pytest.fixture
def empty():
    business = BusinessFactory(name="Empty Shelves")
    owner = MembershipFactory(business=business, role=Membership.Role.OWNER)
    staff = MembershipFactory(business=business, role=Membership.Role.STAFF)
    return business, client_for(owner), client_for(staff)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not EMPTY_TABLE_BODY.search(html), f"{url} shows an empty table"
    return html


@pytest.mark.parametrize("role", [1, 2], ids=["owner", "staff"])
def test_empty_customer_list_offers_to_add_the_first_customer(empty, role):
    html = page(empty[role], reverse("customer_list"))
    assert "No customers yet" in html
    assert f'href="{reverse("customer_create")}"' in html
    assert "Download the list" not in html


def test_empty_dashboard_says_how_to_get_verdicts(empty):
    html = page(empty[1], reverse("dashboard"))
    assert "No customers yet" in html
    assert f'href="{reverse("customer_create")}"' in html
    assert 'data-testid="charts-empty"' in html
    assert "Nobody owes you money today" in html
    assert "No contract ends or renews in the next 90 days" in html
    assert "Download this ranking" not in html


@pytest.mark.parametrize("role", [1, 2], ids=["owner", "staff"])
def test_empty_home_explains_each_list(empty, role):
    html = page(empty[role], reverse("home"))
    assert "You have not logged anything yet" in html
    assert "Nothing to chase" in html
    assert "No contract ends or renews in the next 90 days" in html


def test_new_customer_page_says_what_to_record(empty):
    business, owner, _ = empty
    customer = CustomerFactory(business=business)
    html = page(owner, reverse("customer_detail", args=[customer.pk]))
    assert "Nothing recorded yet. Log a call, add an invoice or a contract" in html
    assert "Nothing is waiting to be paid" in html
    assert "No active contract" in html
    assert 'data-testid="record-downloads"' not in html


def test_invoice_without_payments_says_so(empty):
    business, owner, _ = empty
    invoice = InvoiceFactory(customer=CustomerFactory(business=business))
    html = page(owner, reverse("invoice_detail", args=[invoice.pk]))
    assert "No payment yet" in html


def test_report_of_a_customer_without_records_explains_each_section(empty):
    business, owner, _ = empty
    customer = CustomerFactory(business=business)
    html = page(owner, reverse("customer_report", args=[customer.pk]))
    assert "No active contract" in html
    assert "No decision recorded yet" in html
    assert "No monthly snapshots yet" in html


def test_customer_page_with_records_offers_its_downloads(empty):
    business, owner, staff = empty
    customer = CustomerFactory(business=business)
    InvoiceFactory(customer=customer)
    owner_html = page(owner, reverse("customer_detail", args=[customer.pk]))
    assert f"{reverse('export_invoices')}?customer={customer.pk}&amp;format=csv" in owner_html
    assert reverse("export_cost_entries") in owner_html
    assert reverse("export_cost_entries") not in page(staff, reverse("customer_detail", args=[customer.pk]))
