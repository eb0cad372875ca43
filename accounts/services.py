"""Writes for businesses and teams. Views call these; they hold the rules."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from .models import Business, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import User as UserModel

User = get_user_model()


@transaction.atomic
class InvitationForm(PasswordResetForm):
    """Django's password-reset e-mail, sent to one invitee (it skips unusable-password users by default)."""

    def __init__(self, *args: Any, invitee: UserModel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitee = invitee

    def get_users(self, email: str) -> Iterable[UserModel]:
        return [self.invitee]


def member_add(
    *,
    business: Business,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str = Membership.Role.STAFF,
    hourly_cost: Decimal | None = None,
    request: HttpRequest | None = None,
) -> tuple[Membership, bool]:
    """Add a person to a business; return the membership and whether an invitation was sent.

    A new person gets an account without a usable password and an e-mail with
    a link to choose one (Django's password-reset flow).
    """
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    created = existing is None
    user = existing
    if user is None:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    if Membership.objects.filter(business=business, user=user).exists():
        raise ValidationError(f"{email} is already a member of {business.name}.")
    membership = Membership(business=business, user=user, role=role, hourly_cost=hourly_cost)
    membership.full_clean()
    membership.save()
    if created and request is not None:
        form = InvitationForm({"email": email}, invitee=user)
        if form.is_valid():
            form.save(
                request=request,
                use_https=request.is_secure(),
                subject_template_name="accounts/email/invite_subject.txt",
                email_template_name="accounts/email/invite_body.txt",
                # django-stubs types this as str values; Django puts any value in the template context.
                extra_email_context={"business": business},  # type: ignore[dict-item]
            )
    return membership, created


def _assert_not_last_owner(membership: Membership) -> None:
    if membership.is_owner and Membership.objects.for_business(membership.business).owners().count() <= 1:
        raise ValidationError("A business needs at least one owner: make someone else an owner first.")


@transaction.atomic
def member_update(*, membership: Membership, role: str, hourly_cost: Decimal | None) -> Membership:
    """Change a member's role or hourly cost; the last owner stays an owner."""
    # Lock the business's owners so two owners cannot demote each other at once,
    # and judge by the stored role (a bound form may have changed the instance).
    list(Membership.objects.select_for_update().for_business(membership.business).owners())
    stored = Membership.objects.select_related("business").get(pk=membership.pk)
    if role != Membership.Role.OWNER:
        _assert_not_last_owner(stored)
    membership.role = role
    membership.hourly_cost = hourly_cost
    membership.full_clean()
    membership.save(update_fields=["role", "hourly_cost"])
    return membership


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
    Membership.objects.create(business=business, user=owner, role=Membership.Role.OWNER)
    return business
