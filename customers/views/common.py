"""Small helpers shared by the customers views."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import BaseForm, BaseModelForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.access import BusinessRequest
from accounts.form_guards import VersionedFormMixin, add_errors
from accounts.submissions import create_once
from accounts.versions import EditConflict, show_conflict

from .. import services
from ..models.base import BusinessOwned

__all__ = ["add_errors", "back_to", "paginate", "render_form", "safe_next", "save_record", "create_record_once"]

PAGE_SIZE = 25

Record = TypeVar("Record", bound=BusinessOwned)


def safe_next(request: BusinessRequest, default: str) -> str:
    """The page to go back to: ``next`` when it points into this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only paths: ``redirect()`` would read any other word as a view name to reverse.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def paginate(request: BusinessRequest, items, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def render_form(request: BusinessRequest, form: BaseForm, *, title: str, back_url: str, **context) -> HttpResponse:
    """The one form page every record uses: a title, breadcrumbs, the form, Save and Cancel."""
    return render(
        request,
        "customers/form.html",
        {"form": form, "title": title, "back_url": back_url, "next": request.GET.get("next", ""), **context},
    )


def back_to(request: BusinessRequest, default: str) -> HttpResponse:
    return redirect(safe_next(request, default))


def create_record_once(
    request: BusinessRequest, form: BaseModelForm[Record], *, success: Callable[[Record], str]
) -> HttpResponse | None:
    """Save a new record from a POSTed create form, once per submission key.

    ``success`` adds the message and returns the URL to go to; the redirect is
    returned, or None when the form is to be shown (with its errors).
    """

    def create() -> str:
        record = services.record_save(record=form.instance, business=request.business, created_by=request.user)
        return success(record)

    return create_once(request, form, create)


def save_record(request: BusinessRequest, form: BaseModelForm[Record]) -> Record | None:
    """Save a valid POSTed record form through ``services.record_save``.

    Returns the saved record, or None when there is nothing to save or the form
    (or a database rule) refused it; the errors are then on the form.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return services.record_save(
            record=form.instance,
            business=request.business,
            created_by=request.user,
            expected_version=form.expected_version() if isinstance(form, VersionedFormMixin) else None,
        )
    except ValidationError as exc:
        add_errors(form, exc)
    except EditConflict as conflict:
        show_conflict(form, conflict)
    return None
