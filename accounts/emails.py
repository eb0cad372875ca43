"""E-mails the accounts app sends. Each is its own service, run after the write commits.

No request reaches these functions: absolute links are built from the
``KOB_BASE_URL`` setting, so a background worker can send them too.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Invitation


def absolute_url(path: str) -> str:
    return settings.KOB_BASE_URL.rstrip("/") + path


def invitation_email_send(*, invitation: Invitation, token: str) -> None:
    """The same e-mail whether or not the address has an account: the link's page handles both."""
    context = {
        "invitation": invitation,
        "inviter": _person(invitation.invited_by),
        "link": absolute_url(reverse("invitation_open", kwargs={"token": token})),
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


def _person(user) -> str:
    if user is None:
        return "The owner"
    return user.get_full_name() or user.get_username()
