"""The record lists: every invoice, payment, interaction and cost entry, filtered from the query string.

Each page and its download (``exports``) read the same ``lists.read_list``.
Staff see the lists they see on customer pages (invoices, payments,
interactions without costs of time); cost entries are for owners.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import BusinessRequest, business_view

from ..links import import_url
from ..lists.reading import read_list
from ..models import Invoice
from .common import paginate

PAGES = {
    # key: (title, the record in words, download URL name); the template is customers/lists/<key>.html
    "invoices": ("Invoices", "invoice", "export_invoices"),
    "payments": ("Payments", "payment", "export_payments"),
    "interactions": ("Calls, e-mails and work", "interaction", "export_interactions"),
    "cost_entries": ("Costs and concessions", "cost entry", "export_cost_entries"),
}
IMPORT_KIND = {"invoices": "invoices", "payments": "payments", "interactions": "calls"}


def _list_page(request: BusinessRequest, key: str) -> HttpResponse:
    listed = read_list(request, key)
    page = paginate(request, listed.rows) if listed.rows is not None else None
    today = timezone.localdate()
    if page is not None:
        page.object_list = list(page.object_list)  # read once: the loop below and the template share it
    if key == "invoices" and page is not None:
        for invoice in page.object_list:  # facts of today, as on the invoice's page
            invoice.status_now = invoice.status_on(today)
            invoice.status_now_label = Invoice.Status(invoice.status_now).label
            invoice.days_late_now = invoice.days_late_on(today)
    title, noun, download = PAGES[key]
    return render(
        request,
        f"customers/lists/{key}.html",
        {
            "listed": listed,
            "filter_form": listed.form,
            "page": page,
            "query": listed.query,
            "title": title,
            "noun": noun,
            "download_url": download,
            "import_url": import_url(IMPORT_KIND[key]) if key in IMPORT_KIND else None,
            "today": today,
            "chosen_flags": request.GET.getlist("signal"),
        },
    )


@require_GET
@business_view
def invoice_list(request: BusinessRequest) -> HttpResponse:
    return _list_page(request, "invoices")


@require_GET
@business_view
def payment_list(request: BusinessRequest) -> HttpResponse:
    return _list_page(request, "payments")


@require_GET
@business_view
def interaction_list(request: BusinessRequest) -> HttpResponse:
    return _list_page(request, "interactions")


@require_GET
@business_view(owner_only=True)
def costentry_list(request: BusinessRequest) -> HttpResponse:
    return _list_page(request, "cost_entries")
