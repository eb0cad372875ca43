"""The invitee's side of an invitation: open the link, choose a password if new, accept or decline.

These pages come before the person belongs to the business, so they are not
``business_view`` pages: the invitation is found by its link's token, or by the
signed-in person's own e-mail, never by another business's ids.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import services
from .access import SESSION_KEY
from .forms import InviteeAccountForm
from .models import Invitation
from .selectors import invitation_by_token, invitations_for_user
from .tenancy import all_businesses
from .throttle import throttle

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def invitations(request: HttpRequest) -> HttpResponse:
    """The signed-in person's open invitations, from any business."""
    return render(request, "accounts/invitations.html", {"invitations": invitations_for_user(request.user)})


@login_not_required
@throttle("invitation")
def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """Where the e-mail's link leads: choose a password (new person), sign in, or answer."""
    invitation = invitation_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        if (request.user.email or "").lower() != invitation.email:
            return render(request, "accounts/invitation_other_account.html", status=403)
        return render(request, "accounts/invitation_answer.html", {"invitation": invitation})
    same_address = Q(email__iexact=invitation.email) | Q(username__iexact=invitation.email)
    account = get_user_model().objects.filter(same_address).order_by("pk").first()
    if account is not None and account.has_usable_password():
        return render(request, "accounts/invitation_sign_in.html", {"invitation": invitation})
    form = InviteeAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitee_account_create(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, "Your password is set. Now answer the invitation.")
            return redirect(request.path)
    return render(request, "accounts/invitation_new_account.html", {"invitation": invitation, "form": form})


def _own_invitation(request: HttpRequest, pk: int) -> Invitation:
    """An invitation addressed to the signed-in person's e-mail; any other id is a 404."""
    with all_businesses("an invitee answers an invitation sent to their e-mail"):
        invitation = Invitation.objects.select_related("business").filter(pk=pk).first()
    email = request.user.email if request.user.is_authenticated else ""
    if invitation is None or not email or invitation.email != email.lower():
        raise Http404("No invitation for you here.")
    return invitation


@require_POST
@throttle("invitation")
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _own_invitation(request, pk)
    try:
        membership = services.invitation_accept(invitation=invitation, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("invitations")
    request.session[SESSION_KEY] = membership.business_id
    messages.success(request, f"You joined {membership.business.name} as {membership.get_role_display().lower()}.")
    return redirect("home")


@require_POST
@throttle("invitation")
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _own_invitation(request, pk)
    try:
        services.invitation_decline(invitation=invitation, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"You declined the invitation to {invitation.business.name}.")
    return redirect("invitations")
