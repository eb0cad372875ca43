"""Formatting only: figures as an owner reads them, through ``evaluations.formatting``."""

from __future__ import annotations

from django import template

from evaluations import formatting

register = template.Library()


@register.filter
def money(value, symbol: str = "") -> str:
    return formatting.money(value, symbol)


@register.filter
def percent(value) -> str:
    return formatting.percent(value)


@register.simple_tag
def figure(item, symbol: str = "") -> str:
    """A rules.Figure as text, by its unit."""
    value = item.value
    if value is None:
        return formatting.MISSING
    if item.unit == "money":
        return formatting.money(value, symbol)
    if item.unit == "percent":
        return formatting.percent(value)
    if item.unit == "hours":
        return formatting.hours(value)
    if item.unit == "days":
        return formatting.days(value)
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
