from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import (
    BusinessRequest,
    business_view,
    can_edit_record,
    get_for_business_or_404,
    require_owner_or_creator,
)
from accounts.formats import date_for, money_for
from accounts.submissions import create_once
from accounts.versions import EditConflict, show_conflict
from audit.views import history_section

from .. import selectors, services
from ..forms import FollowUpForm, InvoiceForm, PaymentForm
from ..models import Customer, Invoice, Payment
from .common import add_errors, create_record_once, render_form, safe_next, save_record


@business_view
def invoice_create(request: BusinessRequest, customer_pk: int) -> HttpResponse:
    customer = get_for_business_or_404(Customer, request, pk=customer_pk)
    form = InvoiceForm(request.POST or None, business=request.business, customer=customer)

    def success(invoice: Invoice) -> str:
        messages.success(
            request, f"Invoice {invoice.number} was added, due {date_for(request.business, invoice.due_date)}."
        )
        return reverse("invoice_detail", args=[invoice.pk])

    if (done := create_record_once(request, form, success=success)) is not None:
        return done
    back = reverse("customer_detail", args=[customer.pk])
    return render_form(
        request, form, title=f"New invoice for {customer.name}", back_url=back, customer=customer, submit="Add invoice"
    )


@business_view
def invoice_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    invoice = get_for_business_or_404(
        Invoice.objects.select_related("customer", "contract", "created_by"), request, pk=pk
    )
    today = timezone.localdate()
    payments = list(selectors.invoice_payments(invoice))
    return render(
        request,
        "customers/invoice_detail.html",
        {
            "invoice": invoice,
            "customer": invoice.customer,
            "status": invoice.status_on(today),
            "days_late": invoice.days_late_on(today),
            "payments": [(payment, can_edit_record(request, payment)) for payment in payments],
            "follow_ups": selectors.invoice_follow_ups(invoice),
            "payment_form": PaymentForm(invoice=invoice) if invoice.balance > 0 else None,
            "follow_up_form": FollowUpForm(),
            "can_edit": can_edit_record(request, invoice),
            "today": today,
            **history_section(request, invoice, children=[(Payment, "invoice")]),
        },
    )


@business_view
def invoice_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    invoice = get_for_business_or_404(Invoice.objects.select_related("customer"), request, pk=pk)
    require_owner_or_creator(request, invoice)
    form = InvoiceForm(request.POST or None, instance=invoice, business=request.business, customer=invoice.customer)
    saved = save_record(request, form)
    if saved is not None:
        messages.success(request, f"Invoice {invoice.number} was saved.")
        return redirect("invoice_detail", pk=invoice.pk)
    back = reverse("invoice_detail", args=[invoice.pk])
    return render_form(
        request, form, title=f"Edit invoice {invoice.number}", back_url=back, customer=invoice.customer, invoice=invoice
    )


@business_view
def payment_create(request: BusinessRequest, invoice_pk: int) -> HttpResponse:
    invoice = get_for_business_or_404(Invoice.objects.select_related("customer"), request, pk=invoice_pk)
    back = reverse("invoice_detail", args=[invoice.pk])
    form = PaymentForm(request.POST or None, invoice=invoice)

    def create() -> str:
        fields = {name: form.cleaned_data[name] for name in ("date", "amount", "method", "note")}
        payment = services.payment_record(invoice=invoice, created_by=request.user, **fields)
        # The service returns the invoice as it stands after the payment, read under
        # its lock: nothing here touches the database once the payment is committed.
        paid = payment.invoice
        if paid.paid_in_full_on:
            late = paid.days_late_on(timezone.localdate())
            when = f", {late} day{'s' if late != 1 else ''} late" if late else ", on time"
            amount = money_for(request.business, payment.amount)
            messages.success(request, f"Payment of {amount} recorded. Invoice {paid.number} is paid in full{when}.")
        else:
            amount, still_open = money_for(request.business, payment.amount), money_for(request.business, paid.balance)
            messages.success(request, f"Payment of {amount} recorded. {still_open} is still open on {paid.number}.")
        return safe_next(request, back)

    if (done := create_once(request, form, create)) is not None:
        return done
    return render_form(
        request,
        form,
        title=f"Record a payment on invoice {invoice.number}",
        back_url=back,
        customer=invoice.customer,
        invoice=invoice,
        submit="Record payment",
    )


@business_view
def payment_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    payment = get_for_business_or_404(Payment.objects.select_related("invoice__customer"), request, pk=pk)
    require_owner_or_creator(request, payment)
    invoice = payment.invoice
    back = reverse("invoice_detail", args=[invoice.pk])
    initial = {"date": payment.date, "amount": payment.amount, "method": payment.method, "note": payment.note}
    form = PaymentForm(request.POST or None, invoice=invoice, payment=payment, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("date", "amount", "method", "note")}
        try:
            services.payment_update(payment=payment, expected_version=form.expected_version(), **fields)
        except ValidationError as exc:
            add_errors(form, exc)
        except EditConflict as conflict:
            show_conflict(form, conflict)
        else:
            messages.success(request, "The payment was saved.")
            return redirect(back)
    return render_form(
        request,
        form,
        title=f"Edit a payment on invoice {invoice.number}",
        back_url=back,
        customer=invoice.customer,
        invoice=invoice,
        delete_url=reverse("payment_delete", args=[payment.pk]),
    )


@require_POST
@business_view
def payment_delete(request: BusinessRequest, pk: int) -> HttpResponse:
    payment = get_for_business_or_404(Payment.objects.select_related("invoice"), request, pk=pk)
    require_owner_or_creator(request, payment)
    invoice = payment.invoice
    services.payment_delete(payment=payment)
    amount = money_for(request.business, payment.amount)
    messages.success(request, f"The payment of {amount} was removed from invoice {invoice.number}.")
    return redirect("invoice_detail", pk=invoice.pk)


@require_POST
@business_view
def followup_create(request: BusinessRequest, invoice_pk: int) -> HttpResponse:
    """Mark that an overdue invoice was chased today: one tap from the invoice or customer page."""
    invoice = get_for_business_or_404(Invoice, request, pk=invoice_pk)
    form = FollowUpForm(request.POST)
    back = safe_next(request, reverse("invoice_detail", args=[invoice.pk]))

    def create() -> str:
        note = form.cleaned_data["note"]
        services.followup_record(invoice=invoice, date=timezone.localdate(), note=note, created_by=request.user)
        messages.success(request, f"Follow-up on invoice {invoice.number} noted for today.")
        return back

    if (done := create_once(request, form, create)) is not None:
        return done
    reasons = " ".join(str(message) for errors in form.errors.values() for message in errors)
    messages.error(request, f"The follow-up was not noted: {reasons}")
    return redirect(back)
