"""Values from history rows in plain words (money with the business's symbol, dates, names)."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django.contrib.auth import get_user_model
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.template.defaultfilters import floatformat
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_date, parse_datetime

EMPTY = "(empty)"
# The field whose value names a record best, in order of preference.
NAMING_FIELDS = ("name", "number", "title")
# The record a child row is listed under, nearest first.
PARENTS = ("invoice", "contract", "customer")


def naming_field(model: type[models.Model]) -> str | None:
    """The field whose value names a record of this kind, if it has one."""
    fields = {f.name for f in model._meta.concrete_fields}
    return next((name for name in NAMING_FIELDS if name in fields), None)


def record_label(model: type[models.Model], row: dict, *, symbol: str, names: dict[tuple, str]) -> str:
    """A record in words: "Invoice INV-7", "Payment of $120.00 (INV-7)", "Membership of Sam Lee", "Addendum #3 (Care)".

    Rows without a name of their own are named after their amount or number and their parent.
    """
    kind = str(model._meta.verbose_name).capitalize()
    naming = naming_field(model)
    if naming and row.get(naming):
        return f"{kind} {row[naming]}"
    fields = {f.name: f for f in model._meta.concrete_fields}
    if "user" in fields and row.get(fields["user"].column):
        return f"{kind} of {names.get((fields['user'].related_model, row[fields['user'].column]), 'a former user')}"
    if "amount" in fields and row.get("amount") is not None:
        label = f"{kind} of {describe_value(fields['amount'], row['amount'], symbol=symbol, names=names)}"
    else:
        label = f"{kind} #{row.get('id')}"
    for parent in PARENTS:
        if parent in fields and (fields[parent].related_model, row.get(fields[parent].column)) in names:
            return f"{label} ({names[(fields[parent].related_model, row[fields[parent].column])]})"
    return label


def is_money(model_field: models.Field) -> bool:
    """Money fields are the two-decimal amounts that are not hours."""
    return (
        isinstance(model_field, models.DecimalField)
        and model_field.decimal_places == 2
        and "hours" not in model_field.name
    )


def describe_value(model_field: models.Field, value, *, symbol: str, names: dict[tuple, str]) -> str:
    """One stored value as an owner reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "yes" if value else "no"
    if model_field.is_relation:
        related = cast(type[models.Model], model_field.related_model)  # a relation has a model
        fallback = "a former user" if related is get_user_model() else f"{related._meta.verbose_name} #{value}"
        return names.get((related, int(value)), fallback)
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
