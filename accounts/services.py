"""Writes for businesses and teams. Views call these; they hold the rules."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import emails
from .models import Business, Invitation, Membership, invitation_token_hash
from .tenancy import acting_for
from .versions import version_check

if TYPE_CHECKING:
    pass

User = get_user_model()


def _assert_not_last_owner(membership: Membership) -> None:
    if membership.is_owner and Membership.objects.for_business(membership.business).owners().count() <= 1:
        raise ValidationError("A business needs at least one owner: make someone else an owner first.")


@transaction.atomic
def member_update(
    *, membership: Membership, role: str, hourly_cost: Decimal | None, expected_version: int | None = None
) -> Membership:
    """Change a member's role or hourly cost; the last owner stays an owner.

    ``expected_version`` is the version the edit form showed: ``EditConflict`` if someone saved since.
    """
    # Lock the business's owners so two owners cannot demote each other at once,
    # and judge by the stored role (a bound form may have changed the instance).
    list(Membership.objects.select_for_update().for_business(membership.business).owners())
    stored = Membership.objects.select_related("business").get(pk=membership.pk)
    version_check(record=membership, expected=expected_version)
    if role != Membership.Role.OWNER:
        _assert_not_last_owner(stored)
    membership.role = role
    membership.hourly_cost = hourly_cost
    membership.full_clean()
    membership.save(update_fields=["role", "hourly_cost", "version"])
    return membership


@transaction.atomic
def business_update(*, business: Business, expected_version: int | None) -> Business:
    """Save a business's settings as edited in a form; ``EditConflict`` if someone saved them since it was shown."""
    version_check(record=business, expected=expected_version)
    business.save()
    return business


@transaction.atomic
def member_remove(*, membership: Membership) -> None:
    """Remove a person from a business (their account and records stay)."""
    list(Membership.objects.select_for_update().for_business(membership.business).owners())
    _assert_not_last_owner(Membership.objects.select_related("business").get(pk=membership.pk))
    membership.delete()


@transaction.atomic
def business_create(*, name: str, owner, currency: str = "USD", time_zone: str = "UTC", **fields) -> Business:
    """Create a business with its first owner."""
    business = Business(name=name, currency=currency, time_zone=time_zone, **fields)
    business.full_clean()
    business.save()
    # Its first row belongs to the new business (row-level security: sign-up runs before any business is chosen).
    with acting_for(business.pk):
        Membership.objects.create(
            business=business, user=owner, role=Membership.Role.OWNER, last_used_at=timezone.now()
        )
    return business


def membership_mark_used(*, membership: Membership) -> None:
    """Remember that the person chose this business, so they land here after their next sign-in."""
    membership.last_used_at = timezone.now()
    with acting_for(membership.business_id):  # row-level security: the update acts for that business
        Membership.objects.filter(pk=membership.pk).update(last_used_at=membership.last_used_at)


# --- invitations -------------------------------------------------------------
# Adding a person to a business is an offer they accept or decline while signed
# in as the invited e-mail. The owner's answer is the same whether or not the
# e-mail has an account, and no service here reveals who owns an address.


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = invitation_token_hash(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + datetime.timedelta(days=settings.KOB_INVITATION_DAYS)
    return token


def _send_after_commit(invitation: Invitation, token: str) -> None:
    # The e-mail goes out only once the invitation is stored; a rolled-back
    # invitation never mails a link that leads nowhere.
    transaction.on_commit(lambda: emails.invitation_email_send(invitation=invitation, token=token))


@transaction.atomic
def invitation_create(
    *,
    business: Business,
    invited_by,
    email: str,
    role: str = Membership.Role.STAFF,
    hourly_cost: Decimal | None = None,
) -> Invitation:
    """Invite a person by e-mail; they become a member only when they accept."""
    email = email.strip().lower()
    if Membership.objects.filter(business=business, user__email__iexact=email).exists():
        raise ValidationError(f"{email} is already a member of {business.name}.")
    if Invitation.objects.for_business(business).filter(email=email, status=Invitation.Status.PENDING).exists():
        raise ValidationError(f"{email} has already been invited. Resend that invitation from the list instead.")
    invitation = Invitation(business=business, invited_by=invited_by, email=email, role=role, hourly_cost=hourly_cost)
    token = _new_token(invitation)
    invitation.full_clean()
    invitation.save()
    _send_after_commit(invitation, token)
    return invitation


def _lock(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("business", "invited_by")
        .get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """Send a pending invitation again with a new link (the old one stops working) and a new expiry."""
    invitation = _lock(invitation)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(
            f"This invitation was {invitation.get_status_display().lower()}; invite the person again."
        )
    token = _new_token(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _send_after_commit(invitation, token)
    return invitation


def _answer(invitation: Invitation, status: str, user=None) -> None:
    invitation.status = status
    invitation.answered_at = timezone.now()
    invitation.answered_by = user
    invitation.save(update_fields=["status", "answered_at", "answered_by"])


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    """Withdraw a pending invitation; its link stops working."""
    invitation = _lock(invitation)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(f"This invitation was already {invitation.get_status_display().lower()}.")
    _answer(invitation, Invitation.Status.REVOKED)
    return invitation


def _assert_open_for(invitation: Invitation, user) -> None:
    if not invitation.is_open:
        raise ValidationError("This invitation is no longer valid. Ask the business's owner to send a new one.")
    if not user.is_authenticated or (user.email or "").strip().lower() != invitation.email:
        raise ValidationError("This invitation was sent to another e-mail address than the one you are signed in with.")


# The invitee answers from outside the business (no membership yet, or another
# business chosen in their session), so these writes say which business they act for.


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Join the business: the only way a business appears in a person's switcher."""
    with acting_for(invitation.business_id):
        invitation = _lock(invitation)
        _assert_open_for(invitation, user)
        if Membership.objects.filter(business_id=invitation.business_id, user=user).exists():
            raise ValidationError(f"You are already a member of {invitation.business.name}.")
        membership = Membership(
            business=invitation.business,
            user=user,
            role=invitation.role,
            hourly_cost=invitation.hourly_cost,
            last_used_at=timezone.now(),
        )
        membership.full_clean()
        membership.save()
        _answer(invitation, Invitation.Status.ACCEPTED, user)
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user) -> Invitation:
    """Say no: nothing changes for the person, and the owner sees the invitation as declined."""
    with acting_for(invitation.business_id):
        invitation = _lock(invitation)
        _assert_open_for(invitation, user)
        _answer(invitation, Invitation.Status.DECLINED, user)
    return invitation


@transaction.atomic
def invitee_account_create(*, invitation: Invitation, first_name: str, last_name: str, password: str):
    """A new person chooses a password through their invitation link (which proves the e-mail is theirs).

    An account that exists without a usable password (added before invitations
    existed) gets its password set; an account with a password must sign in.
    """
    with acting_for(invitation.business_id):
        invitation = _lock(invitation)
    if not invitation.is_open:
        raise ValidationError("This invitation is no longer valid. Ask the business's owner to send a new one.")
    same_address = Q(email__iexact=invitation.email) | Q(username__iexact=invitation.email)
    user = User.objects.filter(same_address).order_by("pk").first()
    if user is not None and user.has_usable_password():
        raise ValidationError("This e-mail already has an account: sign in to answer the invitation.")
    if user is None:
        user = User(username=invitation.email, email=invitation.email)
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
