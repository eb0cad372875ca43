"""The task runner's reminders: every hour, each business whose morning has come gets its reminders once."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from reminders.models import Reminder, ReminderSettings
from reminders.tasks import SEND_FROM_HOUR, businesses_ready, send_due_reminders

from .helpers import business_with_reminders, invoice_due

pytestmark = pytest.mark.django_db

# Offsets from UTC-10 to UTC+14: at any moment, somewhere on this list it is between 9:00 and midnight.
ZONES = ["Pacific/Honolulu", "America/New_York", "UTC", "Asia/Kolkata", "Asia/Tokyo", "Pacific/Kiritimati"]


def test_a_business_is_ready_from_nine_in_its_own_morning():
    tokyo = business_with_reminders(time_zone="Asia/Tokyo")  # UTC+9
    off = business_with_reminders(time_zone="Asia/Tokyo")
    ReminderSettings.objects.filter(business=off).update(enabled=False)
    just_before = datetime.datetime(2026, 3, 8, 23, 59, 59, tzinfo=datetime.UTC)  # 08:59:59 in Tokyo
    assert tokyo.pk not in businesses_ready(just_before)
    nine = just_before + datetime.timedelta(seconds=1)
    assert tokyo.pk in businesses_ready(nine)
    assert off.pk not in businesses_ready(nine)


def test_hourly_task_sends_each_ready_business_its_reminders_once(mailoutbox, django_capture_on_commit_callbacks):
    now = datetime.datetime.now(datetime.UTC)
    zone = next(z for z in ZONES if now.astimezone(ZoneInfo(z)).hour >= SEND_FROM_HOUR)
    business = business_with_reminders(time_zone=zone)
    local_today = now.astimezone(ZoneInfo(zone)).date()
    invoice = invoice_due(business, local_today - datetime.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(int(now.timestamp()))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(int(now.timestamp()) + 3600)  # the next hour's run
    assert [mail.to for mail in mailoutbox] == [[invoice.customer.email]]
    assert list(Reminder.objects.values_list("invoice_id", "days", "status")) == [(invoice.pk, 7, "sent")]
