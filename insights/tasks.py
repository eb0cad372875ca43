"""The Monday digest, run by the procrastinate worker (``manage.py procrastinate worker``).

Hourly, so each business gets it on its own Monday morning (from ``SEND_FROM_HOUR``
in its time zone). Sending twice is impossible (one claimed row per owner and
week), so the later hours of Monday only catch an owner the earlier ones missed.
"""

from __future__ import annotations

import datetime
import logging
from zoneinfo import ZoneInfo

from django.utils import timezone
from procrastinate.contrib.django import app

from accounts.models import Business
from accounts.tenancy import acting_for, all_businesses

from .services import digest_week_send

logger = logging.getLogger(__name__)

MONDAY = 0
SEND_FROM_HOUR = 7


def digest_due(business: Business, now: datetime.datetime) -> bool:
    """Monday, from 7:00, where the business is."""
    local = now.astimezone(ZoneInfo(business.time_zone))
    return local.weekday() == MONDAY and local.hour >= SEND_FROM_HOUR


@app.task(queue="digest", name="insights.send_business_digest")
def send_business_digest(business_id: int) -> None:
    """This week's digest of one business, to each of its owners who has not had it."""
    with acting_for(business_id):
        business = Business.objects.filter(pk=business_id).first()
        if business is None:
            return
        today = timezone.localdate(timezone=ZoneInfo(business.time_zone))
        run = digest_week_send(business=business, today=today)
        logger.info("Weekly digest of business %s: sent %s, failed %s.", business_id, len(run.sent), len(run.failed))


@app.periodic(cron="20 * * * *")
@app.task(queue="digest", name="insights.send_digests")
def send_digests(timestamp: int) -> None:
    """Hourly: queue the digest of every business whose Monday morning it is."""
    now = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
    with all_businesses("weekly digest: find businesses whose Monday morning it is"):
        due = [b.pk for b in Business.objects.order_by("pk") if digest_due(b, now)]
    for business_id in due:
        send_business_digest.defer(business_id=business_id)
