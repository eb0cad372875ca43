"""On a phone (390 x 844, touch): what the owner acts on comes first, nothing spills sideways, Save stays in view."""

import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from customers.demo import characters
from customers.demo.generator import demo_data_create
from customers.models import CostEntry, Customer, Interaction, Payment

from ..factories import PASSWORD, BusinessFactory, CustomerFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# The ranked customers start within a screen and a half: the first screen shows the
# title, the period and the top of the boot watchlist (the customers to act on);
# the full ranking follows it, before the headline figures, charts and aging.
RANKED_TABLE_WITHIN = 1.5 * PHONE["height"]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def top(page, selector: str) -> float:
    return page.evaluate(f"document.querySelector({selector!r}).getBoundingClientRect().top + window.scrollY")


def spills_sideways(page) -> bool:
    # Against the phone's width, not innerWidth: a mobile browser widens its layout
    # viewport to fit content that spills, and innerWidth grows with it.
    return page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]


def test_owner_sees_the_customers_to_act_on_first_and_no_page_spills_sideways(page, live_server, sign_in, shot):
    business = BusinessFactory(name="Brightside IT Services", time_zone="America/Chicago")
    MembershipFactory(business=business, role="owner", user__username="owner@example.com")
    demo_data_create(business=business, today=timezone.localdate(timezone=zoneinfo.ZoneInfo(business.time_zone)))
    customer = Customer.objects.get(business=business, name=characters.COSTS_DOUBLE_WHAT_THEY_PAY)
    sign_in("owner@example.com", PASSWORD)

    page.goto(live_server.url + reverse("dashboard"))
    page.wait_for_load_state("networkidle")
    shot("phone-dashboard")
    # The charts, far below, are not drawn (nor Chart.js fetched) until they come near the screen.
    assert page.evaluate("typeof window.Chart") == "undefined"
    expect(page.locator(".chart-drawn")).to_have_count(0)
    page.locator(".chart-block").first.scroll_into_view_if_needed()
    expect(page.locator(".chart-drawn").first).to_be_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # printing draws every chart
    expect(page.locator(".chart-drawn")).to_have_count(page.locator(".chart-block").count())
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    ranked = top(page, "#customers")
    assert ranked <= RANKED_TABLE_WITHIN, f"the ranked table starts {ranked:.0f} px down"
    assert top(page, "#watchlist-heading") < ranked < top(page, "#headline-heading") < top(page, "#charts-heading")
    assert page.locator(".watchlist-item:visible").count() == 5

    # The aging table scrolls inside its box: the Total column is reachable, the customer stays beside it.
    aging = page.locator("#aging .table-responsive")
    aging.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    total = page.locator("#aging thead th", has_text="Total")
    total.scroll_into_view_if_needed()
    box = total.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    expect(page.locator("#aging tbody th").first).to_be_in_viewport()
    shot("phone-aging-scrolled")

    # Printed before Chart.js has arrived, the charts print as their tables.
    page.goto(live_server.url + reverse("customer_report", kwargs={"pk": customer.pk}))
    assert page.evaluate("typeof window.Chart") == "undefined"
    tables = page.locator("details.chart-table")
    assert tables.count() > 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert tables.evaluate_all("all => all.every((d) => d.open)")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert tables.evaluate_all("all => all.every((d) => !d.open)")

    pages = [
        reverse("dashboard"),
        reverse("customer_report", kwargs={"pk": customer.pk}),
        reverse("customer_list"),
        reverse("interaction_log"),
        reverse("import_start"),
        reverse("import_start") + "?kind=time",
        reverse("recent_changes"),
        reverse("invitations"),
        reverse("security"),
        # Added with the record lists, read-only records and reminders.
        reverse("invoice_list"),
        reverse("payment_list"),
        reverse("interaction_list") + f"?customer={customer.pk}",
        reverse("costentry_list"),
        reverse("interaction_detail", kwargs={"pk": Interaction.objects.filter(customer=customer).first().pk}),
        reverse("payment_detail", kwargs={"pk": Payment.objects.filter(invoice__customer=customer).first().pk}),
        reverse("costentry_detail", kwargs={"pk": CostEntry.objects.filter(business=business).first().pk}),
        reverse("reminder_settings"),
        reverse("reminder_step_create"),
        reverse("reminders_to_call"),
    ]
    spilling = []
    for path in pages:
        page.goto(live_server.url + path)
        if spills_sideways(page):
            spilling.append(path)
    assert spilling == []


def test_the_check_for_sideways_spill_can_fail(page, live_server):
    page.goto(live_server.url + reverse("login"))
    assert not spills_sideways(page)
    page.evaluate(
        "(() => { const wide = document.createElement('div'); wide.style.width = '800px'; wide.textContent = 'x';"
        " document.querySelector('main').append(wide); })()"
    )
    assert spills_sideways(page)


def test_on_a_phone_save_is_in_view_and_no_key_hints_are_shown(page, live_server, sign_in, shot):
    business = BusinessFactory(name="Gamma Garden Care", time_zone="UTC")
    MembershipFactory(business=business, role="staff", user__username="sam@example.com", hourly_cost=Decimal("40"))
    harbor = CustomerFactory(business=business, name="Harborview Dental Group")
    sign_in("sam@example.com", PASSWORD)
    page.goto(live_server.url + reverse("interaction_log") + f"?customer={harbor.pk}")
    expect(page.get_by_role("heading", name="Log a call")).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    expect(page.get_by_role("button", name="Save the call")).to_be_in_viewport(ratio=1)
    expect(page.locator("#log-call-keys")).to_be_hidden()
    assert page.locator(".key-hint").count() > 0  # the hints are there, and hidden on a touch screen
    expect(page.locator(".key-hint:visible")).to_have_count(0)
    assert not spills_sideways(page)
    shot("phone-log-call")
