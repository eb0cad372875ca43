"""The idle timeout without a session write on every request.

A session ends ``SESSION_COOKIE_AGE`` after it was last saved. Saving it on
every request (``SESSION_SAVE_EVERY_REQUEST``) kept that exact, at the price of
an UPDATE in its own transaction on every page. Renewing it only when the last
renewal is ``KOB_SESSION_RENEW_SECONDS`` old keeps the promise that matters for
security: a session never outlives the idle time after its last request; it may
end up to that many seconds sooner.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse

RENEWED_AT = "renewed_at"  # session key: when the session's expiry was last pushed back (Unix time)


class SessionRenewalMiddleware:
    """Mark a signed-in session for saving when its expiry was last pushed back long enough ago.

    Goes right after ``SessionMiddleware``, which then saves it (and sends a
    fresh cookie) on the way out, as it does for any changed session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if session.session_key is None and not session.modified:
            return response  # no session cookie and nothing stored: nothing to renew
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response  # signed out, or a stale cookie: never create a session just to renew it
        now = int(time.time())
        if session.modified or now - session.get(RENEWED_AT, 0) >= settings.KOB_SESSION_RENEW_SECONDS:
            session[RENEWED_AT] = now  # changed, so SessionMiddleware saves it with a new expiry
        return response


def stamp_at_sign_in(sender: type, request: HttpRequest | None, user: AbstractBaseUser, **kwargs) -> None:
    """``user_logged_in``: the session signing in is saved with its expiry, so it counts as just renewed."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_AT] = int(time.time())
