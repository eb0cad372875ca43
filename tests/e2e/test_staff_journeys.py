"""A staff member's day in a real browser: log a call with signals quickly, record a late payment, no dashboard."""

import time
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from customers.demo import characters
from customers.demo.generator import demo_data_create
from customers.models import SIGNALS, Customer, Interaction, Invoice

from ..factories import PASSWORD, BusinessFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    business = BusinessFactory(name="Brightside IT Services", time_zone="America/Chicago")
    MembershipFactory(business=business, role="owner", user__username="owner@example.com")
    staff = MembershipFactory(
        business=business, role="staff", user__username="staff@example.com", hourly_cost=Decimal("35.00")
    )
    demo_data_create(business=business, today=timezone.localdate(timezone=zoneinfo.ZoneInfo(business.time_zone)))
    return business, staff


def test_staff_logs_a_call_with_signals_in_under_ten_seconds(page, live_server, sign_in, shot, demo):
    business, staff = demo
    caller = Customer.objects.get(business=business, name=characters.CONSTANT_CALLER)
    before = Interaction.objects.filter(customer=caller).count()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("staff@example.com", PASSWORD)
    page.get_by_role("main").get_by_role("link", name="Log a call", exact=True).first.click()
    expect(page.get_by_role("heading", name="Log a call")).to_be_visible()
    started = time.monotonic()
    page.get_by_label("Customer").fill(characters.CONSTANT_CALLER)
    page.get_by_text("15 min", exact=True).click()
    # Asked for something the contract does not cover, was told no, and got angry: the call stays in scope.
    page.get_by_text("Yes, within the contract").click()
    page.get_by_label(SIGNALS["out_of_scope_request"]).check()
    page.get_by_label(SIGNALS["angry_when_refused"]).check()
    page.get_by_label("Note").fill("Wanted their home printer fixed again; told it is not covered.")
    page.get_by_role("button", name="Save the call").click()
    expect(page.get_by_role("status")).to_contain_text(f"Call with {characters.CONSTANT_CALLER} logged")
    elapsed = time.monotonic() - started
    shot("call-logged")
    assert elapsed < 10, f"logging a call took {elapsed:.1f} s of interaction"
    logged = Interaction.objects.filter(customer=caller).order_by("-id").first()
    assert Interaction.objects.filter(customer=caller).count() == before + 1
    assert (logged.duration_minutes, logged.in_scope) == (15, True)
    assert logged.out_of_scope_request and logged.angry_when_refused
    assert logged.handled_by == staff.user and logged.hourly_cost == Decimal("35.00")


def test_staff_records_a_late_payment_and_cannot_reach_the_dashboard(page, live_server, sign_in, shot, demo):
    business, _ = demo
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(business.time_zone))
    late = (
        Invoice.objects.filter(business=business, paid_in_full_on__isnull=True, due_date__lt=today)
        .select_related("customer")
        .order_by("due_date")
        .first()
    )
    sign_in("staff@example.com", PASSWORD)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")).to_have_count(0)
    page.goto(f"{live_server.url}/invoices/{late.pk}/")
    expect(page.get_by_test_id("invoice-status")).to_have_text("Overdue")
    page.get_by_label("Payment date").fill(today.isoformat())
    page.get_by_label("Amount").fill(str(late.amount - late.amount_paid))
    page.get_by_role("button", name="Record payment").click()
    days = (today - late.due_date).days
    expect(page.get_by_role("status")).to_contain_text(f"Invoice {late.number} is paid in full, {days} days late.")
    late.refresh_from_db()
    assert late.paid_in_full_on == today
    shot("late-payment-recorded")

    response = page.goto(f"{live_server.url}/dashboard/")
    assert response.status == 403
    shot("dashboard-forbidden")
    other = Customer.objects.filter(business=business).first()
    assert page.goto(f"{live_server.url}/customers/{other.pk}/report/").status == 403
