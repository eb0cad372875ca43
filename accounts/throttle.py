"""Throttling for forms anyone can post (password reset, invitation links, sign-up).

Wrap a view with ``@throttle("group")``: past ``KOB_THROTTLE_RATE`` posts per
client address for that group (django-ratelimit, counted in the shared
database cache), the form answers 429 with a page saying to wait, and the view
does not run. Sign-in itself is guarded by django-axes instead (per account
and address).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited


def throttle(group: str, *, rate: str | None = None, key: str = "ip") -> Callable:
    """Refuse a view's POSTs past ``rate`` (default ``KOB_THROTTLE_RATE``) per ``key``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            limited = is_ratelimited(
                request,
                group=f"kob:{group}",
                key=key,
                rate=rate or settings.KOB_THROTTLE_RATE,
                method=["POST"],
                increment=True,
            )
            if limited:
                return render(request, "throttled.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
