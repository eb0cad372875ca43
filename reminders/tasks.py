"""The daily reminders, run by the task runner (procrastinate): `manage.py procrastinate worker`.

The periodic task runs every hour and sends, for each business with
reminders on whose own clock has passed ``SEND_FROM_HOUR``, what is due on its
own date: so each business's reminders go out once a day in its morning, and a
worker that was down at that hour catches up at the next. Running it more often
never sends more: each (invoice, step) is claimed once (``reminders.sending``).
"""

from __future__ import annotations

import datetime
import logging
from zoneinfo import ZoneInfo

from procrastinate.contrib.django import app

from accounts.models import Business
from accounts.tenancy import acting_for, all_businesses

from .models import ReminderSettings
from .sending import reminders_send

logger = logging.getLogger(__name__)

SEND_FROM_HOUR = 9  # local time: reminders arrive in the customer's working morning, not at midnight


def businesses_ready(now: datetime.datetime) -> list[int]:
    """Ids of the businesses with reminders on whose local time is past ``SEND_FROM_HOUR``."""
    with all_businesses("payment reminders: find the businesses whose reminders are on"):
        enabled = ReminderSettings.objects.filter(enabled=True).values_list("business_id", flat=True)
        businesses = Business.objects.filter(pk__in=enabled).order_by("pk").values_list("pk", "time_zone")
        return [pk for pk, zone in businesses if now.astimezone(ZoneInfo(zone)).hour >= SEND_FROM_HOUR]


@app.task(queue="reminders", name="reminders.send_for_business")
def send_for_business(business_id: int) -> None:
    """Send one business's reminders due today."""
    with acting_for(business_id):
        business = Business.objects.filter(pk=business_id).first()
        if business is None:
            return
        report = reminders_send(business=business)
    logger.info(
        "Reminders of business %s: %s e-mailed, %s to call, %s not sent.",
        business_id,
        len(report.emailed),
        len(report.to_call),
        len(report.failed),
    )


@app.periodic(cron="0 * * * *")
@app.task(queue="reminders", name="reminders.send_due_reminders")
def send_due_reminders(timestamp: int) -> None:
    """Hourly: each business whose morning has come gets its reminders of the day (at most once per step)."""
    now = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
    for business_id in businesses_ready(now):
        send_for_business(business_id)
