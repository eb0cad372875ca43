"""Sign-in: the password form with "Keep me signed in"."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpResponse


class SignInForm(AuthenticationForm):
    remember = forms.BooleanField(
        label="Keep me signed in",
        required=False,
        help_text="Leave unticked on a shared computer: you are signed out when the browser closes.",
    )


class SignInView(LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        response = super().form_valid(form)
        if not form.cleaned_data["remember"]:
            # A browser-session cookie; the idle timeout still applies on the server.
            self.request.session.set_expiry(0)
        return response
