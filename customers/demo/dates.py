"""Calendar helpers for the demo data (whole months, business days)."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), clipped to the month's last day."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first day of every month from ``first``'s month to ``last``'s month."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def weekdays_of(month: datetime.date) -> list[datetime.date]:
    """Monday to Friday of the month that starts on ``month``."""
    days = calendar.monthrange(month.year, month.month)[1]
    return [d for d in (month.replace(day=n) for n in range(1, days + 1)) if d.weekday() < 5]
