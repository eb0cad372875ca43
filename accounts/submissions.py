"""One-time submission keys: a double click or a resend of a create form records once.

Every create form carries a hidden, random key (``OneTimeSubmissionMixin`` in
``accounts.form_guards``). The view hands the form and its write to
``create_once``: the first request with a key inserts it in ``submission_keys``
in the same transaction as the record; a repeat (even one sent at the same
instant, which waits on the unique index) writes nothing and is sent where the
first one led.

How to apply it to a new create form:
1. put ``OneTimeSubmissionMixin`` first in the form's bases (the hidden field is
   rendered by ``{{ form|crispy }}``; a hand-written template adds
   ``{{ form.submission_key }}``);
2. in the view, ``return create_once(request, form, create)`` where ``create()``
   saves through the service, adds the success message and returns the URL to
   go to; render the form when it returns None;
3. add the form to ``CREATE_FORMS`` in tests/robustness/create_forms.py: the
   concurrent double-submit test then covers it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .form_guards import SUBMISSION_KEY_FIELD, add_errors
from .models import Business, SubmissionKey

ALREADY_SAVED = "This form had already been sent and was saved then: it was not recorded a second time."


@dataclass(frozen=True)
class Submitted:
    result_url: str
    repeated: bool


def submission_first_result(*, business: Business, key: uuid.UUID | None) -> str | None:
    """Where the first submission with this key led, or None when the key is new."""
    if key is None:
        return None
    return SubmissionKey.objects.filter(business=business, key=key).values_list("result_url", flat=True).first()


@transaction.atomic
def submission_once(*, business: Business, key: uuid.UUID, create: Callable[[], str]) -> Submitted:
    """Run ``create`` once per key and business; ``create`` returns the URL of what it made.

    When ``create`` raises, the key is released with everything else, so the
    corrected form can be sent again with it.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO submission_keys (business_id, key, result_url, created_at) VALUES (%s, %s, '', now()) "
            "ON CONFLICT (business_id, key) DO NOTHING RETURNING id",
            [business.pk, key],
        )
        row = cursor.fetchone()
    if row is None:  # another request with this key committed first
        first = submission_first_result(business=business, key=key)
        return Submitted(result_url=first or "", repeated=True)
    url = create()
    SubmissionKey.objects.filter(pk=row[0]).update(result_url=url)
    return Submitted(result_url=url, repeated=False)


def submitted_key(form: BaseForm) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(form.data.get(SUBMISSION_KEY_FIELD, "")))
    except ValueError:
        return None


def create_once(request: HttpRequest, form: BaseForm, create: Callable[[], str]) -> HttpResponse | None:
    """Validate a POSTed create form and run ``create`` once per submission key.

    Returns the redirect to follow, or None when the page should show the form
    (a GET, or a refusal whose reasons are now on the form). A repeat of a key
    already saved goes where the first submission went, before validation: the
    first one may well have made the second invalid (an invoice number now
    taken, a balance now paid).
    """
    if request.method != "POST":
        return None
    business = request.business  # type: ignore[attr-defined]
    key = submitted_key(form)
    first = submission_first_result(business=business, key=key)
    if first is None and form.is_valid() and key is not None:
        try:
            outcome = submission_once(business=business, key=key, create=create)
        except ValidationError as exc:
            add_errors(form, exc)
            return None
        if not outcome.repeated:
            return redirect(outcome.result_url)
        first = outcome.result_url
    elif first is None:
        # Refused: unless the first submission committed while this one was being checked.
        first = submission_first_result(business=business, key=key)
    if first is None:
        return None
    messages.info(request, ALREADY_SAVED)
    return redirect(first)
