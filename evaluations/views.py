from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import business_view, get_for_business_or_404
from customers.models import Customer

from . import selectors, services
from .forms import DecisionForm, EvaluationSettingsForm
from .models import Decision, MonthlySnapshot
from .periods import LIFETIME, MONTH, TRAILING_3, TRAILING_12, standard_periods

PERIOD_ORDER = (MONTH, TRAILING_3, TRAILING_12, LIFETIME)


def _url(name: str, pk: int) -> str | None:
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:  # the customers pages are optional for this app
        return None


# The customers app's page showing each kind of record in full.
EVIDENCE_PAGES = {"invoice": "invoice_detail", "interaction": "interaction_edit", "cost_entry": "costentry_edit"}


def evidence_url(kind: str, record, customer_url: str | None) -> str | None:
    """Where an owner sees a record behind a rating: its own page, else the customer's page."""
    return _url(EVIDENCE_PAGES[kind], record.pk) or customer_url


@business_view(owner_only=True)
def evaluation_list(request: HttpRequest) -> HttpResponse:
    evaluation = services.evaluate_business(request.business, today=timezone.localdate())
    ranked = sorted(evaluation.customers, key=lambda c: (c.trailing_12.profit, c.name))
    page = Paginator(ranked, 50).get_page(request.GET.get("page"))
    return render(request, "evaluations/evaluation_list.html", {"evaluation": evaluation, "page": page})


EVIDENCE_SHOWN = 10


def _with_records(questions, records: dict, customer_url: str | None) -> list[tuple]:
    """Each question with the first records behind it (kind, record, url) and how many more there are."""
    rows = []
    for question in questions:
        found = [
            (e.kind, records[(e.kind, e.id)], evidence_url(e.kind, records[(e.kind, e.id)], customer_url))
            for e in question.evidence
            if (e.kind, e.id) in records
        ]
        rows.append((question, found[:EVIDENCE_SHOWN], max(len(found) - EVIDENCE_SHOWN, 0)))
    return rows


def _customer_page(request: HttpRequest, customer: Customer, form: DecisionForm) -> HttpResponse:
    today = timezone.localdate()
    evaluation = services.evaluate_customer(customer, today=today)
    labels = standard_periods(today)
    evidence = [item for question in evaluation.questions for item in question.evidence]
    customer_url = _url("customer_detail", customer.pk)
    records = selectors.evidence_records(request.business, customer.pk, evidence)
    context = {
        "customer": customer,
        "evaluation": evaluation,
        "periods": [(labels[key], evaluation.periods[key]) for key in PERIOD_ORDER],
        "questions": _with_records(evaluation.questions, records, customer_url),
        "customer_url": customer_url,
        "decisions": Decision.objects.filter(business=request.business, customer=customer).select_related("decided_by"),
        "snapshots": MonthlySnapshot.objects.filter(business=request.business, customer=customer)[:24],
        "form": form,
        "evaluation_today": today,
    }
    return render(request, "evaluations/customer_evaluation.html", context)


@business_view(owner_only=True)
def customer_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_for_business_or_404(Customer.objects.select_related("business"), request, pk=pk)
    return _customer_page(request, customer, DecisionForm())


@require_POST
@business_view(owner_only=True)
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_for_business_or_404(Customer.objects.select_related("business"), request, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_record(
                customer=customer,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                decided_by=request.user,
                verdict=services.evaluate_customer(customer, today=timezone.localdate()).verdict.verdict.value,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Your decision about {customer.name} was recorded.")
            return redirect(reverse("customer_evaluation", kwargs={"pk": customer.pk}) + "#decisions")
    messages.error(request, "The decision was not recorded: please correct the form below.")
    return _customer_page(request, customer, form)


@business_view(owner_only=True)
def evaluation_settings(request: HttpRequest) -> HttpResponse:
    settings = services.settings_for(request.business)
    form = EvaluationSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Evaluation settings saved: every verdict now uses them.")
        return redirect("evaluation_settings")
    return render(request, "evaluations/evaluation_settings.html", {"form": form})
