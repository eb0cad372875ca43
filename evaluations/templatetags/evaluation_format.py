"""Formatting only: figures as an owner reads them (money, percentages, hours, days)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def money(value, symbol: str = "") -> str:
    if value is None:
        return "n/a"
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{intcomma(floatformat(abs(value), 2))}"


@register.filter
def percent(value) -> str:
    if value is None:
        return "n/a"
    return f"{floatformat(Decimal(value) * 100, 0)}%"


@register.simple_tag
def figure(item, symbol: str = "") -> str:
    """A rules.Figure as text, by its unit."""
    value = item.value
    if value is None:
        return "n/a"
    if item.unit == "money":
        return money(value, symbol)
    if item.unit == "percent":
        return percent(value)
    if item.unit == "hours":
        return f"{floatformat(value, 1)} h"
    if item.unit == "days":
        return f"{floatformat(value, 1)} days"
    return str(value)


@register.filter
def rating_class(rating) -> str:
    return {"ok": "text-bg-success", "watch": "text-bg-warning", "red": "text-bg-danger"}.get(
        str(rating), "text-bg-secondary"
    )


@register.filter
def verdict_class(verdict) -> str:
    return {
        "keep": "text-bg-success",
        "watch": "text-bg-info",
        "renegotiate": "text-bg-warning",
        "boot": "text-bg-danger",
    }.get(str(verdict), "text-bg-secondary")


@register.filter
def days_late_on(invoice, today) -> int:
    return invoice.days_late_on(today)
