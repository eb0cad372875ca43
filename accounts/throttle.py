"""Throttling for forms anyone can post (password reset, invitation links, sign-up).

Wrap a view with ``@throttle("group")``: past ``KOB_THROTTLE_RATE`` posts per
client address for that group (django-ratelimit, counted in the shared
database cache), the form answers 429 with a page saying to wait, and the view
does not run. Sign-in itself is guarded by django-axes instead (per account
and address).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage


def throttle_wait(request: HttpRequest, *, group: str, key: str = "ip", rate: str | None = None) -> str | None:
    """Count this POST for ``group``; past ``rate`` per ``key``, how long to wait ("try again in 4 minutes").

    For views that say it their own way (next to a form, in a message); others use ``@throttle``.
    """
    usage = get_usage(
        request,
        group=f"kob:{group}",
        key=key,
        rate=rate or settings.KOB_THROTTLE_RATE,
        method=["POST"],
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    minutes = max(1, math.ceil(usage["time_left"] / 60))
    return f"try again in {minutes} minute{'s' if minutes != 1 else ''}"


def throttle(group: str, *, rate: str | None = None, key: str = "ip") -> Callable:
    """Refuse a view's POSTs past ``rate`` (default ``KOB_THROTTLE_RATE``) per ``key``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            wait = throttle_wait(request, group=group, key=key, rate=rate)
            if wait:
                return render(request, "throttled.html", {"wait": wait}, status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
