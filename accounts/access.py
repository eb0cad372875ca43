"""Tenancy and roles, in one place.

Every view that shows or changes a business's data is wrapped in
``@business_view`` (or ``@business_view(owner_only=True)``). The decorator
resolves the current business and the user's membership, activates the
business's time zone, and refuses what the role does not allow. Objects named
in a URL are fetched with ``get_for_business_or_404`` so that another
business's ids give 404, never someone else's data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Self, TypeVar, cast

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Count, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from . import tenancy
from .models import Business, Membership
from .selectors import invitations_for_user
from .two_factor import two_factor_enabled

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SESSION_KEY = "business_id"
M = TypeVar("M", bound=models.Model)


class BusinessRequest(HttpRequest):
    """What a view wrapped in ``business_view`` receives: a signed-in user, their business and membership.

    Only a type: at run time it is Django's request with these attributes set.
    """

    business: Business
    membership: Membership
    other_memberships: list[Membership]  # the person's other businesses, by name (the navbar's "switch to")
    user: User


class BusinessQuerySet(models.QuerySet[M]):
    """Base for the querysets of every table that belongs to a business."""

    def for_business(self, business: Business) -> Self:
        return self.filter(business=business)

    def first_and_count(self, limit: int) -> tuple[list[M], int]:
        """The first ``limit`` rows and how many rows there are in all, in one query (a window count on each row)."""
        rows = cast(list[M], list(self.annotate(rows_in_all=Window(Count("pk")))[:limit]))
        return rows, getattr(rows[0], "rows_in_all") if rows else 0  # noqa: B009 (an annotation, not a field)


def _last_used(memberships: list[Membership]) -> Membership:
    """The last used (never used come last), then the earliest joined, then the lowest business id."""
    used = max((m.last_used_at for m in memberships if m.last_used_at is not None), default=None)
    latest = [m for m in memberships if m.last_used_at == used] if used else memberships
    return min(latest, key=lambda m: (m.created_at, m.business_id))


def current_membership(request: HttpRequest) -> tuple[Membership | None, list[Membership]]:
    """The membership for the business chosen in this session, else the one the person used last; and the others.

    Never "the first by name": a look-alike business that sorts first must not
    catch someone. Memberships never chosen (made before this was recorded)
    fall back to the earliest joined, the person's own business in practice.
    One query: the person's other memberships (by business name) come with it.
    """
    if not request.user.is_authenticated:
        return None, []
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("business", "user")
        .order_by("business__name", "business_id")
    )
    chosen = request.session.get(SESSION_KEY)
    membership = next((m for m in memberships if m.business_id == chosen), None) if chosen is not None else None
    if membership is None and memberships:
        membership = _last_used(memberships)
        request.session[SESSION_KEY] = membership.business_id
    return membership, [m for m in memberships if m is not membership]


def business_view(view: Callable | None = None, *, owner_only: bool = False) -> Callable:
    """Resolve ``request.business``, ``request.membership`` and ``request.other_memberships`` for a view.

    Users with no business see a page that says so (403). Members of a
    business that requires two-factor sign-in are sent to set it up first.
    Staff get 403 on owner-only views. The business's time zone is active for
    the request, and row-level security shows the view only its business's
    rows (the previous settings come back afterwards).
    """

    def decorator(func: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(func)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            membership, others = current_membership(request)
            if membership is None:
                context = {"invitations": invitations_for_user(request.user)}
                return render(request, "accounts/no_business.html", context, status=403)
            if membership.business.require_two_factor and not two_factor_enabled(request.user):
                messages.warning(request, f"{membership.business.name} requires two-factor sign-in: set it up first.")
                return redirect("security")
            if owner_only and not membership.is_owner:
                raise PermissionDenied("Only the business's owners can open this page.")
            resolved = cast(BusinessRequest, request)
            resolved.membership = membership
            resolved.other_memberships = others
            resolved.business = membership.business
            timezone.activate(membership.business.time_zone)
            try:
                with tenancy.acting_for(membership.business_id, user_id=request.user.pk):
                    return func(resolved, *args, **kwargs)
            finally:
                timezone.deactivate()

        wrapper.owner_only = owner_only  # type: ignore[attr-defined]  # read by the route tests
        return wrapper

    if view is not None:
        return decorator(view)
    return decorator


def get_for_business_or_404(source: type[M] | models.QuerySet[M], request: BusinessRequest, **lookup) -> M:
    """Fetch one object of the current business; anything else is a 404."""
    queryset = source._default_manager.all() if isinstance(source, type) else source
    try:
        return queryset.get(business=request.business, **lookup)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise Http404(f"No {queryset.model._meta.verbose_name} here.") from exc


def require_owner(request: BusinessRequest) -> None:
    """For views open to staff with owner-only actions inside them."""
    if not request.membership.is_owner:
        raise PermissionDenied("Only the business's owners can do this.")


def can_edit_record(request: BusinessRequest, record: models.Model) -> bool:
    """Owners may change every record of their business; staff only those they recorded."""
    return request.membership.is_owner or getattr(record, "created_by_id", None) == request.user.pk


def require_owner_or_creator(request: BusinessRequest, record: models.Model) -> None:
    """For edit views open to staff: 403 unless the user is an owner or recorded this row."""
    if not can_edit_record(request, record):
        raise PermissionDenied("Staff can change only the records they entered themselves. Ask an owner.")
