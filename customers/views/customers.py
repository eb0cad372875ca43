from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import (
    BusinessRequest,
    business_view,
    can_edit_record,
    get_for_business_or_404,
    require_owner_or_creator,
)
from audit.views import history_section

from .. import selectors, services
from ..forms import CustomerEndForm, CustomerForm
from ..links import import_url
from ..models import CostEntry, Customer, Interaction
from .common import add_errors, create_record_once, paginate, render_form, save_record


@business_view
def customer_list(request: BusinessRequest) -> HttpResponse:
    filters = {
        "search": request.GET.get("q", "").strip(),
        "status": request.GET.get("status", ""),
        "tag": request.GET.get("tag", ""),
        "sort": request.GET.get("sort", "name"),
    }
    customers = selectors.customer_list(business=request.business, today=timezone.localdate(), **filters)
    page = paginate(request, customers)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "customers/customer_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": Customer.Status.choices,
            "tags": selectors.customer_tags(business=request.business),
            "sorts": [(key, label) for key, (label, _) in selectors.CUSTOMER_SORTS.items()],
            "query": query.urlencode(),
            "filtered": any(filters[key] for key in ("search", "status", "tag")),
            "import_url": import_url("customers"),
        },
    )


@business_view
def customer_create(request: BusinessRequest) -> HttpResponse:
    form = CustomerForm(request.POST or None, business=request.business)

    def success(customer: Customer) -> str:
        messages.success(request, f"{customer.name} was added.")
        return reverse("customer_detail", args=[customer.pk])

    if (done := create_record_once(request, form, success=success)) is not None:
        return done
    return render_form(request, form, title="New customer", back_url=reverse("customer_list"), submit="Add customer")


@business_view
def customer_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    customer = get_for_business_or_404(Customer.objects.select_related("created_by"), request, pk=pk)
    today = timezone.localdate()
    contracts = list(selectors.contracts_of(customer))
    active = next((c for c in contracts if c.status == c.Status.ACTIVE), None)
    open_invoices = list(selectors.open_invoices_of(customer))
    rows = selectors.customer_timeline_rows(
        customer, include_costs=request.membership.is_owner, time_zone=timezone.get_current_timezone()
    )
    page = paginate(request, rows, per_page=20)
    entries = selectors.timeline_entries(list(page.object_list))
    for entry in entries:
        entry.editable = can_edit_record(request, entry.record)
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "today": today,
            "amended": selectors.contract_as_amended(active, today) if active else None,
            "other_contracts": [c for c in contracts if c is not active],
            "open_invoices": [
                (invoice, invoice.status_on(today), invoice.days_late_on(today)) for invoice in open_invoices
            ],
            "page": page,
            "entries": entries,
            "can_edit": can_edit_record(request, customer),
            **history_section(request, customer, children=[(Interaction, "customer"), (CostEntry, "customer")]),
        },
    )


@business_view
def customer_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    customer = get_for_business_or_404(Customer, request, pk=pk)
    require_owner_or_creator(request, customer)
    form = CustomerForm(request.POST or None, instance=customer, business=request.business)
    saved = save_record(request, form)
    if saved is not None:
        messages.success(request, f"{customer.name} was saved.")
        return redirect("customer_detail", pk=customer.pk)
    back = reverse("customer_detail", args=[customer.pk])
    return render_form(request, form, title=f"Edit {customer.name}", back_url=back, customer=customer)


@business_view(owner_only=True)
def customer_end(request: BusinessRequest, pk: int) -> HttpResponse:
    customer = get_for_business_or_404(Customer, request, pk=pk)
    back = reverse("customer_detail", args=[customer.pk])
    if customer.status == Customer.Status.FORMER:
        messages.info(request, f"{customer.name} is already a former customer.")
        return redirect(back)
    form = CustomerEndForm(request.POST or None, customer=customer)
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_end(customer=customer, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{customer.name} is now a former customer. All its history is kept.")
            return redirect(back)
    return render_form(
        request,
        form,
        title=f"End {customer.name}",
        back_url=back,
        customer=customer,
        submit="End this customer",
        danger=True,
        intro="The customer becomes “former”: nothing is deleted, and its records stay in every report.",
    )


@require_POST
@business_view(owner_only=True)
def customer_reopen(request: BusinessRequest, pk: int) -> HttpResponse:
    customer = get_for_business_or_404(Customer, request, pk=pk)
    if customer.status == Customer.Status.FORMER:
        services.customer_reopen(customer=customer)
        messages.success(request, f"{customer.name} is an active customer again.")
    return redirect("customer_detail", pk=customer.pk)


@require_GET
@business_view
def customer_lookup(request: BusinessRequest) -> JsonResponse:
    """The type-ahead behind "Log a call": up to 20 matching customers."""
    text = request.GET.get("q", "")
    results = selectors.customer_lookup(business=request.business, text=text) if text.strip() else []
    return JsonResponse({"results": results})
