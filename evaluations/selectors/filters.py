"""The pieces every evaluation query is built from: scope to a business, periods as filters."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import DecimalField, Q

from accounts.models import Business

from ..periods import Period

ZERO = Decimal("0")
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=20, decimal_places=2)


def scoped(queryset, business: Business, customer_id: int | tuple[int, ...] | None, field_name: str = "customer_id"):
    """The business's rows, or one customer's when ``customer_id`` is given (a tuple of ids: those customers')."""
    queryset = queryset.filter(business_id=business.pk)
    if customer_id is None:
        return queryset
    if isinstance(customer_id, tuple):
        return queryset.filter(**{f"{field_name}__in": customer_id})
    return queryset.filter(**{field_name: customer_id})


def day_q(name: str, period: Period) -> Q:
    """A date field within the period (inclusive; no start means since the beginning)."""
    q = Q(**{f"{name}__lte": period.end})
    return q & Q(**{f"{name}__gte": period.start}) if period.start else q


def instant_q(period: Period, tz: ZoneInfo) -> Q:
    """An interaction's instant within the period's local days in ``tz``."""
    q = Q(occurred_at__lt=period.ends_before(tz))
    return q & Q(occurred_at__gte=period.starts_at(tz)) if period.start else q
