"""Public pages of sign-up: create an account and a business, confirm the e-mail address."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from . import signup
from .access import SESSION_KEY, BusinessRequest, business_view
from .forms import SignupForm
from .throttle import throttle_wait

RESEND_RATE = "3/h"


@login_not_required
@require_http_methods(["GET", "POST"])
def signup_start(request: HttpRequest) -> HttpResponse:
    """Create an account and its business; the person becomes the owner and is signed in."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        wait = throttle_wait(request, group="signup", key="ip", rate=settings.SIGNUP_RATE)
        if wait:
            form.errors.clear()
            form.add_error(None, f"Too many sign-ups from your address: {wait}.")
            return render(request, "registration/signup.html", {"form": form}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user, business = signup.owner_signup(
                    email=data["email"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    business_name=data["business_name"],
                    currency=data["currency"],
                    time_zone=data["time_zone"],
                    default_hourly_cost=data["default_hourly_cost"],
                    site_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    field = "business_name" if field == "name" else field
                    form.add_error(field if field in form.fields else None, errors)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                request.session[SESSION_KEY] = business.pk
                messages.success(
                    request, f"Welcome to Keep or Boot. We e-mailed a link to {user.email} to confirm your address."
                )
                return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


@login_not_required
@require_http_methods(["GET"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation e-mail."""
    try:
        confirmation = signup.signup_confirm(token=token)
    except ValidationError as exc:
        return render(request, "registration/signup_confirm_failed.html", {"reason": exc.messages[0]}, status=400)
    messages.success(request, f"Thank you: {confirmation.email} is confirmed.")
    return redirect("home" if request.user.is_authenticated else "login")


@require_POST
@business_view
def signup_confirmation_resend(request: BusinessRequest) -> HttpResponse:
    """Send the confirmation link again (a few times an hour at most)."""
    if signup.unconfirmed_signup(request.user) is None:
        messages.info(request, "Your e-mail address is already confirmed.")
        return redirect("home")
    wait = throttle_wait(request, group="signup-resend", key="user", rate=RESEND_RATE)
    if wait:
        messages.error(request, f"We have sent several links already: {wait}.")
        return redirect("home")
    signup.signup_confirmation_send(user=request.user, site_url=request.build_absolute_uri("/"))
    messages.success(request, f"A new confirmation link is on its way to {request.user.email}.")
    return redirect("home")
