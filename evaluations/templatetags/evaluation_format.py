"""Formatting only: figures as an owner reads them, through ``evaluations.formatting``."""

from __future__ import annotations

import datetime
import functools

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from accounts.markup import escaped
from evaluations import formatting

register = template.Library()


def _month_first(business) -> bool:
    """The business's date order; month first (the default) when a page has no business."""
    return bool(getattr(business, "dates_month_first", True))


def _local(value):
    """Aware datetimes in the current zone (the business's, set per request), as Django's ``date`` filter does."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def day(value, business=None) -> str:
    """A date (or the day of a datetime) in the business's one format: "Nov 26, 2026" or "26 Nov 2026"."""
    if value in (None, ""):
        return ""
    value = _local(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return formatting.date(value, _month_first(business))


@register.filter
def day_month(value, business=None) -> str:
    """A date without its year, in the business's order: "Nov 26" or "26 Nov"."""
    if value in (None, ""):
        return ""
    value = _local(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return formatting.day_month(value, _month_first(business))


@register.filter
def moment(value, business=None) -> str:
    """A datetime in the business's date format with the local time: "Nov 26, 2026, 14:05"."""
    if value in (None, ""):
        return ""
    return formatting.moment(_local(value), _month_first(business))


@register.filter
def hours(value, places: int = 1) -> str:
    """Hours grouped by thousands: "1,685.5 h" (``|hours:0`` for whole hours)."""
    return formatting.hours(value, int(places))


@register.simple_tag
def change(value, unit: str, symbol: str = "") -> str:
    """A change without its sign, shown beside its up or down arrow."""
    return formatting.change(value, unit, symbol)


@register.simple_tag
def value_in(value, unit: str, symbol: str = "") -> str:
    """A value by its unit (money, hours, percent, days, count)."""
    return formatting.figure(value, unit, symbol)


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
    if item.unit == "month":
        return formatting.month(value)
    if item.unit == "count":
        return formatting.number(value)
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


# Drawn once per row of long tables (the dashboard's 50 customers, its watchlist and renewals): tags that
# build their few elements directly, rather than includes that each set up a template context. There are
# only four verdicts and 81 ways to rate the same four questions, so each is built once per process.
@register.simple_tag
def verdict_badge(verdict) -> str:
    """A verdict as a coloured badge."""
    return _badge(verdict)


@functools.lru_cache(maxsize=32)
def _badge(verdict) -> str:
    return format_html('<span class="badge {}">{}</span>', verdict_class(verdict), verdict.label)


@register.simple_tag
def question_markers(questions) -> str:
    """The four questions as small numbered markers coloured by rating, with the words for screen readers."""
    return _markers(tuple(questions))


@functools.lru_cache(maxsize=256)
def _markers(questions: tuple) -> str:
    markers = "".join(
        f'<span class="q-marker q-{escaped(q.rating.value)}" title="{q.number}. {escaped(q.question)}'
        f' {escaped(q.rating.label)}" aria-hidden="true">{q.number}</span>'
        for q in questions
    )
    words = escaped(" ".join(f"Question {q.number}, {q.question} {q.rating.label}." for q in questions))
    # Every value escaped above (``accounts.markup``: format_html's per-value check cost a tenth of the page).
    return mark_safe(f'<span class="q-markers">{markers}<span class="visually-hidden">{words}</span></span>')  # noqa: S308
