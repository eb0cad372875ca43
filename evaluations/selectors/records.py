"""Reads for one customer's page: the records behind the ratings, the payment trend, the business's revenue."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from accounts.models import Business
from customers.models import CostEntry, Interaction, Invoice

from ..periods import Period, add_months, month_from_index, month_index, month_start
from ..rules import Evidence
from .filters import ZERO, day_q


def payment_trend(
    business: Business, customer_id: int, today: datetime.date, months: int = 12
) -> list[tuple[datetime.date, Decimal]]:
    """One customer's average days late (weighted by amount) for each month invoices fell due, oldest first."""
    start = month_start(add_months(today, -(months - 1)))
    rows = (
        Invoice.objects.filter(
            business_id=business.pk, customer_id=customer_id, due_date__gte=start, due_date__lte=today
        )
        .with_days_late(today)
        .values_list("due_date", "amount", "days_late")
    )
    by_month: dict[int, list[Decimal]] = {}
    for due_date, amount, late in rows:
        weighted = by_month.setdefault(month_index(due_date), [ZERO, ZERO])
        weighted[0] += amount * late
        weighted[1] += amount
    return [(month_from_index(m), (w / a).quantize(Decimal("0.1"))) for m, (w, a) in sorted(by_month.items())]


def business_revenue(business: Business, period: Period) -> Decimal:
    """All the business's invoiced revenue in a period (for one customer's share of it)."""
    return (
        Invoice.objects.filter(business_id=business.pk)
        .filter(day_q("issue_date", period))
        .aggregate(total=Sum("amount", default=ZERO))["total"]
    )


EVIDENCE_MODELS = {"interaction": Interaction, "invoice": Invoice, "cost_entry": CostEntry}


def evidence_records(
    business: Business, customer_id: int, evidence: Iterable[Evidence]
) -> dict[tuple[str, int], object]:
    """The records behind ratings, keyed (kind, id): one query per kind, only this customer's."""
    wanted: dict[str, set[int]] = {}
    for item in evidence:
        wanted.setdefault(item.kind, set()).add(item.id)
    records: dict[tuple[str, int], object] = {}
    for kind, ids in wanted.items():
        model: Any = EVIDENCE_MODELS[kind]  # each kind has business_id and customer_id
        rows = model.objects.filter(business_id=business.pk, customer_id=customer_id, pk__in=ids)
        records |= {(kind, row.pk): row for row in rows}
    return records
