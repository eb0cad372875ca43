"""Reporting periods as date ranges, and their edges as instants in the business's time zone.

Dates (invoices, payments, costs) are compared with the inclusive ``start``/``end``
dates; interactions carry a timestamp, so a period also gives the half-open
range ``[start at local midnight, day after end at local midnight)`` in the
business's zone: an interaction at 23:30 local time on the 31st belongs to
that month even when it is already the 1st in UTC.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MONTH = "month"
TRAILING_3 = "trailing_3"
TRAILING_12 = "trailing_12"
LIFETIME = "lifetime"


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: datetime.date | None  # None: since the beginning
    end: datetime.date  # inclusive
    months: int | None  # length in months, for allowances (None for the whole relationship)

    def starts_at(self, tz: ZoneInfo) -> datetime.datetime | None:
        return None if self.start is None else local_midnight(self.start, tz)

    def ends_before(self, tz: ZoneInfo) -> datetime.datetime:
        return local_midnight(self.end + datetime.timedelta(days=1), tz)

    def contains(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.end


def local_midnight(day: datetime.date, tz: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_index(day: datetime.date) -> int:
    """Months since year 0, so month arithmetic is subtraction."""
    return day.year * 12 + day.month - 1


def month_from_index(index: int) -> datetime.date:
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, 1)


def trailing_months(today: datetime.date, months: int, key: str, label: str) -> Period:
    """The ``months`` months up to and including today (e.g. 16 Mar 2025 to 15 Mar 2026 for 12)."""
    start = add_months(today, -months) + datetime.timedelta(days=1)
    return Period(key, label, start, today, months)


def calendar_month(month: datetime.date, today: datetime.date) -> Period:
    """A calendar month; the current month runs to today only."""
    start = month_start(month)
    end = min(month_end(month), today) if start <= today else month_end(month)
    return Period(MONTH, start.strftime("%B %Y"), start, end, 1)


def standard_periods(today: datetime.date, month: datetime.date | None = None) -> dict[str, Period]:
    """The periods every evaluation shows: a month, the trailing 3 and 12 months, the whole relationship."""
    return {
        MONTH: calendar_month(month or today, today),
        TRAILING_3: trailing_months(today, 3, TRAILING_3, "Last 3 months"),
        TRAILING_12: trailing_months(today, 12, TRAILING_12, "Last 12 months"),
        LIFETIME: Period(LIFETIME, "Whole relationship", None, today, None),
    }


# The periods an owner can pick on the dashboard beyond the standard ones, and the period
# before each (to compare with). Standings store every one of them for every customer.
YEAR_TO_DATE = "ytd"
PREVIOUS_3 = "previous_3"
PREVIOUS_12 = "previous_12"
PREVIOUS_YEAR_TO_DATE = "previous_ytd"
PREVIOUS_OF = {TRAILING_3: PREVIOUS_3, TRAILING_12: PREVIOUS_12, YEAR_TO_DATE: PREVIOUS_YEAR_TO_DATE, LIFETIME: None}


def period_before(period: Period, months: int, key: str) -> Period:
    """The ``months`` months that end the day before ``period`` starts (which must have a start)."""
    if period.start is None:
        raise ValueError(f"{period.label} has no start, so no period comes before it")
    end = period.start - datetime.timedelta(days=1)
    return Period(key, "The period before", add_months(end, -months) + datetime.timedelta(days=1), end, months)


def year_to_date(today: datetime.date) -> Period:
    return Period(YEAR_TO_DATE, "Year to date", today.replace(month=1, day=1), today, today.month)


def same_days_last_year(today: datetime.date) -> Period:
    """1 January to the same day a year ago: what the year to date is compared with."""
    start = today.replace(year=today.year - 1, month=1, day=1)
    return Period(PREVIOUS_YEAR_TO_DATE, "The same days last year", start, add_months(today, -12), today.month)


def standing_periods(today: datetime.date) -> dict[str, Period]:
    """Every period a standing keeps figures for: the standard ones, the year to date, and the period before each."""
    periods = standard_periods(today)
    periods[YEAR_TO_DATE] = year_to_date(today)
    periods[PREVIOUS_3] = period_before(periods[TRAILING_3], 3, PREVIOUS_3)
    periods[PREVIOUS_12] = period_before(periods[TRAILING_12], 12, PREVIOUS_12)
    periods[PREVIOUS_YEAR_TO_DATE] = same_days_last_year(today)
    return periods
