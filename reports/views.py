"""The owner's pages: the dashboard, one customer's report, decisions, and the letter declining renewal."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import business_view, get_for_business_or_404
from accounts.form_guards import GuardedFormMixin
from accounts.submissions import create_once
from customers.models import Customer
from evaluations import services
from evaluations.forms import DecisionForm

from .customer_report import report_for
from .dashboard import SORTS, VERDICT_FILTERS, dashboard_for
from .periods import CHOICES, chosen_period

ROWS_PER_PAGE = 50
AGING_PER_PAGE = 20


@business_view(owner_only=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Who is worth keeping: headline figures, the ranked customers, charts, watchlist, renewals, aging."""
    today = timezone.localdate()
    chosen = chosen_period(request.GET.get("period"), today)
    board = dashboard_for(
        request.business, today=today, chosen=chosen, sort=request.GET.get("sort"), verdict=request.GET.get("verdict")
    )
    context = {
        "board": board,
        "page": Paginator(board.rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        "aging_page": Paginator(board.aging.customers, AGING_PER_PAGE).get_page(request.GET.get("aging_page")),
        "period_choices": CHOICES,
        "sorts": {key: label for key, (label, _) in SORTS.items()},
        "verdict_filters": [(key, label, board.verdict_counts[key]) for key, label in VERDICT_FILTERS.items()],
    }
    return render(request, "reports/dashboard.html", context)


def _customer(request: HttpRequest, pk: int) -> Customer:
    return get_for_business_or_404(Customer.objects.select_related("business"), request, pk=pk)


def _report_page(request: HttpRequest, customer: Customer, form: DecisionForm) -> HttpResponse:
    today = timezone.localdate()
    report = report_for(
        customer, today=today, chosen=chosen_period(request.GET.get("period"), today), signed_by=request.user
    )
    context = {"report": report, "customer": customer, "form": form, "period_choices": CHOICES}
    return render(request, "reports/customer_report.html", context)


@require_GET
@business_view(owner_only=True)
def customer_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The verdict and its proof for one customer, ready to print for a renewal meeting."""
    return _report_page(request, _customer(request, pk), DecisionForm())


@require_POST
@business_view(owner_only=True)
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    customer = _customer(request, pk)
    form = DecisionForm(request.POST)

    def create() -> str:
        services.decision_record(
            customer=customer,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            decided_by=request.user,
            verdict=services.evaluate_customer(customer, today=timezone.localdate()).verdict.verdict.value,
        )
        messages.success(request, f"Your decision about {customer.name} was recorded.")
        return reverse("customer_report", kwargs={"pk": customer.pk}) + "#decisions"

    if (done := create_once(request, form, create)) is not None:
        return done
    messages.error(request, "The decision was not recorded: please correct the form below.")
    return _report_page(request, customer, form)


class LetterForm(GuardedFormMixin, forms.Form):
    letter = forms.CharField(max_length=20000, strip=False)


@require_POST
@business_view(owner_only=True)
def letter_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as the owner edited it, laid out for printing (the text is not stored)."""
    customer = _customer(request, pk)
    form = LetterForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["letter"].strip():
        messages.error(request, "The letter is empty: write or restore its text, then print it.")
        return redirect(reverse("customer_report", kwargs={"pk": customer.pk}) + "#letter")
    return render(request, "reports/letter_print.html", {"customer": customer, "letter": form.cleaned_data["letter"]})
