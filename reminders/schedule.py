"""Which step of the schedule is due for an invoice on a day: plain functions, no database.

The day is the business's own (its time zone), so a reminder "on the due
date" goes out on that calendar day where the business is, not in UTC.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

# A step whose day passed more than this long ago is not sent any more: the
# schedule was switched on (or the step added) long after, and a "7 days late"
# e-mail about a 200-day-old invoice would be wrong. The next step catches up.
CATCH_UP_DAYS = 14


def business_today(time_zone: str, now: datetime.datetime) -> datetime.date:
    """The calendar date in the business's time zone at the moment ``now`` (aware)."""
    return now.astimezone(ZoneInfo(time_zone)).date()


def step_day(due_date: datetime.date, days: int) -> datetime.date:
    return due_date + datetime.timedelta(days=days)


def step_due(
    *, due_date: datetime.date, today: datetime.date, steps: Iterable[int], highest_sent: int | None
) -> int | None:
    """The step to send today, or None.

    Only the latest step whose day has come, so an invoice gets at most one
    reminder a day and never an earlier, gentler one after a firmer one; not
    when its day passed more than ``CATCH_UP_DAYS`` ago; and not when a step at
    or after it was already sent (``highest_sent``: the schedule changed since).
    A step before the due date ("due in 3 days") is never sent once that date
    has come: its words would be wrong.
    """
    arrived = [days for days in steps if step_day(due_date, days) <= today and (days >= 0 or today < due_date)]
    if not arrived:
        return None
    latest = max(arrived)
    if (today - step_day(due_date, latest)).days > CATCH_UP_DAYS:
        return None
    if highest_sent is not None and latest <= highest_sent:
        return None
    return latest


def days_late(due_date: datetime.date, today: datetime.date) -> int:
    return max((today - due_date).days, 0)


def days_until_due(due_date: datetime.date, today: datetime.date) -> int:
    return max((due_date - today).days, 0)
