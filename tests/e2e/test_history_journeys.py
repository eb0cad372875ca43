"""An owner removes a payment, then finds it in the invoice's History and in Recent changes (issue 8)."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from customers import services

from ..factories import PASSWORD, BusinessFactory, CustomerFactory, InvoiceFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def invoice_with_payment():
    business = BusinessFactory(name="Harbour Cafe")
    owner = MembershipFactory(
        business=business, role="owner", user__username="olivia@example.com", user__first_name="Olivia"
    )
    MembershipFactory(business=business, role="staff", user__username="sam@example.com", user__first_name="Sam")
    customer = CustomerFactory(business=business, name="Quayside Books")
    invoice = InvoiceFactory(
        business=business,
        customer=customer,
        number="INV-77",
        issue_date=datetime.date(2025, 3, 1),
        due_date=datetime.date(2025, 3, 31),
        amount=Decimal("500.00"),
    )
    services.payment_record(invoice=invoice, date=datetime.date(2025, 3, 10), amount=Decimal("120.00"))
    return owner, invoice


def test_owner_removes_a_payment_and_the_history_keeps_it(page, live_server, sign_in, shot, invoice_with_payment):
    owner, invoice = invoice_with_payment
    sign_in("olivia@example.com", PASSWORD)
    page.goto(f"{live_server.url}/invoices/{invoice.pk}/")
    page.get_by_role("link", name="Edit").last.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove this payment").click()
    expect(page.get_by_role("heading", name="Invoice INV-77")).to_be_visible()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Deleted · Payment")
    expect(history).to_contain_text("Amount: was $120.00")
    expect(history).to_contain_text("Olivia")
    shot("invoice-history")

    page.get_by_role("link", name="History").first.click()
    expect(page.get_by_role("heading", name="Recent changes")).to_be_visible()
    page.get_by_label("Kind of record").select_option(label="Payment")
    page.get_by_role("button", name="Show").click()
    changes = page.get_by_test_id("history")
    expect(changes).to_contain_text("Deleted · Payment")
    expect(changes).not_to_contain_text("Invoice INV-77")
    shot("recent-changes-payments")


def test_staff_have_no_history_link(page, live_server, sign_in, invoice_with_payment):
    _, invoice = invoice_with_payment
    sign_in("sam@example.com", PASSWORD)
    page.goto(f"{live_server.url}/invoices/{invoice.pk}/")
    expect(page.get_by_role("heading", name="Invoice INV-77")).to_be_visible()
    expect(page.get_by_role("link", name="History", exact=True)).to_have_count(0)
    expect(page.get_by_test_id("history")).to_have_count(0)
