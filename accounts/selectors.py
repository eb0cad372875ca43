"""Reads for the accounts app that are not one business's pages."""

from __future__ import annotations

from .models import Invitation, invitation_token_hash
from .tenancy import all_businesses


def invitations_for_user(user) -> list[Invitation]:
    """Open invitations sent to the signed-in person's e-mail, from any business.

    Answering an invitation happens before the person belongs to the business,
    so this read crosses businesses by design (a named bypass).
    """
    if not user.is_authenticated or not user.email:
        return []
    with all_businesses("an invitee lists the invitations sent to their e-mail"):
        return list(Invitation.objects.pending().for_email(user.email).select_related("business", "invited_by"))


def invitation_by_token(token: str) -> Invitation | None:
    """The open invitation behind a link, or None (unknown, answered, revoked or expired)."""
    with all_businesses("an invitation link is opened before its business is known"):
        return (
            Invitation.objects.pending()
            .select_related("business", "invited_by")
            .filter(token_hash=invitation_token_hash(token))
            .first()
        )
