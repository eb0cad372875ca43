"""The weekly digest e-mail: plain text and HTML, absolute links from ``KOB_BASE_URL`` (sent outside a request)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from accounts.emails import absolute_url
from accounts.models import Business

from .week import WeekDigest


def digest_context(*, business: Business, digest: WeekDigest, recipient: User | None) -> dict:
    return {
        "business": business,
        "digest": digest,
        "recipient": recipient,
        "base_url": absolute_url(""),
    }


def digest_email_send(*, business: Business, digest: WeekDigest, recipient: User) -> None:
    """One owner's digest; raises when the mail backend fails (the caller keeps the claim and the error)."""
    context = digest_context(business=business, digest=digest, recipient=recipient)
    subject = render_to_string("insights/email/digest_subject.txt", context).strip()
    text = render_to_string("insights/email/digest_body.txt", context)
    html = render_to_string("insights/email/digest_body.html", context)
    message = EmailMultiAlternatives(subject, text, None, [recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()
