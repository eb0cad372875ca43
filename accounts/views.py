import sys
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import services
from .access import SESSION_KEY, BusinessRequest, business_view, get_for_business_or_404
from .forms import BusinessForm, InvitationForm, MemberEditForm
from .middleware import database_unavailable
from .models import Invitation, Membership
from .submissions import create_once
from .versions import EditConflict, show_conflict


@require_POST
def switch_business(request: HttpRequest) -> HttpResponse:
    user_id = request.user.pk
    if user_id is None:  # LoginRequiredMiddleware sends anonymous users to sign in before this runs
        raise PermissionDenied
    chosen = request.POST.get("business", "")
    membership = (
        Membership.objects.filter(user_id=user_id, business_id=int(chosen)).first()
        if chosen.isascii() and chosen.isdigit() and len(chosen) <= 18
        else None
    )
    if membership is None:
        messages.error(request, "You are not a member of that business.")
    else:
        request.session[SESSION_KEY] = membership.business_id
        services.membership_mark_used(membership=membership)
        messages.success(request, f"Switched to {membership.business.name}.")
    return redirect("home")


@business_view(owner_only=True)
def business_settings(request: BusinessRequest) -> HttpResponse:
    form = BusinessForm(request.POST or None, instance=request.business)
    if request.method == "POST" and form.is_valid():
        try:
            services.business_update(business=form.instance, expected_version=form.expected_version())
        except EditConflict as conflict:
            show_conflict(form, conflict)
        else:
            messages.success(request, "Business settings saved.")
            return redirect("business_settings")
    return render(request, "accounts/business_settings.html", {"form": form})


@business_view(owner_only=True)
def team(request: BusinessRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None)

    def create() -> str:
        try:
            invitation = services.invitation_create(
                business=request.business,
                invited_by=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                hourly_cost=form.cleaned_data["hourly_cost"],
            )
        except ValidationError as exc:
            raise ValidationError({"email": exc.messages}) from exc  # shown next to the address
        # The same words whether or not the address has an account.
        messages.success(request, f"An invitation was sent to {invitation.email}.")
        return reverse("team")

    if (sent := create_once(request, form, create)) is not None:
        return sent
    members = Membership.objects.for_business(request.business).select_related("user", "business")
    invitations = Invitation.objects.for_business(request.business).filter(status=Invitation.Status.PENDING)
    context = {"form": form, "members": members, "invitations": invitations, "now": timezone.now()}
    return render(request, "accounts/team.html", context)


def _invitation_change(request: BusinessRequest, pk: int, change: Callable[..., object], done: str) -> HttpResponse:
    """Resend or revoke one of the business's invitations, then back to the team page saying what happened."""
    invitation = get_for_business_or_404(Invitation, request, pk=pk)
    try:
        change(invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done.format(email=invitation.email))
    return redirect("team")


@require_POST
@business_view(owner_only=True)
def invitation_resend(request: BusinessRequest, pk: int) -> HttpResponse:
    return _invitation_change(
        request, pk, services.invitation_resend, "The invitation to {email} was sent again with a new link."
    )


@require_POST
@business_view(owner_only=True)
def invitation_revoke(request: BusinessRequest, pk: int) -> HttpResponse:
    return _invitation_change(
        request, pk, services.invitation_revoke, "The invitation to {email} was revoked; its link no longer works."
    )


@business_view(owner_only=True)
def member_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    membership = get_for_business_or_404(Membership.objects.select_related("user", "business"), request, pk=pk)
    form = MemberEditForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                membership=membership,
                role=form.cleaned_data["role"],
                hourly_cost=form.cleaned_data["hourly_cost"],
                expected_version=form.expected_version(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except EditConflict as conflict:
            show_conflict(form, conflict)
        else:
            messages.success(request, f"{membership.display_name} was updated.")
            return redirect("team")
    return render(request, "accounts/member_edit.html", {"form": form, "member": membership})


@require_POST
@business_view(owner_only=True)
def member_remove(request: BusinessRequest, pk: int) -> HttpResponse:
    membership = get_for_business_or_404(Membership.objects.select_related("user", "business"), request, pk=pk)
    try:
        services.member_remove(membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{membership.display_name} was removed from {request.business.name}.")
    return redirect(reverse("team"))


@login_not_required
def locked_out(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """django-axes' answer once an account is locked for this address (AXES_LOCKOUT_CALLABLE)."""
    context = {"failure_limit": settings.KOB_LOCKOUT_FAILURES, "minutes": settings.KOB_LOCKOUT_MINUTES}
    return render(request, "registration/locked_out.html", context, status=429)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the error is the database being unreachable."""
    return database_unavailable(sys.exc_info()[1]) or render(request, "500.html", status=500)
