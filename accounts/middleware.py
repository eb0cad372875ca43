"""Request-wide guards: headers on every response, the request's confinement in the database,
unreadable query parameters and an unreachable database.

The last two answer with plain pages that need no database, so they work when nothing else does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import ExitStack

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from . import tenancy
from .bounds import MAX_QUERY_PARAMETER_LENGTH

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


def bad_query_parameter(request: HttpRequest) -> str | None:
    """Why the address's parameters cannot be used, or None when they are fine."""
    for key, values in request.GET.lists():
        for text in (key, *values):
            if "\x00" in text:
                return "The address contains a character that cannot be searched for (a NUL byte)."
            if len(text) > MAX_QUERY_PARAMETER_LENGTH:
                return f"A search or filter in the address is longer than {MAX_QUERY_PARAMETER_LENGTH} characters."
    return None


class QueryParameterGuardMiddleware:
    """400 with a clear page for query parameters PostgreSQL cannot hold or no one types."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = bad_query_parameter(request)
        if reason is not None:
            return HttpResponse(render_to_string("400.html", {"reason": reason}), status=400)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached (or is too busy to answer in time), 503 and a Retry-After.

    The connection is not reused after such an error (Django closes broken
    connections at the end of the request), so the app recovers by itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return database_unavailable(exception)


def database_unavailable(exception: BaseException | None) -> HttpResponse | None:
    """The 503 page for a database that cannot answer, or None for any other error.

    Also called by the 500 handler, for errors raised outside a view (loading
    the session, for example).
    """
    if not isinstance(exception, OperationalError | InterfaceError):
        return None
    logger.warning("database unavailable: %s", exception.__class__.__name__, exc_info=exception)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


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
            request.tenancy_scopes = scopes  # type: ignore[attr-defined]  # read by process_view below
            return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict) -> None:
        match = request.resolver_match
        if match is not None and match.namespace == "admin" and request.user.is_active and request.user.is_staff:
            reason = f"platform admin {request.user.get_username()}: {request.method} {request.path}"
            request.tenancy_scopes.enter_context(tenancy.all_businesses(reason))  # type: ignore[attr-defined]
