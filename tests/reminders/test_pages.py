"""The reminders pages: owners set the schedule and texts, everyone sees whom to call and what was sent."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from customers.models import Customer, Invoice
from reminders.models import ReminderSettings, ReminderStep
from reminders.sending import reminders_send

from ..factories import ContractFactory, CustomerFactory
from ..robustness.keys import keyed
from .helpers import at, invoice_due

pytestmark = pytest.mark.django_db

SETTINGS = reverse("reminder_settings")
TO_CALL = reverse("reminders_to_call")


def enable(business) -> None:
    ReminderSettings.objects.filter(business=business).update(enabled=True)


def today_in(business) -> datetime.date:
    return (
        timezone.now().astimezone(datetime.UTC).astimezone(__import__("zoneinfo").ZoneInfo(business.time_zone)).date()
    )


def test_owner_sees_the_default_schedule_off_until_switched_on(world, owner_client):
    page = owner_client.get(SETTINGS).content.decode()
    for name in (
        "3 days before the due date",
        "7 days after the due date",
        "30 days after",
        "60 days after",
        "90 days after",
    ):
        assert name in page
    assert "No reminder is sent until you switch them on" in page
    settings = ReminderSettings.objects.get(business=world.a.business)
    response = owner_client.post(SETTINGS, {"enabled": "on", "edit_version": settings.version})
    assert response.status_code == 302
    settings.refresh_from_db()
    assert settings.enabled
    assert "Reminders go out on this schedule" in owner_client.get(SETTINGS).content.decode()


def test_switching_on_from_a_stale_form_is_a_conflict_not_a_silent_overwrite(world, owner_client):
    owner_client.get(SETTINGS)
    settings = ReminderSettings.objects.get(business=world.a.business)
    stale = settings.version
    owner_client.post(SETTINGS, {"enabled": "on", "edit_version": stale})
    response = owner_client.post(SETTINGS, {"edit_version": stale})  # another tab, opened before, says "off"
    assert response.status_code == 200
    assert response.context["form"].has_conflict
    settings.refresh_from_db()
    assert settings.enabled


def test_unknown_placeholder_is_refused_with_a_clear_message_and_nothing_saved(world, owner_client):
    before = ReminderStep.objects.filter(business=world.a.business).count()
    response = owner_client.post(
        reverse("reminder_step_create"),
        keyed({"days": "21", "subject": "Invoice {invoice_no}", "body": "Dear {customer_name}, {amount.real}"}),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Unknown placeholder {invoice_no}" in errors["subject"][0]
    assert "Unknown placeholder {amount.real}" in errors["body"][0]
    assert ReminderStep.objects.filter(business=world.a.business).count() == before


def test_a_day_already_in_the_schedule_is_refused(world, owner_client):
    response = owner_client.post(
        reverse("reminder_step_create"), keyed({"days": "7", "subject": "Again", "body": "Again"})
    )
    assert "already has a reminder 7 days after the due date" in response.context["form"].errors["days"][0]


@pytest.mark.parametrize("days", ["-31", "366"])
def test_days_out_of_bounds_are_refused(world, owner_client, days):
    response = owner_client.post(reverse("reminder_step_create"), keyed({"days": days, "subject": "S", "body": "B"}))
    assert response.status_code == 200
    assert "days" in response.context["form"].errors
    assert not ReminderStep.objects.filter(business=world.a.business, days=int(days)).exists()


def test_owner_adds_a_step(world, owner_client):
    response = owner_client.post(
        reverse("reminder_step_create"),
        keyed({"days": "45", "subject": "Invoice {invoice_number}", "body": "Dear {customer_name}"}),
    )
    assert response.status_code == 302
    step = ReminderStep.objects.get(business=world.a.business, days=45)
    assert (step.subject, step.body) == ("Invoice {invoice_number}", "Dear {customer_name}")


def test_preview_shows_the_typed_text_filled_in_and_saves_nothing(world, owner_client):
    step = world.a.objects["reminder_step"]
    data = {
        "days": "14",
        "subject": "Reminder for {customer_name}",
        "body": "{invoice_number} of {amount} is {days_late} days late. {business_name}",
        "edit_version": step.version,
        "preview": "1",
    }
    response = owner_client.post(reverse("reminder_step_edit", args=[step.pk]), data)
    assert response.status_code == 200
    subject, body = response.context["preview"]
    assert subject == "Reminder for Example Customer Ltd"
    assert body == f"1042 of $1,250.00 is 14 days late. {world.a.business.name}"
    step.refresh_from_db()
    assert step.subject == "Invoice {invoice_number}"


def test_owner_edits_and_removes_a_step(world, owner_client):
    step = world.a.objects["reminder_step"]
    data = {"days": "15", "subject": "New {invoice_number}", "body": "New body", "edit_version": step.version}
    assert owner_client.post(reverse("reminder_step_edit", args=[step.pk]), data).status_code == 302
    step.refresh_from_db()
    assert (step.days, step.subject) == (15, "New {invoice_number}")
    assert owner_client.post(reverse("reminder_step_delete", args=[step.pk])).status_code == 302
    assert not ReminderStep.objects.filter(pk=step.pk).exists()


def test_customer_form_switches_reminders_off(world, owner_client):
    customer = world.a.objects["customer"]
    data = {
        "name": customer.name,
        "email": customer.email,
        "status": "active",
        "customer_since": customer.customer_since.isoformat(),
        "edit_version": customer.version,
    }  # the "send payment reminders" box left unticked
    assert owner_client.post(reverse("customer_edit", args=[customer.pk]), data).status_code == 302
    customer.refresh_from_db()
    assert customer.payment_reminders is False
    page = owner_client.get(reverse("customer_detail", args=[customer.pk])).content.decode()
    assert "Off for this customer" in page


def test_invoice_form_puts_an_invoice_on_hold(world, owner_client):
    invoice = world.a.objects["invoice"]
    data = {
        "number": invoice.number,
        "contract": invoice.contract_id,
        "issue_date": invoice.issue_date.isoformat(),
        "due_date": invoice.due_date.isoformat(),
        "amount": str(invoice.amount),
        "hold": "disputed",
        "edit_version": invoice.version,
    }
    assert owner_client.post(reverse("invoice_edit", args=[invoice.pk]), data).status_code == 302
    invoice.refresh_from_db()
    assert invoice.hold == Invoice.Hold.DISPUTED
    assert "Disputed: no reminders" in owner_client.get(reverse("invoice_detail", args=[invoice.pk])).content.decode()


def test_invoice_without_a_due_date_gets_one_from_the_contract_and_its_reminders_follow_it(
    world, owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    """The database has no invoice without a due date: the form takes the contract's payment terms."""
    business = world.a.business
    enable(business)
    customer = CustomerFactory(business=business)
    contract = ContractFactory(customer=customer, business=business, payment_terms_days=14)
    response = owner_client.post(
        reverse("invoice_create", args=[customer.pk]),
        keyed({"number": "NO-DUE", "contract": contract.pk, "issue_date": "2026-03-01", "amount": "300.00"}),
    )
    assert response.status_code == 302
    invoice = Invoice.objects.get(business=business, number="NO-DUE")
    assert invoice.due_date == datetime.date(2026, 3, 15)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(business=business, now=at(datetime.date(2026, 3, 22)))
    assert [mail.to for mail in mailoutbox] == [[customer.email]]


