"""Payment reminders in a real browser: a staff member sees the reminders sent on an invoice, and whom to call."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from customers.models import FollowUp
from reminders import services

from ..factories import PASSWORD, BusinessFactory, CustomerFactory, InvoiceFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reminded():
    """A business with reminders on, an invoice 7 days late (customer with e-mail) and one without an e-mail."""
    business = BusinessFactory(name="Brightside IT Services", time_zone="America/Chicago")
    MembershipFactory(business=business, role="owner", user__username="owner@example.com")
    MembershipFactory(business=business, role="staff", user__username="staff@example.com", user__first_name="Sam")
    services.reminder_settings_update(settings=services.reminder_settings_for(business=business), enabled=True)
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(business.time_zone))
    due = today - datetime.timedelta(days=7)
    late = CustomerFactory(business=business, name="Slow Payer Ltd", email="ap@slowpayer.example")
    phone_only = CustomerFactory(business=business, name="Corner Bakery", email="", phone="555-0177")
    invoice = InvoiceFactory(
        business=business, customer=late, number="INV-2001", issue_date=due - datetime.timedelta(days=30), due_date=due
    )
    InvoiceFactory(
        business=business,
        customer=phone_only,
        number="INV-2002",
        issue_date=due - datetime.timedelta(days=30),
        due_date=due,
    )
    call_command("send_reminders", "--business-id", str(business.pk))  # what cron or the worker runs each morning
    return business, invoice


def test_staff_sees_the_reminders_sent_on_an_invoice(page, live_server, sign_in, shot, reminded):
    business, invoice = reminded
    assert [message.to for message in mail.outbox] == [["ap@slowpayer.example"]]
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("staff@example.com", PASSWORD)
    page.goto(live_server.url + reverse("customer_list"))
    page.get_by_role("link", name="Slow Payer Ltd").first.click()
    page.get_by_role("link", name="INV-2001").first.click()
    expect(page.get_by_role("heading", name="Invoice INV-2001")).to_be_visible()
    follow_ups = page.get_by_role("region", name="Follow-ups")
    expect(follow_ups).to_contain_text("Payment reminder (7 days after the due date) e-mailed to ap@slowpayer.example.")
    shot("invoice-with-reminder")
    assert FollowUp.objects.filter(invoice=invoice).count() == 1

    # The customer without an e-mail address is on the "To call" list, with the number to ring.
    page.goto(live_server.url + reverse("home"))
    page.get_by_role("button", name="Open the menu").click()
    page.get_by_role("link", name="Reminders", exact=True).click()
    calls = page.get_by_test_id("to-call")
    expect(calls).to_contain_text("Corner Bakery")
    expect(calls.get_by_role("link", name="555-0177")).to_be_visible()
    shot("to-call")
