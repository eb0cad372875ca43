"""Customer records in a real browser: logging a call by keyboard, payments, contracts and addenda."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from customers.models import Interaction, Invoice

from ..factories import PASSWORD, BusinessFactory, ContractFactory, CustomerFactory, InvoiceFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop():
    business = BusinessFactory(name="Gamma Garden Care", time_zone="UTC")
    owner = MembershipFactory(business=business, role="owner", user__username="olivia@example.com")
    staff = MembershipFactory(
        business=business, role="staff", user__username="sam@example.com", hourly_cost=Decimal("40.00")
    )
    harbor = CustomerFactory(business=business, name="Harbor Dental", contact_person="Hana Ito", tags=["health"])
    CustomerFactory(business=business, name="Acme Bakery", contact_person="Al Moss", tags=["retail"])
    ContractFactory(customer=harbor, business=business, title="Garden care", fee=Decimal("800.00"))
    return business, owner, staff, harbor


def tab_to(page, text: str, limit: int = 40) -> None:
    """Press Tab until the focused element's text is ``text``, like a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"Could not reach “{text}” with the Tab key")


def focused_label(page) -> str:
    return page.evaluate(
        "(() => { const el = document.activeElement; const l = el.labels && el.labels[0];"
        " return l ? l.textContent.trim() : el.name; })()"
    )


def test_staff_logs_a_call_with_two_signals_from_the_list_by_keyboard(page, live_server, sign_in, shot, shop):
    business, _, staff, harbor = shop
    sign_in("sam@example.com", PASSWORD)
    page.goto(f"{live_server.url}/customers/")
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
    shot("customer-list")

    tab_to(page, "Log a call")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Log a call")).to_be_visible()
    expect(page.get_by_label("Customer")).to_be_focused()
    page.keyboard.type("Harb")
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    expect(options).to_have_count(1)  # the type-ahead found it, by name only
    expect(options.first).to_contain_text("Harbor Dental")
    expect(options.first).not_to_contain_text("#")
    page.keyboard.press("Enter")  # picks it and moves on to the duration presets
    expect(page.get_by_label("Customer")).to_have_value("Harbor Dental")
    assert page.locator("input[name=customer_id]").input_value() == str(harbor.pk)
    page.keyboard.press("ArrowRight")  # 5 -> 10 minutes
    assert focused_label(page) == "10 min"
    page.keyboard.press("Tab")  # other minutes
    page.keyboard.press("Tab")  # within the contract? (yes is chosen)
    page.keyboard.press("ArrowRight")
    assert focused_label(page) == "No, work done outside the contract"
    page.keyboard.press("Tab")
    for _ in range(9):
        if focused_label(page) in ("Asked for a discount or free work", "Complained"):
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
    assert focused_label(page).startswith("Note")
    page.keyboard.type("Wants the hedges done for free")
    shot("log-call-filled")
    page.keyboard.press("Control+Enter")

    expect(page.get_by_role("status")).to_contain_text("Call with Harbor Dental logged (10 min, 2 signals noted).")
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
    shot("back-on-list")
    interaction = Interaction.objects.get(customer=harbor)
    assert interaction.duration_minutes == 10
    assert interaction.in_scope is False
    assert interaction.signals == ["Asked for a discount or free work", "Complained"]
    assert interaction.hourly_cost == Decimal("40.00")
    assert interaction.created_by == staff.user


