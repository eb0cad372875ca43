"""Money and dates as people read them: the one definition, used by ``evaluations.formatting`` and every page.

Here, in the lowest layer, so that the records' own messages ("Payment of
$500.00 recorded", "due Nov 26, 2026") are written the same way as the
reports. Plain Python, no Django. Exports stay ISO (2026-11-26): spreadsheets read them, not people.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

MISSING = "n/a"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rounded(value: Decimal | int | float, places: int = 0) -> Decimal:
    """``value`` to ``places`` decimals, halves away from zero (2.5 -> 3, 0.125 -> 0.13 at 2 places)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def money(value: Decimal | int | float | None, symbol: str = "", minus: str = "-") -> str:
    """-$1,234.56 (the sign before the symbol); ``n/a`` for no value."""
    if value is None:
        return MISSING
    amount = rounded(value, 2)
    sign = minus if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,}"


def date(value: datetime.date | None, month_first: bool = True) -> str:
    """One date format per business: "Nov 26, 2026" where the month comes first (US), "26 Nov 2026" elsewhere."""
    if value is None:
        return MISSING
    month = MONTHS[value.month - 1]
    return f"{month} {value.day}, {value.year}" if month_first else f"{value.day} {month} {value.year}"


def day_month(value: datetime.date | None, month_first: bool = True) -> str:
    """``date`` without the year, for dates close to today: "Nov 26" or "26 Nov"."""
    if value is None:
        return MISSING
    month = MONTHS[value.month - 1]
    return f"{month} {value.day}" if month_first else f"{value.day} {month}"


def moment(value: datetime.datetime | None, month_first: bool = True) -> str:
    """A date as ``date`` with the time of day: "Nov 26, 2026, 14:05" (in the zone ``value`` is in)."""
    if value is None:
        return MISSING
    return f"{date(value.date(), month_first)}, {value:%H:%M}"


class _Locale(Protocol):
    @property
    def dates_month_first(self) -> bool: ...

    @property
    def currency_symbol(self) -> str: ...


def date_for(business: _Locale, value: datetime.date | None) -> str:
    """``date`` in the business's order (see ``Business.dates_month_first``)."""
    return date(value, business.dates_month_first)


def money_for(business: _Locale, value: Decimal | int | float | None) -> str:
    """``money`` in the business's currency: "$500.00"."""
    return money(value, business.currency_symbol)
