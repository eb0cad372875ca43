"""What each request's log line carries besides django-structlog's own fields.

django-structlog logs ``request_started`` and ``request_finished`` with the
request id, the user id and the status code; this adds the path, the business
the request acted for (set by ``accounts.access.business_view``) and the
duration in milliseconds.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django_structlog import signals

STARTED_AT = "_kob_started_at"


def _started(request: HttpRequest, log_kwargs: dict[str, Any], **kwargs: Any) -> None:
    setattr(request, STARTED_AT, time.monotonic())
    log_kwargs["path"] = request.path


def _finished(request: HttpRequest, response: HttpResponse, log_kwargs: dict[str, Any], **kwargs: Any) -> None:
    started = getattr(request, STARTED_AT, None)
    if started is not None:
        log_kwargs["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
    log_kwargs["path"] = request.path
    business = getattr(request, "business", None)
    log_kwargs["business_id"] = business.pk if business is not None else None


def connect() -> None:
    signals.bind_extra_request_metadata.connect(_started, dispatch_uid="kob_request_started")
    signals.bind_extra_request_finished_metadata.connect(_finished, dispatch_uid="kob_request_finished")
