"""Request-wide guards: the headers every response carries, and the request's confinement in the database."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from . import tenancy


class SecurityHeadersMiddleware:
    """``Cross-Origin-Resource-Policy: same-origin`` on everything (static files too,
    hence first in MIDDLEWARE), and ``Cache-Control: no-store`` on every page a
    signed-in person sees, so a shared computer's back button or a proxy never
    shows someone's figures after they signed out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class TenancyMiddleware:
    """No bypass and no business for the request; the signed-in user's id for their own memberships.

    The access gate (``business_view``) then sets the business for its view.
    Platform admins (Django's admin, for staff users) get the named bypass for
    the admin's views only. Goes right after ``AuthenticationMiddleware``. The
    settings go back to the connection's defaults when the request finishes
    (``tenancy.reset_at_request_end``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        tenancy.confine_request(user.pk if user.is_authenticated else None)
        with ExitStack() as scopes:
            request.tenancy_scopes = scopes
            return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict) -> None:
        match = request.resolver_match
        if match is not None and match.namespace == "admin" and request.user.is_active and request.user.is_staff:
            reason = f"platform admin {request.user.get_username()}: {request.method} {request.path}"
            request.tenancy_scopes.enter_context(tenancy.all_businesses(reason))
