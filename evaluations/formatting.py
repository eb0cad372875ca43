"""The one way figures are written for people: money, percentages, hours and days, rounded half up.

The rules' sentences, the templates' filters and the charts' summaries all
call these, so one number never shows two ways on one page (a share of
12.5% is "13%" in a sentence and beside it). Plain Python, no Django.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

# Money and dates are written in ``accounts.formats`` (the lowest layer, so that the
# records' own messages use them too); this module is how every page reaches them.
from accounts.formats import MISSING as MISSING
from accounts.formats import date as date
from accounts.formats import day_month as day_month
from accounts.formats import moment as moment
from accounts.formats import money as money
from accounts.formats import rounded as rounded

HUNDRED = Decimal(100)


def number(value: Decimal | int | float, places: int = 0) -> str:
    """Grouped by thousands: 1,234.5."""
    return f"{rounded(value, places):,}"


def percent(fraction: Decimal | int | float | None, places: int = 0) -> str:
    """A fraction as a percentage: 0.125 -> "13%"; ``n/a`` for no value."""
    if fraction is None:
        return MISSING
    return f"{rounded(Decimal(str(fraction)) * HUNDRED, places)}%"


def percent_value(fraction: Decimal | int | float, places: int = 0) -> Decimal:
    """A fraction as the number a chart plots for its percentage: 0.125 -> 13 (as ``percent`` writes it)."""
    return rounded(Decimal(str(fraction)) * HUNDRED, places)


def hours(value: Decimal | int | float | None, places: int = 1) -> str:
    return MISSING if value is None else f"{number(value, places)} h"


def days(value: Decimal | int | float | None, places: int = 1) -> str:
    """ "3.5 days", "95 days" (whole days without decimals), "1 day" (singular only for exactly one)."""
    if value is None:
        return MISSING
    amount = rounded(value, places)
    if amount == amount.to_integral_value():
        places = 0
    text = number(value, places)
    return f"{text} day" if amount == 1 else f"{text} days"


def days_late(value: int) -> str:
    """How late something was paid, said plainly when it was not late at all."""
    return "on time" if value <= 0 else f"{days(value)} late"


def figure(value: Decimal | int | float | None, unit: str, symbol: str = "") -> str:
    """A value by its unit (money, percent as a fraction, hours, days, count): one way for every page."""
    if value is None:
        return MISSING
    if unit == "money":
        return money(value, symbol)
    if unit == "percent":
        return percent(value)
    if unit == "hours":
        return hours(value, places=0)  # whole hours, grouped: "1,685 h"
    if unit == "days":
        return days(value)
    if isinstance(value, int | Decimal | float):
        return number(value, 0 if rounded(value, 2) == rounded(value, 0) else 2)
    return str(value)


def change(value: Decimal | int | float, unit: str, symbol: str = "") -> str:
    """A change without its sign, for beside an up or down arrow: "▼ $164.83", never "▼ −$164.83"."""
    return figure(abs(Decimal(str(value))), unit, symbol)


def per_unit_of_money(value: Decimal | int | float | None, symbol: str = "") -> str:
    """A cost for each 1 of revenue, as money: 1.25 -> "$1.25"."""
    return money(value, symbol)


def over(period_label: str) -> str:
    """A period after "over": "over the last 12 months", "over the year to date", "over all time"."""
    label = period_label[:1].lower() + period_label[1:]
    return f"over {label}" if label.startswith("all ") else f"over the {label}"


def date_range(start: datetime.date, end: datetime.date, month_first: bool = True) -> str:
    return f"{date(start, month_first)} to {date(end, month_first)}"


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def month(value: str | datetime.date | None) -> str:
    """A month as words: "2026-09" (as the rules give it) or a date -> "September 2026"."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        year, number = (int(part) for part in value.split("-")[:2])
        return f"{MONTH_NAMES[number - 1]} {year}"
    return f"{MONTH_NAMES[value.month - 1]} {value.year}"
