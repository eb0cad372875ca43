"""In a real browser, on a phone-sized screen: an owner reads a customer's evaluation and records a decision."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import Decision

from ..factories import (
    PASSWORD,
    BusinessFactory,
    ContractFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    MembershipFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def grumbles():
    business = BusinessFactory(name="Delta Desk Support")
    MembershipFactory(business=business, role="owner", user__username="olivia@example.com")
    customer = CustomerFactory(business=business, name="Grumbles Ltd")
    ContractFactory(customer=customer, fee=Decimal("1000.00"), end_date=datetime.date(2030, 6, 30))
    InvoiceFactory(customer=customer, issue_date=timezone.localdate() - datetime.timedelta(days=5))
    for hours_ago in range(1, 41):
        InteractionFactory(
            customer=customer,
            occurred_at=timezone.now() - datetime.timedelta(hours=hours_ago),
            duration_minutes=60,
            hourly_cost=Decimal("50.00"),
            in_scope=False,
            threatened_review=hours_ago == 3,
        )
    return customer


def test_owner_reads_a_boot_verdict_and_records_a_decision_on_a_phone(page, live_server, sign_in, shot, grumbles):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("olivia@example.com", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    watchlist = page.get_by_role("region", name="Boot watchlist")
    expect(watchlist.get_by_role("link", name="Grumbles Ltd")).to_be_visible()
    shot("dashboard")
    watchlist.get_by_role("link", name="Grumbles Ltd").click()
    expect(page.get_by_role("heading", name="Verdict: Boot")).to_be_visible()
    expect(page.get_by_text("Is the customer a threat to your reputation?").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    shot("evaluation")
    page.get_by_role("radio", name="Boot").check()
    page.get_by_label("Note").fill("Not renewing in June; letter to follow.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Your decision about Grumbles Ltd was recorded")).to_be_visible()
    expect(page.get_by_text("Not renewing in June; letter to follow.")).to_be_visible()
    shot("decision-recorded")
    assert Decision.objects.get(customer=grumbles).decision == "boot"


def test_owner_changes_a_threshold(page, live_server, sign_in, shot, grumbles):
    sign_in("olivia@example.com", PASSWORD)
    page.goto(f"{live_server.url}/evaluations/settings/")
    page.get_by_label("Complaints: watch at (times)").fill("1")
    shot("settings")
    page.get_by_role("button", name="Save thresholds").click()
    expect(page.get_by_role("status")).to_contain_text("Evaluation settings saved")
