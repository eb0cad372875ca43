"""The owner's switch for the weekly digest (shown on the business settings page)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import BusinessRequest, business_view
from accounts.form_guards import GuardedFormMixin

from .subscription import weekly_digest_set


class DigestSubscriptionForm(GuardedFormMixin, forms.Form):
    weekly_digest = forms.ChoiceField(choices=[("on", "On"), ("off", "Off")])


@require_POST
@business_view(owner_only=True)
def digest_subscription(request: BusinessRequest) -> HttpResponse:
    """Turn this owner's Monday e-mail on or off, for this business only."""
    form = DigestSubscriptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing changed: choose whether to get the weekly digest, on or off.")
    else:
        wanted = form.cleaned_data["weekly_digest"] == "on"
        weekly_digest_set(membership=request.membership, weekly_digest=wanted)
        if wanted:
            messages.success(request, "You will get the weekly digest by e-mail every Monday morning.")
        else:
            messages.success(request, "You will no longer get the weekly digest. The dashboard still shows it.")
    return redirect(reverse("business_settings") + "#weekly-digest")
