"""Sending reminders: which invoices get one, what it says, and never twice for the same step."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from customers import services as customer_services
from customers.models import FollowUp, Invoice
from reminders import services
from reminders.models import Reminder, ReminderSettings, ReminderStep
from reminders.sending import reminders_send

from ..factories import CustomerFactory
from .helpers import at, business_with_reminders, invoice_due

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 3, 10)


def send(business, day, django_capture_on_commit_callbacks, time=datetime.time(15)):
    with django_capture_on_commit_callbacks(execute=True):
        return reminders_send(business=business, now=at(day, time))


def test_reminder_on_its_day_is_emailed_and_logged_as_a_follow_up(mailoutbox, django_capture_on_commit_callbacks):
    business = business_with_reminders(name="Brightside IT", phone="555-0100", email="hello@brightside.example")
    customer = CustomerFactory(business=business, name="Acme Ltd", email="pay@acme.example")
    invoice = invoice_due(business, DUE, customer=customer, number="INV-7", amount="1250.00")

    send(business, DUE + datetime.timedelta(days=7), django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["pay@acme.example"]
    assert mail.reply_to == ["hello@brightside.example"]
    assert mail.subject == "Invoice INV-7 is now overdue"
    assert "Dear Acme Ltd," in mail.body
    assert "due on Mar 10, 2026, is 7 days overdue, with $1,250.00 still open" in mail.body
    assert "Brightside IT\n555-0100 · hello@brightside.example" in mail.body
    reminder = Reminder.objects.get(invoice=invoice)
    assert (reminder.days, reminder.status, reminder.email) == (7, Reminder.Status.SENT, "pay@acme.example")
    assert reminder.sent_at is not None
    follow_up = FollowUp.objects.get(invoice=invoice)
    assert follow_up.date == DUE + datetime.timedelta(days=7)
    assert follow_up.note == "Payment reminder (7 days after the due date) e-mailed to pay@acme.example."


def test_the_day_before_a_step_nothing_is_sent(mailoutbox, django_capture_on_commit_callbacks):
    business = business_with_reminders()
    invoice_due(business, DUE)
    send(business, DUE + datetime.timedelta(days=6), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert not Reminder.objects.exists()


def test_before_due_reminder_says_days_until_due(mailoutbox, django_capture_on_commit_callbacks):
    business = business_with_reminders()
    invoice_due(business, DUE, number="INV-1")
    send(business, DUE - datetime.timedelta(days=3), django_capture_on_commit_callbacks)
    assert [m.subject for m in mailoutbox] == ["Invoice INV-1 is due on Mar 10, 2026"]
    assert "is due on Mar 10, 2026, in 3 days" in mailoutbox[0].body


def test_a_run_again_the_same_day_and_the_next_sends_nothing_more(mailoutbox, django_capture_on_commit_callbacks):
    business = business_with_reminders()
    invoice_due(business, DUE)
    for day in (7, 7, 8, 20):
        send(business, DUE + datetime.timedelta(days=day), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert Reminder.objects.count() == 1


def test_each_step_goes_once_over_the_whole_schedule(mailoutbox, django_capture_on_commit_callbacks):
    business = business_with_reminders()
    invoice = invoice_due(business, DUE)
    for offset in range(-5, 120):
        send(business, DUE + datetime.timedelta(days=offset), django_capture_on_commit_callbacks)
    assert sorted(Reminder.objects.filter(invoice=invoice).values_list("days", flat=True)) == [-3, 7, 30, 60, 90]
    assert len(mailoutbox) == 5


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda invoice: customer_services.payment_record(invoice=invoice, date=DUE, amount=invoice.amount),
            id="paid",
        ),
        pytest.param(lambda invoice: Invoice.objects.filter(pk=invoice.pk).update(hold="disputed"), id="disputed"),
        pytest.param(lambda invoice: Invoice.objects.filter(pk=invoice.pk).update(hold="paused"), id="paused"),
        pytest.param(
            lambda invoice: (
                type(invoice.customer).objects.filter(pk=invoice.customer_id).update(payment_reminders=False)
            ),
            id="customer switched off",
        ),
    ],
)
def test_no_reminder_for_paid_disputed_paused_or_switched_off(change, mailoutbox, django_capture_on_commit_callbacks):
    business = business_with_reminders()
    invoice = invoice_due(business, DUE)
    change(invoice)
    report = send(business, DUE + datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert report.emailed == report.to_call == []
    assert not Reminder.objects.exists()


def test_partly_paid_invoice_is_reminded_of_what_is_still_open(mailoutbox, django_capture_on_commit_callbacks):
    business = business_with_reminders()
    invoice = invoice_due(business, DUE, amount="1000.00")
    customer_services.payment_record(invoice=invoice, date=DUE, amount=Decimal("400.00"))
    send(business, DUE + datetime.timedelta(days=30), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert "$600.00 is still open" in mailoutbox[0].body


def test_invoice_paid_between_reading_and_claiming_is_not_reminded(mailoutbox, monkeypatch):
    """The claim re-reads the invoice under its lock: a payment recorded meanwhile wins."""
    business = business_with_reminders()
    invoice = invoice_due(business, DUE)
    from reminders import sending

    real = sending.reminders_due

    def paid_right_after_reading(*args, **kwargs):
        due = real(*args, **kwargs)
        customer_services.payment_record(invoice=invoice, date=DUE, amount=invoice.amount)
        return due

    monkeypatch.setattr(sending, "reminders_due", paid_right_after_reading)
    reminders_send(business=business, now=at(DUE + datetime.timedelta(days=7)))
    assert not Reminder.objects.exists()


def test_customer_without_email_is_listed_to_call_not_emailed(mailoutbox, django_capture_on_commit_callbacks):
    business = business_with_reminders()
    customer = CustomerFactory(business=business, email="", phone="555-0199")
    invoice_due(business, DUE, customer=customer, number="INV-CALL")
    report = send(business, DUE + datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert [(item.invoice_number, item.phone, item.step.days) for item in report.to_call] == [
        ("INV-CALL", "555-0199", 7)
    ]
    assert not Reminder.objects.exists()


def test_time_zone_decides_the_day(mailoutbox, django_capture_on_commit_callbacks):
    """The 3-days-before step of an invoice due Mar 10 goes on Mar 7 where the business is."""
    auckland = business_with_reminders(time_zone="Pacific/Auckland")  # UTC+13 in March
    new_york = business_with_reminders(time_zone="America/New_York")  # UTC-5 in early March
    invoice_due(auckland, DUE)
    invoice_due(new_york, DUE)
    step_day = DUE - datetime.timedelta(days=3)
    # 10:30 UTC on Mar 6 is 23:30 on Mar 6 in Auckland: not yet.
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(business=auckland, now=at(step_day - datetime.timedelta(days=1), datetime.time(10, 30)))
    assert mailoutbox == []
    # 11:30 UTC on Mar 6 is 00:30 on Mar 7 in Auckland: its day has come.
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(business=auckland, now=at(step_day - datetime.timedelta(days=1), datetime.time(11, 30)))
    assert len(mailoutbox) == 1
    # 03:00 UTC on Mar 7 is still Mar 6, 22:00 in New York: not yet; 05:00 UTC is midnight there.
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(business=new_york, now=at(step_day, datetime.time(3)))
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(business=new_york, now=at(step_day, datetime.time(0), ZoneInfo("America/New_York")))
    assert len(mailoutbox) == 2


def test_a_late_start_sends_only_the_latest_step_and_skips_long_missed_ones(
    mailoutbox, django_capture_on_commit_callbacks
):
    business = business_with_reminders()
    recent = invoice_due(business, DUE, number="RECENT")  # 35 days late: the 30-day step, 5 days ago
    ancient = invoice_due(business, DUE - datetime.timedelta(days=200), number="ANCIENT")  # 235 days late
    send(business, DUE + datetime.timedelta(days=35), django_capture_on_commit_callbacks)
    assert list(Reminder.objects.values_list("invoice_id", "days")) == [(recent.pk, 30)]
    assert not Reminder.objects.filter(invoice=ancient).exists()
    assert len(mailoutbox) == 1


def test_schedule_changed_after_some_steps_were_sent(mailoutbox, django_capture_on_commit_callbacks):
    business = business_with_reminders()
    invoice = invoice_due(business, DUE)
    send(business, DUE + datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    # The owner adds a 14-day step and moves the 30-day one to 45 days.
    services.reminder_step_create(business=business, days=14, subject="Still open", body="{invoice_number}")
    step_30 = ReminderStep.objects.get(business=business, days=30)
    services.reminder_step_update(step=step_30, days=45, subject=step_30.subject, body=step_30.body)
    for offset in range(8, 50):
        send(business, DUE + datetime.timedelta(days=offset), django_capture_on_commit_callbacks)
    assert sorted(Reminder.objects.filter(invoice=invoice).values_list("days", flat=True)) == [7, 14, 45]
    # A step added before the last one sent is never sent after it (no gentler reminder after a firmer one).
    services.reminder_step_create(business=business, days=40, subject="Late", body="{invoice_number}")
    send(business, DUE + datetime.timedelta(days=50), django_capture_on_commit_callbacks)
    assert sorted(Reminder.objects.filter(invoice=invoice).values_list("days", flat=True)) == [7, 14, 45]
    assert len(mailoutbox) == 3


def test_failed_send_is_recorded_and_not_retried(mailoutbox, django_capture_on_commit_callbacks, monkeypatch):
    business = business_with_reminders()
    invoice = invoice_due(business, DUE)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    send(business, DUE + datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get(invoice=invoice)
    assert (reminder.status, reminder.error) == (Reminder.Status.FAILED, "mail server down")
    assert FollowUp.objects.get(invoice=invoice).note.endswith(
        "could not be e-mailed to " + reminder.email + ": call instead."
    )
    monkeypatch.undo()
    send(business, DUE + datetime.timedelta(days=8), django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_reminders_of_one_business_never_touch_another(mailoutbox, django_capture_on_commit_callbacks):
    ours = business_with_reminders()
    theirs = business_with_reminders()
    invoice_due(ours, DUE)
    invoice_due(theirs, DUE)
    send(ours, DUE + datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    assert list(Reminder.objects.values_list("business_id", flat=True)) == [ours.pk]


def test_dry_run_command_sends_and_records_nothing(capsys, mailoutbox, django_capture_on_commit_callbacks):
    business = business_with_reminders(name="Dry Co")
    customer = CustomerFactory(business=business, name="Acme Ltd", email="pay@acme.example")
    invoice_due(business, _today_minus(7), customer=customer, number="INV-DRY", amount="80.00")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--business-id", str(business.pk), "--dry-run")
    out = capsys.readouterr().out
    assert "Dry Co" in out and "would e-mail 1" in out
    assert "would e-mail  invoice INV-DRY, Acme Ltd, $80.00 open, 7 days after the due date, to pay@acme.example" in out
    assert mailoutbox == []
    assert not Reminder.objects.filter(business=business).exists()
    assert not FollowUp.objects.filter(business=business).exists()


@pytest.mark.django_db(transaction=True)
def test_command_prints_what_it_sent_and_whom_to_call(capsys, mailoutbox):
    """A real commit per reminder (no test transaction around it), so the e-mail goes before the summary."""
    business = business_with_reminders(name="Wet Co")
    invoice_due(business, _today_minus(7), number="INV-MAIL")
    invoice_due(
        business,
        _today_minus(7),
        number="INV-PHONE",
        customer=CustomerFactory(business=business, email="", phone="555-0123"),
    )
    call_command("send_reminders", "--business-id", str(business.pk))
    out = capsys.readouterr().out
    assert "Wet Co" in out and "e-mailed 1, to call 1, not sent 0" in out
    assert "  e-mailed  invoice INV-MAIL" in out
    assert "  to call  invoice INV-PHONE" in out and "555-0123" in out
    assert len(mailoutbox) == 1


def test_command_says_when_reminders_are_off(capsys):
    business = business_with_reminders(name="Off Co")
    ReminderSettings.objects.filter(business=business).update(enabled=False)
    invoice_due(business, _today_minus(7))
    call_command("send_reminders", "--business-id", str(business.pk))
    assert "Off Co: reminders are switched off" in capsys.readouterr().out
    assert not Reminder.objects.exists()


def _today_minus(days: int) -> datetime.date:
    """The command uses the real clock: a due date ``days`` before today in New York (the factories' zone)."""
    today = datetime.datetime.now(ZoneInfo("America/New_York")).date()
    return today - datetime.timedelta(days=days)


def test_command_says_when_no_business_has_reminders_on(capsys):
    business = business_with_reminders()
    ReminderSettings.objects.filter(business=business).update(enabled=False)
    call_command("send_reminders", "--dry-run")
    assert "No business has payment reminders switched on" in capsys.readouterr().out
