"""Reads for the import pages."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Business
from customers.models import Customer

from .kinds.base import DUPLICATE, ERROR, NEW, SKIP, UNCHANGED, UNMATCHED, UPDATE, Plan
from .models import Import

ACTION_LABELS = {
    NEW: "New",
    UPDATE: "Update",
    UNCHANGED: "Unchanged",
    DUPLICATE: "Duplicate",
    ERROR: "Error",
    SKIP: "Skipped",
    UNMATCHED: "Unmatched",
}


def recent_imports(*, business: Business, limit: int = 20) -> QuerySet[Import]:
    return Import.objects.filter(business=business).defer("content", "problems", "headers")[:limit]


def plan_counts(plan: Plan) -> list[tuple[str, str, int]]:
    """(action, label, rows) for every action that occurs, in a fixed order."""
    return [(action, label, plan.count(action)) for action, label in ACTION_LABELS.items() if plan.count(action)]


def customer_choices(*, business: Business) -> list[tuple[int, str]]:
    return list(Customer.objects.filter(business=business).order_by("name", "id").values_list("id", "name"))