def test_staff_see_the_reminders_sent_on_the_invoice_page(world, staff_client, django_capture_on_commit_callbacks):
    business = world.a.business
    customer = CustomerFactory(business=business, email="ap@client.example")
    invoice = invoice_due(business, datetime.date(2026, 3, 10), customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(business=business, now=at(datetime.date(2026, 3, 17)))
    page = staff_client.get(reverse("invoice_detail", args=[invoice.pk])).content.decode()
    assert "Payment reminder (7 days after the due date) e-mailed to ap@client.example." in page


def test_to_call_lists_customers_without_email_with_their_phone_until_followed_up(world, staff_client):
    business = world.a.business
    enable(business)
    quiet = CustomerFactory(business=business, name="No Mail Ltd", email="", phone="555-0142")
    invoice = invoice_due(business, today_in(business) - datetime.timedelta(days=7), customer=quiet, number="CALL-1")
    invoice_due(business, today_in(business) - datetime.timedelta(days=7), number="MAIL-1")
    page = staff_client.get(TO_CALL).content.decode()
    assert "No Mail Ltd" in page and "555-0142" in page and "Invoice CALL-1" in page
    assert "MAIL-1" not in page
    staff_client.post(reverse("followup_create", args=[invoice.pk]), keyed({"note": "Called, paying Friday"}))
    assert staff_client.get(TO_CALL).context["to_call"] == []


def test_to_call_says_when_reminders_are_off(world, staff_client):
    page = staff_client.get(TO_CALL).content.decode()
    assert "Payment reminders are off: an owner can switch them on" in page


def test_to_call_queries_do_not_grow_with_the_invoices(world, staff_client, django_assert_max_num_queries):
    business = world.a.business
    enable(business)
    day = today_in(business) - datetime.timedelta(days=7)

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            customer = CustomerFactory(business=business, email="", phone=f"555-1{n:03d}")
            invoice_due(business, day, customer=customer, number=f"Q-{n}")

    staff_client.get(TO_CALL)
    add(2, 0)
    with CaptureQueriesContext(connection) as two:
        staff_client.get(TO_CALL)
    add(18, 2)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = staff_client.get(TO_CALL)
    assert len(response.context["to_call"]) == 20


def test_staff_cannot_change_the_schedule(world, staff_client):
    assert staff_client.get(SETTINGS).status_code == 403
    assert Customer.objects.filter(business=world.a.business).exists()
