"""One list's filters and rows for a request: what the page shows and the download writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from accounts.access import BusinessRequest, get_for_business_or_404
from accounts.models import Membership

from ..models import Customer
from . import selectors
from .forms import (
    CostEntryFilterForm,
    InteractionFilterForm,
    InvoiceFilterForm,
    PaymentFilterForm,
    RecordFilterForm,
)

# Parameters that are not filters: the page number and the download's format.
NOT_FILTERS = ("page", "format")


def _invoices(request: BusinessRequest, customer: Customer | None, filters: dict[str, Any]) -> QuerySet:
    today = timezone.localdate()  # the business's day: its zone is active in the request
    return selectors.invoice_rows(business=request.business, customer=customer, filters=filters, today=today)


def _payments(request: BusinessRequest, customer: Customer | None, filters: dict[str, Any]) -> QuerySet:
    return selectors.payment_rows(business=request.business, customer=customer, filters=filters)


def _interactions(request: BusinessRequest, customer: Customer | None, filters: dict[str, Any]) -> QuerySet:
    zone = ZoneInfo(request.business.time_zone)
    return selectors.interaction_rows(business=request.business, customer=customer, filters=filters, zone=zone)


def _cost_entries(request: BusinessRequest, customer: Customer | None, filters: dict[str, Any]) -> QuerySet:
    return selectors.cost_entry_rows(business=request.business, customer=customer, filters=filters)


LISTS: dict[str, tuple[type[RecordFilterForm], Callable[..., QuerySet]]] = {
    "invoices": (InvoiceFilterForm, _invoices),
    "payments": (PaymentFilterForm, _payments),
    "interactions": (InteractionFilterForm, _interactions),
    "cost_entries": (CostEntryFilterForm, _cost_entries),
}


@dataclass(frozen=True)
class RecordList:
    """A list as asked for: its filter form, the customer it is narrowed to, and the rows (None if refused)."""

    key: str
    form: RecordFilterForm
    customer: Customer | None
    rows: QuerySet | None
    query: str  # the filters and order as a query string, without the page number or format
    query_without_customer: str  # the same for every customer

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list (the order does not)."""
        data = self.form.cleaned_data if self.rows is not None else {}
        return any(data.get(name) for name in self.form.FILTERS)

    @property
    def problems(self) -> list[str]:
        """The form's errors as sentences, naming the filter they are about."""
        found = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label or name.capitalize() if name in self.form.fields else ""
            found += [f"{label}: {error}" if label else str(error) for error in errors]
        return found


def _staff_choices(request: BusinessRequest) -> list[tuple[int, str]]:
    members = Membership.objects.filter(business=request.business).select_related("user").order_by("pk")
    return sorted(((m.user_id, m.display_name) for m in members), key=lambda choice: choice[1].lower())


def read_list(request: BusinessRequest, key: str) -> RecordList:
    """The list ``key`` filtered by the query string; another business's customer in it is a 404."""
    form_class, rows_of = LISTS[key]
    params: QueryDict = request.GET
    extra = {"staff": _staff_choices(request)} if form_class is InteractionFilterForm else {}
    form = form_class(params, business=request.business, **extra)
    query = params.copy()
    for name in NOT_FILTERS:
        query.pop(name, None)
    everyone = query.copy()
    everyone.pop("customer", None)
    everyone.pop("customer_name", None)
    if not form.is_valid():
        return RecordList(key, form, None, None, query.urlencode(), everyone.urlencode())
    filters = {**form.cleaned_data, "ordering": form.ordering}
    customer = None
    if filters.get("customer"):
        customer = get_for_business_or_404(Customer, request, pk=filters["customer"])
    rows = rows_of(request, customer, filters)
    return RecordList(key, form, customer, rows, query.urlencode(), everyone.urlencode())
