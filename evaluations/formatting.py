"""The one way figures are written for people: money, percentages, hours and days, rounded half up.

The rules' sentences, the templates' filters and the charts' summaries all
call these, so one number never shows two ways on one page (a share of
12.5% is "13%" in a sentence and beside it). Plain Python, no Django.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
MISSING = "n/a"


def rounded(value: Decimal | int | float, places: int = 0) -> Decimal:
    """``value`` to ``places`` decimals, halves away from zero (2.5 -> 3, 0.125 -> 0.13 at 2 places)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number(value: Decimal | int | float, places: int = 0) -> str:
    """Grouped by thousands: 1,234.5."""
    return f"{rounded(value, places):,}"


def money(value: Decimal | int | float | None, symbol: str = "", minus: str = "-") -> str:
    """-$1,234.56 (the sign before the symbol); ``n/a`` for no value."""
    if value is None:
        return MISSING
    amount = rounded(value, 2)
    sign = minus if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,}"


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
    """ "3.5 days", "1 day" (singular only for exactly one)."""
    if value is None:
        return MISSING
    amount = rounded(value, places)
    text = number(value, places)
    return f"{text} day" if amount == 1 else f"{text} days"
