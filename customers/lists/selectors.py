"""The rows of each record list for its cleaned filters: one query, related rows joined.

The pages paginate these querysets and the downloads stream them, so each is
one query (plus the page's count) whatever the size of the business, on the
indexes that lead with ``business``.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F, Q, QuerySet

from accounts.models import Business

from ..models import CostEntry, Customer, Interaction, Invoice, Payment
from ..models.billing import overdue_q
from ..models.interactions import SIGNALS
from .forms import OUTSIDE_CONTRACT, CostEntryFilterForm


def _local_midnight(day: datetime.date, zone: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)


def _dated(rows: QuerySet, field: str, filters: dict[str, Any]) -> QuerySet:
    if filters.get("from"):
        rows = rows.filter(**{f"{field}__gte": filters["from"]})
    if filters.get("to"):
        rows = rows.filter(**{f"{field}__lte": filters["to"]})
    return rows


def late_q(today: datetime.date) -> Q:
    """Days late above zero on ``today`` (as ``Invoice.days_late_on``): overdue now, or paid after the due date."""
    return overdue_q(today) | Q(paid_in_full_on__gt=F("due_date"))


def invoice_status_q(status: str, today: datetime.date) -> Q:
    """The invoices whose ``Invoice.status_on(today)`` is ``status`` (or the groups "unpaid" and "late")."""
    not_due = Q(paid_in_full_on__isnull=True, due_date__gte=today)
    return {
        "unpaid": Q(paid_in_full_on__isnull=True),
        "overdue": overdue_q(today),
        "late": late_q(today),
        "open": not_due & Q(amount_paid=0),
        "partly_paid": not_due & Q(amount_paid__gt=0),
        "paid": Q(paid_in_full_on__isnull=False),
    }[status]


def invoice_rows(
    *, business: Business, customer: Customer | None, filters: dict[str, Any], today: datetime.date
) -> QuerySet[Invoice]:
    rows: QuerySet[Invoice] = Invoice.objects.filter(business=business).select_related("customer")
    if customer is not None:
        rows = rows.filter(customer=customer)
    rows = _dated(rows, "due_date" if filters.get("dates") == "due" else "issue_date", filters)
    if filters.get("status"):
        rows = rows.filter(invoice_status_q(filters["status"], today))
    return rows.order_by(*filters["ordering"])


def payment_rows(*, business: Business, customer: Customer | None, filters: dict[str, Any]) -> QuerySet[Payment]:
    rows: QuerySet[Payment] = Payment.objects.filter(business=business).select_related("invoice__customer")
    if customer is not None:
        rows = rows.filter(invoice__customer=customer)
    rows = _dated(rows, "date", filters)
    if filters.get("method"):
        rows = rows.filter(method=filters["method"])
    return rows.order_by(*filters["ordering"])


def flags_q(flags: list[str]) -> Q:
    """Interactions with any of the flags: a ticked signal, or time outside the contract."""
    condition = Q(pk__in=[])
    for flag in flags:
        condition |= Q(in_scope=False) if flag == OUTSIDE_CONTRACT else Q(**{flag: True})
    return condition


def interaction_rows(
    *, business: Business, customer: Customer | None, filters: dict[str, Any], zone: ZoneInfo
) -> QuerySet[Interaction]:
    """Dates are the business's local days: [local midnight of "from", local midnight after "to")."""
    rows: QuerySet[Interaction] = Interaction.objects.filter(business=business).select_related("customer", "handled_by")
    if customer is not None:
        rows = rows.filter(customer=customer)
    # Instants, not the request's zone: downloads are read after the request's zone is gone.
    if filters.get("from"):
        rows = rows.filter(occurred_at__gte=_local_midnight(filters["from"], zone))
    if filters.get("to"):
        rows = rows.filter(occurred_at__lt=_local_midnight(filters["to"] + datetime.timedelta(days=1), zone))
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    if filters.get("scope"):
        rows = rows.filter(in_scope=filters["scope"] == "in")
    flags = [flag for flag in filters.get("signal") or () if flag == OUTSIDE_CONTRACT or flag in SIGNALS]
    if flags:
        rows = rows.filter(flags_q(flags))
    if filters.get("staff"):
        rows = rows.filter(handled_by_id=filters["staff"])
    return rows.order_by(*filters["ordering"])


def cost_entry_rows(*, business: Business, customer: Customer | None, filters: dict[str, Any]) -> QuerySet[CostEntry]:
    rows: QuerySet[CostEntry] = CostEntry.objects.filter(business=business).select_related("customer")
    if customer is not None:
        rows = rows.filter(customer=customer)
    rows = _dated(rows, "date", filters)
    kind = filters.get("kind")
    if kind == CostEntryFilterForm.CONCESSION:
        rows = rows.filter(kind__in=CostEntry.CONCESSIONS)
    elif kind == CostEntryFilterForm.DIRECT:
        rows = rows.exclude(kind__in=CostEntry.CONCESSIONS)
    elif kind:
        rows = rows.filter(kind=kind)
    return rows.order_by(*filters["ordering"])
