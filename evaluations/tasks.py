"""Background work for standings (procrastinate): large businesses' refreshes, and the nightly one.

The work itself is ``evaluations.standings.standings_refresh``; these tasks only
say which business they act for (``accounts.tenancy``).
"""

from __future__ import annotations

import logging

from django.db import transaction
from procrastinate import exceptions
from procrastinate.contrib.django import app

from accounts.models import Business
from accounts.tenancy import acting_for, all_businesses

from .standings import standings_outdated, standings_refresh

logger = logging.getLogger(__name__)


@app.task(queue="standings")
def refresh_business(business_id: int) -> None:
    """Recompute every standing of one business (its thresholds changed, or a page found it out of date)."""
    with acting_for(business_id):
        business = Business.objects.filter(pk=business_id).first()
        if business is not None:
            count = standings_refresh(business=business)
            logger.info("Refreshed %s standings of business %s.", count, business_id)


@app.periodic(cron="5 * * * *")
@app.task(queue="standings")
def refresh_after_midnight(timestamp: int) -> None:
    """Hourly, so each business is refreshed soon after its own midnight: the trailing periods moved."""
    with all_businesses("standings refresh after midnight: find businesses whose standings are of yesterday"):
        businesses = list(Business.objects.order_by("pk"))
        outdated = [b.pk for b in businesses if standings_outdated(b)]
    for business_id in outdated:
        refresh_business(business_id)


def refresh_business_later(business: Business) -> None:
    """Queue one background refresh of the business (at most one waits at a time).

    Deferred inside the caller's transaction: the job exists if and only if it commits.
    """
    try:
        with transaction.atomic():
            refresh_business.configure(queueing_lock=f"standings-{business.pk}").defer(business_id=business.pk)
    except exceptions.AlreadyEnqueued:
        pass
