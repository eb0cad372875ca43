from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.urls import reverse

from accounts.access import BusinessRequest, business_view, get_for_business_or_404
from accounts.formats import money_for

from ..forms import CostEntryForm
from ..models import CostEntry, Customer
from .common import back_to, create_record_once, render_form, safe_next, save_record

INTRO = (
    "A direct cost of serving this customer (materials, travel, a subcontractor) or something given away "
    "(a refund, write-off, discount or free work). Concessions count towards “takes advantage of your good nature”."
)


@business_view(owner_only=True)
def costentry_create(request: BusinessRequest, customer_pk: int) -> HttpResponse:
    customer = get_for_business_or_404(Customer, request, pk=customer_pk)
    form = CostEntryForm(request.POST or None, business=request.business, customer=customer)
    back = reverse("customer_detail", args=[customer.pk])

    def success(entry: CostEntry) -> str:
        amount = money_for(request.business, entry.amount)
        messages.success(request, f"{entry.get_kind_display()} of {amount} recorded for {customer.name}.")
        return safe_next(request, back)

    if (done := create_record_once(request, form, success=success)) is not None:
        return done
    return render_form(
        request,
        form,
        title=f"Cost or concession for {customer.name}",
        back_url=back,
        customer=customer,
        submit="Record",
        intro=INTRO,
    )


@business_view(owner_only=True)
def costentry_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    entry = get_for_business_or_404(CostEntry.objects.select_related("customer"), request, pk=pk)
    customer = entry.customer
    form = CostEntryForm(request.POST or None, instance=entry, business=request.business, customer=customer)
    back = reverse("customer_detail", args=[customer.pk])
    saved = save_record(request, form)
    if saved is not None:
        messages.success(request, "The cost entry was saved.")
        return back_to(request, back)
    return render_form(request, form, title=f"Edit a cost entry for {customer.name}", back_url=back, customer=customer)
