"""Sane bounds for what people type, shared by forms, models and database constraints.

A date in year 9999 or a notice period of a million days is a typing slip, and
accepted once it breaks every page that does date arithmetic on it. Forms refuse
such values with a clear message; the database refuses them too, so nothing
(the admin, an import, a script) can store them.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.deconstruct import deconstructible

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)
# Timestamps: the database holds them in UTC within these bounds; forms check the
# local wall-clock date a day inside them, so every time zone fits (and no
# arithmetic near year 9999 can overflow while checking).
EARLIEST_MOMENT = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST_MOMENT = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)

MAX_NOTICE_DAYS = 3 * 366  # three years
MAX_PAYMENT_TERMS_DAYS = 366  # one year
MAX_DURATION_MINUTES = 24 * 60  # one interaction lasts at most a day
MAX_QUERY_PARAMETER_LENGTH = 200  # search boxes and filters

DATE_RANGE_MESSAGE = f"Enter a date between {EARLIEST_DATE:%b %-d, %Y} and {LATEST_DATE:%b %-d, %Y}."


def date_validators() -> list:
    """Validators for a model or form DateField: within the sane range."""
    return [
        MinValueValidator(EARLIEST_DATE, message=DATE_RANGE_MESSAGE),
        MaxValueValidator(LATEST_DATE, message=DATE_RANGE_MESSAGE),
    ]


@deconstructible
class MomentInRange:
    """A timestamp whose local date lies a day inside the database's bounds.

    It compares wall-clock dates only: comparing an aware 9999-12-31 23:59 in
    New York with a UTC bound would itself overflow.
    """

    earliest = EARLIEST_MOMENT.date() + datetime.timedelta(days=1)
    latest = LATEST_MOMENT.date() - datetime.timedelta(days=2)

    def __call__(self, value: datetime.datetime) -> None:
        if not self.earliest <= value.date() <= self.latest:
            raise ValidationError(
                f"Enter a date between {self.earliest:%b %-d, %Y} and {self.latest:%b %-d, %Y}.", code="out_of_range"
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MomentInRange)

    def __hash__(self) -> int:
        return hash(MomentInRange)


def moment_validators() -> list:
    """Validators for a model or form DateTimeField: within the sane range."""
    return [MomentInRange()]


def days_validators(maximum: int, what: str) -> list:
    return [
        MinValueValidator(0, message=f"The {what} cannot be negative."),
        MaxValueValidator(maximum, message=f"The {what} can be at most {maximum} days."),
    ]


def date_in_range(field: str, *, nullable: bool = False) -> Q:
    """The CHECK condition keeping a date column within the sane range."""
    condition = Q(**{f"{field}__gte": EARLIEST_DATE, f"{field}__lte": LATEST_DATE})
    return Q(**{f"{field}__isnull": True}) | condition if nullable else condition


def moment_in_range(field: str) -> Q:
    """The CHECK condition keeping a timestamp column within the sane range."""
    return Q(**{f"{field}__gte": EARLIEST_MOMENT, f"{field}__lt": LATEST_MOMENT})
