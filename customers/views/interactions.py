from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.access import BusinessRequest, business_view, get_for_business_or_404, require_owner_or_creator
from accounts.formats import date_for
from accounts.submissions import create_once
from accounts.versions import EditConflict, show_conflict

from .. import services
from ..forms import DURATION_PRESETS, InteractionForm, LogCallForm
from ..models import Customer, Interaction
from .common import add_errors, back_to, render_form, safe_next


@business_view
def interaction_log(request: BusinessRequest) -> HttpResponse:
    """Log a call in seconds from any page, then go back to that page."""
    customer = None
    if request.GET.get("customer"):
        customer = get_for_business_or_404(Customer, request, pk=request.GET["customer"])
    form = LogCallForm(request.POST or None, business=request.business, customer=customer)
    back = safe_next(request, reverse("customer_list"))

    def create() -> str:
        interaction = form.build(handled_by=request.user)
        services.interaction_save(interaction=interaction, business=request.business, created_by=request.user)
        signals = len(interaction.signals)
        noted = f", {signals} signal{'s' if signals != 1 else ''} noted" if signals else ""
        messages.success(
            request,
            f"{interaction.get_kind_display()} with {interaction.customer.name} logged "
            f"({interaction.duration_minutes} min{noted}).",
        )
        return back

    if (done := create_once(request, form, create)) is not None:
        return done
    return render(
        request,
        "customers/interaction_log.html",
        {"form": form, "next": back, "presets": DURATION_PRESETS, "customer": customer},
    )


@business_view
def interaction_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    interaction = get_for_business_or_404(Interaction.objects.select_related("customer"), request, pk=pk)
    require_owner_or_creator(request, interaction)
    form = InteractionForm(
        request.POST or None,
        instance=interaction,
        business=request.business,
        can_choose_handler=request.membership.is_owner,
    )
    back = reverse("customer_detail", args=[interaction.customer_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_save(
                interaction=form.instance,
                business=request.business,
                created_by=request.user,
                expected_version=form.expected_version(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except EditConflict as conflict:
            show_conflict(form, conflict)
        else:
            messages.success(request, "The interaction was saved.")
            return back_to(request, back)
    when = timezone.localtime(interaction.occurred_at)
    return render_form(
        request,
        form,
        title=f"Edit the {interaction.get_kind_display().lower()} of {date_for(request.business, when.date())}",
        back_url=back,
        customer=interaction.customer,
    )
