"""The pages: everyone's home; the owner's dashboard, customer report, decisions and the letter declining renewal."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from accounts.access import BusinessRequest, business_view, get_for_business_or_404
from accounts.form_guards import GuardedFormMixin
from accounts.models import Membership
from accounts.selectors import invitations_for_user
from accounts.signup import unconfirmed_signup
from accounts.submissions import create_once
from customers.links import import_url
from customers.models import Customer
from evaluations import proposals, services
from evaluations.forms import DecisionForm, ProposalForm
from exports.writers import FORMATS, table_response
from insights.early_warning import report_trends
from insights.week import week_digest

from . import onboarding, selectors
from .customer_report import report_for
from .dashboard import DEFAULT_SORT, SORTS, VERDICT_FILTERS, dashboard_for
from .exports import RANKED, ranked_rows
from .periods import CHOICES, chosen_period

AGING_PER_PAGE = 20


def _board(request: BusinessRequest):
    today = timezone.localdate()
    chosen = chosen_period(request.GET.get("period"), today)
    return dashboard_for(
        request.business,
        today=today,
        chosen=chosen,
        sort=request.GET.get("sort"),
        verdict=request.GET.get("verdict"),
        page=request.GET.get("page"),
    )


@business_view
def home(request: BusinessRequest) -> HttpResponse:
    """Everyone's starting point: log a call, recent logs, invoices to chase, renewals coming."""
    today = timezone.localdate()
    members = Membership.objects.for_business(request.business).select_related("user")
    context = {
        "members": members,
        "today": today,
        "recent_logs": selectors.recent_logs(business=request.business, user=request.user),
        "overdue": selectors.overdue_to_chase(business=request.business, today=today),
        "renewals": selectors.upcoming_renewals(business=request.business, today=today),
        "unconfirmed_signup": unconfirmed_signup(request.user),
        "invitations": invitations_for_user(request.user),
        "onboarding": onboarding.onboarding_checklist(business=request.business)
        if request.membership.is_owner
        else None,
    }
    return render(request, "reports/home.html", context)


@business_view(owner_only=True)
def dashboard(request: BusinessRequest) -> HttpResponse:
    """Who is worth keeping: headline figures, the ranked customers, charts, watchlist, renewals, aging."""
    board = _board(request)
    context = {
        "board": board,
        "page": board.page,
        "aging_page": Paginator(board.aging.customers, AGING_PER_PAGE).get_page(request.GET.get("aging_page")),
        "period_choices": CHOICES,
        "sorts": {key: label for key, (label, _) in SORTS.items()},
        "verdict_filters": [(key, label, board.verdict_counts[key]) for key, label in VERDICT_FILTERS.items()],
        "import_url": import_url("invoices"),
        "week": week_digest(business=request.business, today=board.today, revenue_12=board.revenue_12),
    }
    return render(request, "reports/dashboard.html", context)


def _customer(request: BusinessRequest, pk: int) -> Customer:
    return get_for_business_or_404(Customer.objects.select_related("business"), request, pk=pk)


def _report_page(request: BusinessRequest, customer: Customer, form: DecisionForm) -> HttpResponse:
    today = timezone.localdate()
    report = report_for(
        customer, today=today, chosen=chosen_period(request.GET.get("period"), today), signed_by=request.user
    )
    context = {
        "report": report,
        "customer": customer,
        "form": form,
        "period_choices": CHOICES,
        # One-time keys of the two "draft an addendum" buttons (accounts.submissions).
        "proposal_keys": {option: uuid.uuid4() for option in proposals.OPTIONS},
        "early_warning": report_trends(business=customer.business, customer_id=customer.pk, today=today),
    }
    return render(request, "reports/customer_report.html", context)


@require_GET
@business_view(owner_only=True)
def customer_report(request: BusinessRequest, pk: int) -> HttpResponse:
    """The verdict and its proof for one customer, ready to print for a renewal meeting."""
    return _report_page(request, _customer(request, pk), DecisionForm())


@require_POST
@business_view(owner_only=True)
def decision_create(request: BusinessRequest, pk: int) -> HttpResponse:
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


@require_POST
@business_view(owner_only=True)
def proposal_create(request: BusinessRequest, pk: int) -> HttpResponse:
    """Draft an addendum from the report's proposal (new fee or hours cap); it counts only once signed."""
    customer = _customer(request, pk)
    form = ProposalForm(request.POST)
    back = reverse("customer_report", kwargs={"pk": customer.pk}) + "#proposal"

    def create() -> str:
        proposals.proposal_draft_create(
            customer=customer, option=form.cleaned_data["option"], today=timezone.localdate(), created_by=request.user
        )
        messages.success(
            request,
            "The draft addendum was added to the contract. It changes no figure until you record it as signed; "
            "print the letter below to send it.",
        )
        return back

    if (done := create_once(request, form, create)) is not None:
        return done
    problems = [str(message) for errors in form.errors.values() for message in errors]
    messages.error(request, "No draft was made: " + (" ".join(problems) or "please try again."))
    return redirect(back)


class LetterForm(GuardedFormMixin, forms.Form):
    letter = forms.CharField(max_length=20000, strip=False)


@require_POST
@business_view(owner_only=True)
def letter_print(request: BusinessRequest, pk: int) -> HttpResponse:
    """The letter as the owner edited it, laid out for printing (the text is not stored)."""
    customer = _customer(request, pk)
    form = LetterForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["letter"].strip():
        messages.error(request, "The letter is empty: write or restore its text, then print it.")
        return redirect(reverse("customer_report", kwargs={"pk": customer.pk}) + "#letter")
    return render(request, "reports/letter_print.html", {"customer": customer, "letter": form.cleaned_data["letter"]})


@require_POST
@business_view(owner_only=True)
def onboarding_skip(request: BusinessRequest) -> HttpResponse:
    try:
        onboarding.onboarding_step_skip(business=request.business, step=request.POST.get("step", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("home")


@require_POST
@business_view(owner_only=True)
def onboarding_dismiss(request: BusinessRequest) -> HttpResponse:
    try:
        onboarding.onboarding_dismiss(business=request.business)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The first steps are put away. Everything stays where it is in the menu.")
    return redirect("home")


@require_GET
@business_view(owner_only=True)
def export_ranked(request: BusinessRequest) -> HttpResponseBase:
    """The dashboard's ranked customers, with its period, verdict filter and order, as CSV or XLSX."""
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(f"Unknown format “{fmt}”: choose csv or xlsx.", content_type="text/plain")
    today = timezone.localdate()
    chosen = chosen_period(request.GET.get("period"), today)
    sort = request.GET.get("sort", "")
    sort = sort if sort in SORTS else DEFAULT_SORT
    verdict = request.GET.get("verdict", "")
    verdict = verdict if verdict in VERDICT_FILTERS else ""
    rows = ranked_rows(request.business, today=today, period=chosen.period_key, sort=sort, verdict=verdict)
    name = f"{slugify(request.business.name) or 'business'}-ranked-customers-{chosen.key}-{today}"
    return table_response(
        RANKED,
        rows,
        fmt=fmt,
        zone=ZoneInfo(request.business.time_zone),
        filename=name,
    )
