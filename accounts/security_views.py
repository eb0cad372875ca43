"""A person's own sign-in security: turning two-factor sign-in on and off, recovery codes.

These pages belong to the person, not to a business, so they are open to every
signed-in user (including someone whose business requires two-factor and who
is sent here to set it up).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django_otp import login as otp_login
from django_otp import match_token

from . import two_factor
from .models import Business
from .sign_in import CodeForm
from .throttle import throttle


@throttle("security", rate="30/15m")
def security(request: HttpRequest) -> HttpResponse:
    """Status, and the steps: start (show a QR code), confirm with a code, turn off, new recovery codes."""
    user = request.user
    if not user.is_authenticated:  # LoginRequiredMiddleware sends anonymous people to sign in first
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    form = CodeForm(request.POST if action in {"confirm", "disable", "new_codes"} else None)
    recovery_codes = None
    if action == "start":
        two_factor.two_factor_setup_start(user=user)
        return redirect("security")
    if action == "confirm" and form.is_valid():
        device = two_factor.pending_app_device(user)
        if device is None:
            return redirect("security")
        recovery_codes = two_factor.two_factor_setup_confirm(device=device, code=form.cleaned_data["code"])
        if recovery_codes is None:
            form.add_error("code", "That code is not right. Type the newest code your app shows.")
        else:
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is on. Keep your recovery codes somewhere safe.")
    if action in {"disable", "new_codes"} and form.is_valid():
        if match_token(user, form.cleaned_data["code"].strip().replace(" ", "")) is None:
            form.add_error("code", "That code is not right.")
        elif action == "disable":
            two_factor.two_factor_disable(user=user)
            messages.success(request, "Two-factor sign-in is off.")
            return redirect("security")
        else:
            recovery_codes = two_factor.recovery_codes_replace(user=user)
            messages.success(request, "New recovery codes made; the old ones no longer work.")
    pending = two_factor.pending_app_device(user)
    context = {
        "enabled": two_factor.two_factor_enabled(user),
        "pending": pending,
        "setup_key": two_factor.setup_key(pending) if pending else "",
        "recovery_codes": recovery_codes,
        "codes_left": two_factor.recovery_codes_left(user),
        "form": form,
        "requiring": Business.objects.filter(memberships__user=user, require_two_factor=True).order_by("name"),
    }
    return render(request, "accounts/security.html", context)


@require_GET
def qr_code(request: HttpRequest) -> HttpResponse:
    """The QR code for the app being set up, as an SVG image."""
    device = two_factor.pending_app_device(request.user)
    if device is None:
        raise Http404("No authenticator is being set up.")
    return HttpResponse(two_factor.qr_code_svg(device), content_type="image/svg+xml")
