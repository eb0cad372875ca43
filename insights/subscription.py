"""An owner's choice to get the weekly digest, or not (a field of their membership: per business)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Membership


@transaction.atomic
def weekly_digest_set(*, membership: Membership, weekly_digest: bool) -> None:
    membership.weekly_digest = weekly_digest
    membership.save(update_fields=["weekly_digest"])
