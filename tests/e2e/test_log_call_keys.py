"""Logging a call by keyboard from any page, counted key by key (issue 11, "Log a call faster")."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from customers.models import SIGNALS, Interaction

from ..factories import PASSWORD, BusinessFactory, CustomerFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Wants the hedges done for free"


@pytest.fixture
def shop():
    business = BusinessFactory(name="Gamma Garden Care", time_zone="UTC")
    MembershipFactory(business=business, role="owner", user__username="olivia@example.com")
    staff = MembershipFactory(
        business=business, role="staff", user__username="sam@example.com", hourly_cost=Decimal("40.00")
    )
    harbor = CustomerFactory(business=business, name="Harborview Dental Group", contact_person="Hana Ito")
    CustomerFactory(business=business, name="Acme Bakery", contact_person="Al Moss")
    CustomerFactory(business=business, name="Harvest Foods", contact_person="Hal Vest")
    return business, staff, harbor


class Keys:
    """The keyboard, counting every key press (a chord such as Ctrl+Enter is one press)."""

    def __init__(self, page):
        self.page = page
        self.presses = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1

    def type(self, text: str) -> None:
        for character in text:
            self.press(character)


def test_staff_logs_a_call_from_the_customer_list_in_at_most_20_key_presses(page, live_server, sign_in, shop):
    business, staff, harbor = shop
    sign_in("sam@example.com", PASSWORD)
    page.goto(f"{live_server.url}/customers/")
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
    keys = Keys(page)

    keys.press("Alt+l")  # from any page
    expect(page.get_by_role("heading", name="Log a call")).to_be_visible()
    customer = page.get_by_role("combobox", name="Customer")
    expect(customer).to_be_focused()
    expect(page.locator("#log-call-keys")).to_be_visible()  # the keys are written on the page
    keys.type("harb")
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("Harborview Dental GroupHana Ito")  # no internal number
    keys.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    keys.press("Enter")
    expect(customer).to_have_value("Harborview Dental Group")
    keys.press("3")  # the third preset: 15 min
    keys.press("d")  # asked for a discount
    keys.press("c")  # complained
    keys.press("n")  # to the note
    expect(page.get_by_label("Note")).to_be_focused()
    page.keyboard.type(NOTE)  # the note is not counted
    keys.press("Control+Enter")

    expect(page.get_by_role("status")).to_contain_text(
        "Call with Harborview Dental Group logged (15 min, 2 signals noted)."
    )
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()  # back where the call came in
    assert keys.presses <= 20, f"{keys.presses} key presses"
    logged = Interaction.objects.get(business=business)
    assert logged.customer == harbor
    assert logged.duration_minutes == 15
    assert logged.signals == [SIGNALS["asked_discount"], SIGNALS["complained"]]
    assert logged.note == NOTE
    assert logged.handled_by == staff.user


def test_the_shortcut_never_fires_while_typing_in_a_field(page, live_server, sign_in, shop):
    sign_in("sam@example.com", PASSWORD)
    page.goto(f"{live_server.url}/customers/")
    search = page.get_by_role("searchbox").or_(page.get_by_label("Search")).first
    search.click()
    page.keyboard.press("Alt+l")
    page.keyboard.type("harb")
    expect(search).to_have_value("harb")
    page.wait_for_timeout(300)  # time enough for a navigation to start
    assert page.url.startswith(f"{live_server.url}/customers/")
    expect(page.get_by_role("heading", name="Log a call")).to_have_count(0)


def test_a_prefilled_customer_shows_its_name_and_the_number_decides_between_namesakes(page, live_server, sign_in, shop):
    business, _, harbor = shop
    twin = CustomerFactory(business=business, name=harbor.name, contact_person="Other Harbor")
    sign_in("sam@example.com", PASSWORD)
    page.goto(f"{live_server.url}/log/?customer={twin.pk}")
    expect(page.get_by_role("combobox", name="Customer")).to_have_value("Harborview Dental Group")
    assert page.locator("input[name=customer_id]").input_value() == str(twin.pk)
    expect(page.get_by_role("radio", name="5 min", exact=True)).to_be_focused()
    page.keyboard.press("2")  # 10 min
    page.keyboard.press("o")  # asked for something outside the contract
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status")).to_contain_text("logged (10 min, 1 signal noted)")
    logged = Interaction.objects.get(business=business)
    assert (logged.customer, logged.duration_minutes, logged.out_of_scope_request) == (twin, 10, True)


def test_signal_keys_stay_quiet_in_the_note(page, live_server, sign_in, shop):
    business, _, harbor = shop
    sign_in("sam@example.com", PASSWORD)
    page.goto(f"{live_server.url}/log/?customer={harbor.pk}")
    # The browser applies autofocus a moment after the page loads: keys pressed before it land outside the form.
    expect(page.get_by_role("radio", name="5 min", exact=True)).to_be_focused()
    page.keyboard.press("1")  # 5 min
    page.keyboard.press("n")
    expect(page.get_by_label("Note")).to_be_focused()
    page.keyboard.type("discount")  # d, c and o typed as text, not signals
    page.keyboard.press("Escape")  # out of the note: keys act again
    page.keyboard.press("c")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status")).to_contain_text("logged (5 min, 1 signal noted)")
    logged = Interaction.objects.get(business=business)
    assert (logged.note, logged.complained, logged.asked_discount) == ("discount", True, False)
