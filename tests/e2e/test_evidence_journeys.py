"""Evidence you can follow, in the browser: from a red rating to exactly its records, then one record, read-only."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ..factories import PASSWORD, BusinessFactory, CustomerFactory, InteractionFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def needy():
    business = BusinessFactory(name="Gamma Garden Care")
    MembershipFactory(business=business, role="owner", user__username="olivia@example.com", user__first_name="Olivia")
    MembershipFactory(business=business, role="staff", user__username="sam@example.com", user__first_name="Sam")
    customer = CustomerFactory(business=business, name="Needy Corp")
    now = timezone.now()
    outside = [
        InteractionFactory(
            customer=customer,
            occurred_at=now - datetime.timedelta(days=n + 1),
            in_scope=False,
            duration_minutes=60,
            note=f"Wanted extra work {n}",
            hourly_cost=Decimal("50.00"),
        )
        for n in range(3)
    ]
    InteractionFactory(customer=customer, occurred_at=now - datetime.timedelta(days=5), note="An ordinary call")
    return customer, outside


def test_owner_follows_a_red_rating_to_its_records_and_opens_one_without_changing_it(
    page, live_server, sign_in, shot, needy
):
    customer, outside = needy
    sign_in("olivia@example.com", PASSWORD)
    page.goto(live_server.url + reverse("customer_report", kwargs={"pk": customer.pk}))
    card = page.locator('[data-question="demands"]')
    expect(card).to_contain_text("Red flag")
    card.locator('a[data-evidence-list="interaction"]').click()

    expect(page.get_by_role("heading", name=re.compile("Calls, e-mails and work"))).to_be_visible()
    rows = page.locator("tr[data-record]")
    expect(rows).to_have_count(len(outside))
    expect(page.get_by_text("An ordinary call")).to_have_count(0)
    shot("evidence-list")

    rows.first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/interactions/\d+/$"))
    expect(page.get_by_test_id("scope")).to_contain_text("Outside the contract")
    expect(page.locator("section[aria-labelledby='facts-heading'] input")).to_have_count(0)
    shot("evidence-record")
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/interactions/\d+/edit/"))


def test_staff_find_the_lists_in_the_menu_and_read_them_on_a_phone(page, live_server, sign_in, shot, needy):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("sam@example.com", PASSWORD)
    page.get_by_role("button", name="Open the menu").click()
    page.get_by_role("button", name="Records").click()
    expect(page.get_by_role("link", name="Costs and concessions")).to_have_count(0)
    page.get_by_role("link", name="Calls, e-mails and work").click()
    expect(page.locator("tr[data-record]")).to_have_count(4)
    # Readable on a phone: nothing runs off the side of the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("interactions-on-a-phone")
    # Readable on a phone: the table fits the screen (no sideways scrolling inside it either).
    assert page.evaluate(
        "[...document.querySelectorAll('.table-responsive')].every((t) => t.scrollWidth <= t.clientWidth)"
    )
    page.get_by_role("button", name="Filters and order").click()
    page.get_by_label("Time outside the contract", exact=True).check()
    page.get_by_role("button", name="Show").click()
    expect(page.locator("tr[data-record]")).to_have_count(3)
    expect(page.get_by_test_id("list-count")).to_contain_text("3 interactions match")
