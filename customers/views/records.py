"""Read-only pages of one interaction, cost entry or payment: what evidence and lists open.

Checking a record must never risk changing it, so these pages only show it;
editing is a separate button, there only for those allowed to edit.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import BusinessRequest, business_view, can_edit_record, get_for_business_or_404
from audit.views import history_section

from ..models import CostEntry, Interaction, Payment


@require_GET
@business_view
def interaction_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    interaction = get_for_business_or_404(
        Interaction.objects.select_related("customer", "handled_by", "created_by"), request, pk=pk
    )
    return render(
        request,
        "customers/interaction_detail.html",
        {
            "interaction": interaction,
            "customer": interaction.customer,
            "can_edit": can_edit_record(request, interaction),
            "show_costs": request.membership.is_owner,  # people's hourly costs are for owners
            **history_section(request, interaction),
        },
    )


@require_GET
@business_view(owner_only=True)
def costentry_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    entry = get_for_business_or_404(CostEntry.objects.select_related("customer", "created_by"), request, pk=pk)
    return render(
        request,
        "customers/costentry_detail.html",
        {"entry": entry, "customer": entry.customer, "can_edit": True, **history_section(request, entry)},
    )


@require_GET
@business_view
def payment_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    payment = get_for_business_or_404(Payment.objects.select_related("invoice__customer", "created_by"), request, pk=pk)
    return render(
        request,
        "customers/payment_detail.html",
        {
            "payment": payment,
            "invoice": payment.invoice,
            "customer": payment.invoice.customer,
            "can_edit": can_edit_record(request, payment),
            **history_section(request, payment),
        },
    )
