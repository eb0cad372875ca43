"""A worker killed mid-run and started again: no reminder goes twice, and none is lost without trace.

These tests commit for real (no test transaction around them), as the worker does.
"""

from __future__ import annotations

import datetime

import pytest

from customers.models import FollowUp
from reminders import sending
from reminders.models import Reminder
from reminders.sending import reminders_send

from .helpers import at, business_with_reminders, invoice_due

pytestmark = pytest.mark.django_db(transaction=True)

DUE = datetime.date(2026, 3, 10)
DAY = at(DUE + datetime.timedelta(days=7))


class Killed(BaseException):
    """What SIGKILL would do: nothing after this point runs (not an Exception, so nothing catches it)."""


def five_invoices(business) -> list:
    return [invoice_due(business, DUE, number=f"INV-{n}") for n in range(1, 6)]


def recipients(mailoutbox) -> list[str]:
    return sorted(mail.to[0] for mail in mailoutbox)


def test_killed_between_reminders_then_restarted_sends_each_step_exactly_once(mailoutbox, monkeypatch):
    business = business_with_reminders()
    invoices = five_invoices(business)
    real_claim = sending.reminder_claim
    claims = []

    def dies_before_the_third_claim(**kwargs):
        claims.append(kwargs["item"].invoice_number)
        if len(claims) == 3:
            raise Killed
        return real_claim(**kwargs)

    monkeypatch.setattr(sending, "reminder_claim", dies_before_the_third_claim)
    with pytest.raises(Killed):
        reminders_send(business=business, now=DAY)
    assert len(mailoutbox) == 2
    monkeypatch.undo()

    reminders_send(business=business, now=DAY)  # the restarted worker
    reminders_send(business=business, now=DAY + datetime.timedelta(hours=1))  # and the next hourly run

    expected = sorted(invoice.customer.email for invoice in invoices)
    assert recipients(mailoutbox) == expected  # each invoice once: none twice, none skipped
    # Only this business's rows: the test session's shared demo sits beside it.
    assert Reminder.objects.filter(business=business, status=Reminder.Status.SENT).count() == 5
    assert FollowUp.objects.filter(business=business).count() == 5


def test_killed_between_commit_and_send_is_not_sent_again_and_is_shown_to_staff(mailoutbox, monkeypatch):
    """The safer side: a claim whose e-mail may not have left stays "not confirmed", never resent."""
    business = business_with_reminders()
    invoices = five_invoices(business)
    real_send = sending.EmailMessage.send
    sends = []

    def dies_at_the_third_send(self, *args, **kwargs):
        sends.append(self.to[0])
        if len(sends) == 3:
            raise Killed
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(sending.EmailMessage, "send", dies_at_the_third_send)
    with pytest.raises(Killed):
        reminders_send(business=business, now=DAY)
    monkeypatch.undo()
    report = reminders_send(business=business, now=DAY)

    lost = invoices[2]
    assert recipients(mailoutbox) == sorted(i.customer.email for i in invoices if i != lost)
    assert [item.invoice_number for item in report.emailed] == ["INV-4", "INV-5"]
    assert report.failed == report.already_claimed == []  # the claimed three are no longer due at all
    unconfirmed = Reminder.objects.get(invoice=lost)
    assert unconfirmed.status == Reminder.Status.CLAIMED
    assert FollowUp.objects.get(invoice=lost).note.endswith(": not confirmed sent yet.")
    from reminders.selectors import reminders_unconfirmed

    assert list(reminders_unconfirmed(business, DAY - datetime.timedelta(days=1))) == [unconfirmed]


def test_two_runs_claiming_the_same_step_send_it_once(mailoutbox, monkeypatch):
    """A second worker that read the same due list before the first claimed: the UNIQUE key stops it."""
    business = business_with_reminders()
    invoice_due(business, DUE, number="INV-ONE")
    stale = sending.reminders_due(business, DAY.date())
    reminders_send(business=business, now=DAY)
    monkeypatch.setattr(sending, "reminders_due", lambda *args, **kwargs: stale)
    second = reminders_send(business=business, now=DAY)
    assert [item.invoice_number for item in second.already_claimed] == ["INV-ONE"]
    assert len(mailoutbox) == 1
    assert Reminder.objects.filter(business=business).count() == 1
