"""Values from history rows in plain words (money with the business's symbol, dates, names)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.template.defaultfilters import floatformat
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_date, parse_datetime

EMPTY = "(empty)"
# The field whose value names a record best, in order of preference.
NAMING_FIELDS = ("name", "number", "title")


def record_label(model: type[models.Model], row: dict) -> str:
    """ "Invoice 1001", "Customer Acme Ltd", or "Payment #12" when the record has no name of its own."""
    kind = model._meta.verbose_name.capitalize()
    for name in NAMING_FIELDS:
        if any(f.name == name for f in model._meta.concrete_fields) and row.get(name):
            return f"{kind} {row[name]}"
    return f"{kind} #{row.get('id')}"


def is_money(model_field: models.Field) -> bool:
    """Money fields are the two-decimal amounts that are not hours."""
    return (
        isinstance(model_field, models.DecimalField)
        and model_field.decimal_places == 2
        and "hours" not in model_field.name
    )


def describe_value(model_field: models.Field, value, *, symbol: str, names: dict[int, str]) -> str:
    """One stored value as an owner reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "yes" if value else "no"
    if model_field.is_relation:
        if model_field.related_model is get_user_model():
            return names.get(int(value), "a former user")
        return f"{model_field.related_model._meta.verbose_name} #{value}"
    if isinstance(model_field, models.DecimalField):
        amount = Decimal(str(value))
        if is_money(model_field):
            sign = "-" if amount < 0 else ""
            return f"{sign}{symbol}{intcomma(floatformat(abs(amount), 2))}"
        return str(amount)
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(value)
        return dateformat.format(timezone.localtime(moment), "M j, Y, H:i") if moment else str(value)
    if isinstance(model_field, models.DateField):
        day = parse_date(value)
        return dateformat.format(day, "M j, Y") if day else str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