def test_staff_records_a_partial_then_a_late_final_payment(page, live_server, sign_in, shot, shop):
    business, _, staff, harbor = shop
    today = datetime.date.today()
    invoice = InvoiceFactory(
        customer=harbor,
        business=business,
        number="GG-101",
        amount=Decimal("1200.00"),
        issue_date=today - datetime.timedelta(days=100),
        due_date=today - datetime.timedelta(days=70),
    )
    sign_in("sam@example.com", PASSWORD)
    page.goto(f"{live_server.url}/customers/{harbor.pk}/")
    overdue_row = page.get_by_role("row").filter(has_text="GG-101")
    expect(overdue_row).to_contain_text("70 days late")
    shot("customer-with-overdue-invoice")
    page.get_by_role("link", name="GG-101").first.click()
    expect(page.get_by_test_id("invoice-status")).to_have_text("Overdue")
    shot("invoice-overdue")

    page.get_by_label("Payment date").fill((today - datetime.timedelta(days=80)).isoformat())
    page.get_by_label("Amount").fill("500.00")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("status")).to_contain_text("700.00 is still open on GG-101")
    expect(page.get_by_test_id("invoice-balance")).to_have_text("$700.00")
    shot("after-partial-payment")

    page.get_by_label("Payment date").fill(today.isoformat())
    page.get_by_label("Amount").fill("700.00")
    page.get_by_label("Method").select_option("cheque")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("status")).to_contain_text("Invoice GG-101 is paid in full, 70 days late.")
    expect(page.get_by_test_id("invoice-status")).to_have_text("Paid")
    shot("after-final-payment")
    invoice.refresh_from_db()
    assert invoice.paid_in_full_on == today
    assert invoice.days_late_on(today) == 70
    assert Invoice.objects.get(pk=invoice.pk).amount_paid == Decimal("1200.00")


def test_owner_adds_a_contract_and_an_addendum_and_sees_the_amended_fee(page, live_server, sign_in, shot, shop):
    business, *_ = shop
    sign_in("olivia@example.com", PASSWORD)
    page.goto(f"{live_server.url}/customers/")
    page.get_by_role("link", name="Acme Bakery", exact=True).click()
    expect(page.get_by_role("heading", name="Acme Bakery")).to_be_visible()
    shot("customer-without-contract")
    page.get_by_role("link", name="New contract").click()
    page.get_by_label("Title").fill("Weekly garden care")
    page.get_by_label("Services included").fill("Mowing, hedges and weeding every week")
    page.get_by_label("Explicitly excluded").fill("Tree felling")
    page.get_by_label("Fee").fill("1000")
    page.get_by_label("Start date").fill("2025-01-01")
    page.get_by_label("End or renewal date").fill("2026-12-31")
    shot("contract-form")
    page.get_by_role("button", name="Add contract").click()
    expect(page.get_by_role("status")).to_contain_text("The contract “Weekly garden care” was added.")
    shot("contract")

    page.get_by_role("link", name="Add an addendum").click()
    page.get_by_label("Effective date").fill(datetime.date.today().isoformat())
    page.get_by_label("Description").fill("Adds watering in the summer months")
    page.get_by_label("Change to the fee").fill("250")
    page.get_by_label("Scope change").fill("Watering twice a week, June to August")
    page.get_by_role("button", name="Add addendum").click()
    expect(page.get_by_role("status")).to_contain_text("The addendum was added")
    expect(page.get_by_text("$1,250.00")).to_be_visible()
    expect(page.get_by_text("+250.00 by 1 addendum")).to_be_visible()
    expect(page.get_by_text("Watering twice a week, June to August").first).to_be_visible()
    shot("contract-amended")
    page.get_by_role("link", name="Acme Bakery", exact=True).first.click()
    expect(page.get_by_text("$1,250.00")).to_be_visible()
    shot("customer-with-amended-contract")


def test_customer_pages_fit_a_phone(page, live_server, sign_in, shot, shop):
    business, _, _, harbor = shop
    InvoiceFactory(
        customer=harbor,
        business=business,
        issue_date=datetime.date.today() - datetime.timedelta(days=60),
        due_date=datetime.date.today() - datetime.timedelta(days=30),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("sam@example.com", PASSWORD)
    for path, name in [
        ("/customers/", "phone-customer-list"),
        (f"/customers/{harbor.pk}/", "phone-customer"),
    ]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        shot(name)
    page.get_by_role("link", name="Log a call").first.click()  # next to the menu button on a phone
    expect(page.get_by_role("heading", name="Log a call")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("phone-log-call")
