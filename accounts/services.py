"""Writes for businesses and teams. Views call these; they hold the rules."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from .models import Business, Membership
from .tenancy import acting_for

User = get_user_model()


@transaction.atomic
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
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    if Membership.objects.filter(business=business, user=user).exists():
        raise ValidationError(f"{email} is already a member of {business.name}.")
    membership = Membership(business=business, user=user, role=role, hourly_cost=hourly_cost)
    membership.full_clean()
    membership.save()
    if created and request is not None:
        form = PasswordResetForm({"email": email})
        if form.is_valid():
            # Unusable-password users are skipped by default; invitees need the link.
            form.get_users = lambda _email: [user]
            form.save(
                request=request,
                use_https=request.is_secure(),
                subject_template_name="accounts/email/invite_subject.txt",
                email_template_name="accounts/email/invite_body.txt",
                extra_email_context={"business": business},
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
    # Its first row belongs to the new business (row-level security: sign-up runs before any business is chosen).
    with acting_for(business.pk):
        Membership.objects.create(business=business, user=owner, role=Membership.Role.OWNER)
    return business
