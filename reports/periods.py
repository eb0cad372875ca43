"""The periods an owner can choose on the dashboard and the customer report, and the period before each."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from evaluations.periods import Period, add_months, trailing_months

DEFAULT = "12m"
CHOICES: dict[str, str] = {
    "3m": "Last 3 months",
    "12m": "Last 12 months",
    "ytd": "Year to date",
    "all": "All time",
}


@dataclass(frozen=True)
class Chosen:
    key: str
    period: Period
    previous: Period | None  # the same length just before, to compare with; None for all time

    @property
    def label(self) -> str:
        return CHOICES[self.key]

    @property
    def compared_with(self) -> str:
        if self.previous is None:
            return ""
        return f"{self.previous.start:%-d %b %Y} to {self.previous.end:%-d %b %Y}"


def _before(period: Period, months: int) -> Period:
    """The ``months`` months that end the day before ``period`` starts."""
    end = period.start - datetime.timedelta(days=1)
    return Period("previous", "The period before", add_months(end, -months) + datetime.timedelta(days=1), end, months)


def chosen_period(key: str | None, today: datetime.date) -> Chosen:
    """The period named by ``key`` (an unknown or missing key falls back to the last 12 months)."""
    key = key if key in CHOICES else DEFAULT
    if key == "3m":
        period = trailing_months(today, 3, "selected", CHOICES[key])
        return Chosen(key, period, _before(period, 3))
    if key == "12m":
        period = trailing_months(today, 12, "selected", CHOICES[key])
        return Chosen(key, period, _before(period, 12))
    if key == "ytd":
        start = today.replace(month=1, day=1)
        period = Period("selected", CHOICES[key], start, today, today.month)
        # The same stretch of last year: 1 January to the same day a year ago.
        previous = Period(
            "previous",
            "The same days last year",
            start.replace(year=start.year - 1),
            add_months(today, -12),
            today.month,
        )
        return Chosen(key, period, previous)
    return Chosen(key, Period("selected", CHOICES[key], None, today, None), None)
