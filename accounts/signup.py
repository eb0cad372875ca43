"""Writes for sign-up: a person creates their account and business, then confirms their e-mail.

Until the address is confirmed the owner can sign in and set everything up; the
home page shows a banner asking them to follow the link (see README, "Sign-up").
The e-mail is its own service, run after the sign-up commits, so a rolled-back
sign-up never sends a link to an account that does not exist.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Business, SignupConfirmation

if TYPE_CHECKING:
    from django.contrib.auth.models import User
from .services import business_create

UserModel = get_user_model()

CONFIRM_SALT = "accounts.signup-confirmation"
CONFIRM_MAX_AGE_DAYS = 7


def email_taken(email: str) -> bool:
    return (
        UserModel.objects.filter(email__iexact=email).exists()
        or UserModel.objects.filter(username__iexact=email).exists()
    )


@transaction.atomic
def owner_signup(
    *,
    email: str,
    password: str,
    first_name: str,
    business_name: str,
    currency: str,
    time_zone: str,
    default_hourly_cost: Decimal,
    site_url: str,
) -> tuple[User, Business]:
    """Create the account, its business (the person is its owner) and the pending e-mail confirmation.

    ``site_url`` (scheme and host, e.g. ``https://keeporboot.example.com``) is
    where the confirmation link points.
    """
    email = email.strip().lower()
    if email_taken(email):
        raise ValidationError({"email": "An account with this e-mail already exists. Sign in, or reset your password."})
    user = UserModel(username=email, email=email, first_name=first_name.strip())
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same address signing up twice at the same moment
        raise ValidationError({"email": "An account with this e-mail already exists. Sign in."}) from exc
    business = business_create(
        name=business_name.strip(),
        owner=user,
        currency=currency,
        time_zone=time_zone,
        default_hourly_cost=default_hourly_cost,
    )
    SignupConfirmation.objects.create(user=user, email=email)
    transaction.on_commit(lambda: signup_confirmation_send(user=user, site_url=site_url))
    return user, business


def confirmation_token(confirmation: SignupConfirmation) -> str:
    """A signed, dated token naming the account and the address it confirms."""
    return signing.dumps({"user": confirmation.user_id, "email": confirmation.email}, salt=CONFIRM_SALT)


def signup_confirmation_send(*, user: User, site_url: str) -> None:
    """E-mail the confirmation link to the address given at sign-up (nothing when already confirmed)."""
    confirmation = SignupConfirmation.objects.filter(user=user, confirmed_at__isnull=True).first()
    if confirmation is None:
        return
    link = site_url.rstrip("/") + reverse("signup_confirm", args=[confirmation_token(confirmation)])
    context = {"user": user, "link": link, "days": CONFIRM_MAX_AGE_DAYS}
    subject = render_to_string("accounts/email/confirm_subject.txt", context).strip()
    body = render_to_string("accounts/email/confirm_body.txt", context)
    send_mail(subject, body, None, [confirmation.email])


@transaction.atomic
def signup_confirm(*, token: str) -> SignupConfirmation:
    """Mark the address in ``token`` confirmed; a bad, expired or outdated token raises ValidationError."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE_DAYS * 24 * 3600)
    except signing.SignatureExpired as exc:
        raise ValidationError("This confirmation link has expired. Sign in and ask for a new one.") from exc
    except signing.BadSignature as exc:
        raise ValidationError("This confirmation link is not valid. Check that you copied all of it.") from exc
    confirmation = (
        SignupConfirmation.objects.select_for_update()
        .select_related("user")
        .filter(user_id=data.get("user"), email=data.get("email"))
        .first()
    )
    if confirmation is None:
        raise ValidationError("This confirmation link is not valid any more. Sign in and ask for a new one.")
    if confirmation.confirmed_at is None:
        confirmation.confirmed_at = timezone.now()
        confirmation.save(update_fields=["confirmed_at"])
    return confirmation


def unconfirmed_signup(user: User) -> SignupConfirmation | None:
    """The user's pending sign-up confirmation, if they signed up and have not followed the link yet."""
    if not user.is_authenticated:
        return None
    return SignupConfirmation.objects.filter(user=user, confirmed_at__isnull=True).first()
