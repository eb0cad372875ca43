"""Reading the values people really have in their files: amounts, dates, durations, phones.

Each parser takes the cell's text and returns a Python value, or raises
``ValueProblem`` with the sentence the validation report shows after
"row 17, Due date: ".
"""

from __future__ import annotations

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

import phonenumbers


class ValueProblem(ValueError):
    """A cell that cannot be read; the message is shown to the owner as it is."""


_CURRENCY_NOISE = re.compile(r"[A-Za-z$€£¥₹\s\u00a0\u202f']")


def parse_amount(text: str) -> Decimal:
    """'$1,234.50', '1.234,50 €', '(120.00)', '-5', 'USD 10' → Decimal (two places)."""
    raw = text.strip()
    negative = raw.startswith("(") and raw.endswith(")")
    body = raw.strip("()")
    if body.endswith("-"):
        negative, body = True, body[:-1]
    body = _CURRENCY_NOISE.sub("", body)
    if body.startswith("-"):
        negative, body = not negative, body[1:]
    if "," in body and "." in body:
        # Whichever comes last is the decimal separator.
        body = body.replace(",", "") if body.rfind(".") > body.rfind(",") else body.replace(".", "").replace(",", ".")
    elif "," in body:
        # 1,234 and 1,234,567 group thousands; 12,5 is a decimal comma.
        grouped = body.count(",") > 1 or len(body.rsplit(",", 1)[1]) == 3
        body = body.replace(",", "") if grouped else body.replace(",", ".")
    elif body.count(".") > 1:
        body = body.replace(".", "")
    try:
        value = Decimal(body)
    except InvalidOperation:
        raise ValueProblem(f"'{text}' is not an amount") from None
    if not value.is_finite() or not body:
        raise ValueProblem(f"'{text}' is not an amount")
    return (-value if negative else value).quantize(Decimal("0.01"))


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_NUMERIC = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_WORDED = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%Y", "%d-%b-%y", "%b %d %Y")


def date_order_evidence(texts) -> str | None:
    """'day' or 'month' when some date shows which comes first (13/02 or 02/13);
    'either' when no date could be read both ways (ISO dates, or none); None when they all could."""
    ambiguous = False
    for text in texts:
        match = _NUMERIC.match(text.strip())
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                return "day"
            if second > 12 >= first:
                return "month"
            ambiguous = ambiguous or first != second
    return None if ambiguous else "either"


def parse_datetime(text: str, *, month_first: bool) -> tuple[datetime.date, datetime.time | None]:
    """A date, and the time of day when the cell has one."""
    raw = text.strip()
    match = _ISO.match(raw)
    try:
        if match:
            year, month, day, hour, minute, second = match.groups()
            date = datetime.date(int(year), int(month), int(day))
            if hour is None:
                return date, None
            return date, datetime.time(int(hour), int(minute), int(second or 0))
        match = _NUMERIC.match(raw)
        if match:
            a, b, year, hour, minute, second, meridiem = match.groups()
            month, day = (a, b) if month_first else (b, a)
            full_year = int(year) + (2000 if len(year) == 2 else 0)
            date = datetime.date(full_year, int(month), int(day))
            if hour is None:
                return date, None
            return date, _time(hour, minute, second, meridiem)
    except ValueError:
        raise ValueProblem(f"'{text}' is not a date") from None
    for pattern in _WORDED:
        try:
            return datetime.datetime.strptime(raw, pattern).date(), None  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueProblem(f"'{text}' is not a date")


def parse_date(text: str, *, month_first: bool) -> datetime.date:
    return parse_datetime(text, month_first=month_first)[0]


def parse_time(text: str) -> datetime.time:
    match = re.match(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$", text.strip())
    if not match:
        raise ValueProblem(f"'{text}' is not a time of day")
    try:
        return _time(*match.groups())
    except ValueError:
        raise ValueProblem(f"'{text}' is not a time of day") from None


def _time(hour: str, minute: str, second: str | None, meridiem: str | None) -> datetime.time:
    hour_value = int(hour) % 12 + (12 if meridiem.lower() == "pm" else 0) if meridiem else int(hour)
    return datetime.time(hour_value, int(minute), int(second or 0))


def parse_minutes(text: str, *, plain_number: str) -> int:
    """'1:30:00', '01:30' (hours:minutes) or a plain number in ``plain_number`` units → whole minutes.

    Any started minute counts (a 20-second call is one minute); zero stays zero.
    """
    raw = text.strip().replace(",", ".")
    parts = raw.split(":")
    try:
        if len(parts) == 3:
            seconds = int(parts[0]) * 3600 + int(parts[1]) * 60 + float(parts[2])
        elif len(parts) == 2:
            seconds = int(parts[0]) * 3600 + int(parts[1]) * 60
        else:
            number = float(raw)
            seconds = {"seconds": 1, "minutes": 60, "hours": 3600}[plain_number] * number
    except ValueError:
        raise ValueProblem(f"'{text}' is not a duration") from None
    if seconds < 0 or seconds != seconds:
        raise ValueProblem(f"'{text}' is not a duration")
    return int(-(-round(seconds) // 60))


@functools.lru_cache(maxsize=65536)  # the same clients and people recur on every row
def normalise_name(text: str) -> str:
    """The form of a name used to match customers: case, spaces and punctuation ignored."""
    return " ".join(re.sub(r"[^\w\s&]", " ", text.casefold()).split())


def normalise_phone(text: str, region: str) -> str | None:
    """E.164 ('+14155550100'), or None when the text is not a possible phone number."""
    if not text or not text.strip():
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
