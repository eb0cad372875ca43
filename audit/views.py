from __future__ import annotations

from collections.abc import Iterable

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import BusinessRequest, business_view

from .forms import RecentChangesFilter
from .selectors import HISTORY_LIMIT, RecentChanges, record_history

PAGE_SIZE = 30


@require_GET
@business_view(owner_only=True)
def recent_changes(request: BusinessRequest) -> HttpResponse:
    """Every change in the business, newest first; owners only, as changes include costs and rates."""
    form = RecentChangesFilter(request.GET or None, business=request.business)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        changes = RecentChanges(
            business=request.business,
            user_id=filters.get("person"),
            kind=filters.get("kind") or None,
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
        )
        page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/recent_changes.html", {"form": form, "page": page, "query": query.urlencode()})


def history_section(
    request: BusinessRequest, record: models.Model, children: Iterable[tuple[type[models.Model], str]] = ()
) -> dict:
    """Context for ``partials/history_section.html`` on a record's page: owners see it, staff do not.

    History shows costs, rates and amounts staff may not see, so it stays owner-only.
    """
    if not request.membership.is_owner:
        return {"history": None}
    history = record_history(business=request.business, record=record, children=children, limit=HISTORY_LIMIT)
    return {"history": history, "history_limit": HISTORY_LIMIT}
