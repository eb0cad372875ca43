"""Sign-in: the password, then (for people with two-factor sign-in) a code from their app.

After a right password, a person with two-factor sign-in is not signed in yet:
the session only remembers who passed the password step, for a few minutes,
and the code page finishes the sign-in.
"""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import match_token

from .throttle import throttle
from .two_factor import two_factor_enabled

PENDING_KEY = "kob_two_factor_pending"
PENDING_SECONDS = 300
WRONG_CODES_ALLOWED = 5


class SignInForm(AuthenticationForm):
    remember = forms.BooleanField(
        label="Keep me signed in",
        required=False,
        help_text="Leave unticked on a shared computer: you are signed out when the browser closes.",
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6 digits your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _finish(request: HttpRequest, user, remember: bool) -> None:
    login(request, user)
    if not remember:
        # A browser-session cookie; the idle timeout still applies on the server.
        request.session.set_expiry(0)


class SignInView(LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:  # a SignInForm (form_class)
        user = form.get_user()
        remember = form.cleaned_data["remember"]
        if not two_factor_enabled(user):
            _finish(self.request, user, remember)
            return redirect(self.get_success_url())
        self.request.session[PENDING_KEY] = {
            "user_id": user.pk,
            "backend": user.backend,
            "remember": remember,
            "next": self.get_success_url(),
            "since": time.time(),
            "wrong": 0,
        }
        return redirect("login_code")


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    return user, pending


@login_not_required
@throttle("sign_in_code")
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the person's authenticator app or a recovery code."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, "Sign in with your password first (the code step lasts five minutes).")
        return redirect(settings.LOGIN_URL)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"].strip().replace(" ", ""))
        if device is not None:
            del request.session[PENDING_KEY]
            user.backend = pending["backend"]
            user.otp_device = device  # django-otp marks the session verified on login
            _finish(request, user, pending["remember"])
            target = pending["next"]
            allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
            return redirect(target if allowed else settings.LOGIN_REDIRECT_URL)
        pending["wrong"] += 1
        if pending["wrong"] >= WRONG_CODES_ALLOWED:
            del request.session[PENDING_KEY]
            messages.error(request, "Too many wrong codes. Sign in with your password again.")
            return redirect(settings.LOGIN_URL)
        request.session[PENDING_KEY] = pending
        form.add_error("code", "That code is not right. Codes change every 30 seconds; try the newest one.")
    return render(request, "registration/login_code.html", {"form": form})
