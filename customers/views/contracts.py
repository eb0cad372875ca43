from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import BusinessRequest, business_view, get_for_business_or_404
from accounts.formats import date_for
from accounts.versions import EditConflict
from audit.views import history_section

from .. import addenda, selectors
from ..forms import AddendumForm, AddendumSignForm, ContractForm
from ..models import Addendum, Contract, Customer
from .common import create_record_once, render_form, save_record


@business_view
def contract_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    contract = get_for_business_or_404(
        Contract.objects.select_related("customer", "created_by").prefetch_related("addenda__created_by"),
        request,
        pk=pk,
    )
    today = timezone.localdate()
    return render(
        request,
        "customers/contract_detail.html",
        {
            "contract": contract,
            "customer": contract.customer,
            "amended": selectors.contract_as_amended(contract, today),
            "addenda": sorted(contract.addenda.all(), key=lambda a: (a.effective_date, a.pk), reverse=True),
            "today": today,
            **history_section(request, contract, children=[(Addendum, "contract")]),
        },
    )


@business_view(owner_only=True)
def contract_create(request: BusinessRequest, customer_pk: int) -> HttpResponse:
    customer = get_for_business_or_404(Customer, request, pk=customer_pk)
    form = ContractForm(request.POST or None, business=request.business, customer=customer)

    def success(contract: Contract) -> str:
        messages.success(request, f"The contract “{contract.title}” was added.")
        return reverse("contract_detail", args=[contract.pk])

    if (done := create_record_once(request, form, success=success)) is not None:
        return done
    back = reverse("customer_detail", args=[customer.pk])
    return render_form(
        request,
        form,
        title=f"New contract with {customer.name}",
        back_url=back,
        customer=customer,
        submit="Add contract",
    )


@business_view(owner_only=True)
def contract_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    contract = get_for_business_or_404(Contract.objects.select_related("customer"), request, pk=pk)
    form = ContractForm(request.POST or None, instance=contract, business=request.business, customer=contract.customer)
    saved = save_record(request, form)
    if saved is not None:
        messages.success(request, f"The contract “{contract.title}” was saved.")
        return redirect("contract_detail", pk=contract.pk)
    back = reverse("contract_detail", args=[contract.pk])
    return render_form(
        request,
        form,
        title=f"Edit “{contract.title}”",
        back_url=back,
        customer=contract.customer,
        contract=contract,
        intro="To change the fee or scope of a signed contract, add an addendum instead, so its history is kept.",
    )


@business_view(owner_only=True)
def addendum_create(request: BusinessRequest, contract_pk: int) -> HttpResponse:
    contract = get_for_business_or_404(Contract.objects.select_related("customer"), request, pk=contract_pk)
    form = AddendumForm(request.POST or None, business=request.business, contract=contract)

    def success(addendum: Addendum) -> str:
        messages.success(request, "The addendum was added to the contract.")
        return reverse("contract_detail", args=[contract.pk])

    if (done := create_record_once(request, form, success=success)) is not None:
        return done
    back = reverse("contract_detail", args=[contract.pk])
    return render_form(
        request,
        form,
        title=f"Addendum to “{contract.title}”",
        back_url=back,
        customer=contract.customer,
        contract=contract,
        submit="Add addendum",
        intro=f"The fee today is {contract.fee} per period before addenda. "
        "Write what changes and its effect on the fee and the scope.",
    )


@business_view(owner_only=True)
def addendum_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    addendum = get_for_business_or_404(Addendum.objects.select_related("contract__customer"), request, pk=pk)
    contract = addendum.contract
    form = AddendumForm(request.POST or None, instance=addendum, business=request.business, contract=contract)
    saved = save_record(request, form)
    if saved is not None:
        messages.success(request, "The addendum was saved.")
        return redirect("contract_detail", pk=contract.pk)
    back = reverse("contract_detail", args=[contract.pk])
    return render_form(
        request,
        form,
        title=f"Edit the addendum of {date_for(request.business, addendum.effective_date)}",
        back_url=back,
        customer=contract.customer,
        contract=contract,
    )


@require_POST
@business_view(owner_only=True)
def addendum_sign(request: BusinessRequest, pk: int) -> HttpResponse:
    """Record that the customer signed a draft addendum: from then on it counts in the fee and the evaluation."""
    addendum = get_for_business_or_404(Addendum.objects.select_related("contract__customer"), request, pk=pk)
    form = AddendumSignForm(request.POST, addendum=addendum)
    valid = form.is_valid()
    back = reverse("contract_detail", args=[addendum.contract_id])
    if valid and form.cleaned_data["back"] == "report":
        back = reverse("customer_report", kwargs={"pk": addendum.contract.customer_id}) + "#proposal"
    if not valid:
        problems = [str(message) for errors in form.errors.values() for message in errors]
        messages.error(request, "The signature was not recorded: " + " ".join(problems))
        return redirect(back)
    try:
        addenda.addendum_sign(
            addendum=addendum,
            signed_on=form.cleaned_data["signed_on"],
            today=timezone.localdate(),
            expected_version=form.expected_version(),
        )
    except EditConflict:
        messages.error(
            request, "Someone changed this addendum since you opened the page: check it, then record the signature."
        )
    except ValidationError as exc:
        messages.error(request, "The signature was not recorded: " + " ".join(exc.messages))
    else:
        messages.success(request, "The addendum is recorded as signed: it now counts from its effective date.")
    return redirect(back)
