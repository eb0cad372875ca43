"""The periods an owner can choose on the dashboard and the customer report, and the period before each.

The date ranges themselves are defined once, in ``evaluations.periods`` (the
standings store figures for each of them); this module names the choices.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from evaluations.periods import (
    LIFETIME,
    PREVIOUS_OF,
    TRAILING_3,
    TRAILING_12,
    YEAR_TO_DATE,
    Period,
    standing_periods,
)

DEFAULT = "12m"
CHOICES: dict[str, str] = {
    "3m": "Last 3 months",
    "12m": "Last 12 months",
    "ytd": "Year to date",
    "all": "All time",
}
# The evaluation period each choice stands for.
PERIOD_KEYS = {"3m": TRAILING_3, "12m": TRAILING_12, "ytd": YEAR_TO_DATE, "all": LIFETIME}


@dataclass(frozen=True)
class Chosen:
    key: str
    period: Period
    previous: Period | None  # the same length just before, to compare with; None for all time

    @property
    def label(self) -> str:
        return CHOICES[self.key]

    @property
    def period_key(self) -> str:
        """The key of this period in an evaluation's or a standing's periods."""
        return PERIOD_KEYS[self.key]

    @property
    def previous_key(self) -> str | None:
        return PREVIOUS_OF[self.period_key]

    @property
    def compared_with(self) -> str:
        if self.previous is None:
            return ""
        return f"{self.previous.start:%-d %b %Y} to {self.previous.end:%-d %b %Y}"  # pages use the |day filter


def chosen_period(key: str | None, today: datetime.date) -> Chosen:
    """The period named by ``key`` (an unknown or missing key falls back to the last 12 months)."""
    key = key if key in CHOICES else DEFAULT
    periods = standing_periods(today)
    period = dataclasses.replace(periods[PERIOD_KEYS[key]], key="selected", label=CHOICES[key])
    previous_key = PREVIOUS_OF[PERIOD_KEYS[key]]
    previous = dataclasses.replace(periods[previous_key], key="previous") if previous_key else None
    return Chosen(key, period, previous)
