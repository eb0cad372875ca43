"""What the commands for cron share: which businesses to act for."""

from __future__ import annotations

from django.core.management.base import CommandError

from .models import Business
from .tenancy import all_businesses


def businesses_for_command(business_id: int | None, *, command: str) -> list[Business]:
    """Every business by id, or only the one ``--business-id`` names (CommandError when there is none).

    Read under a named bypass: a command acts outside any request, then for each business with ``acting_for``.
    """
    with all_businesses(f"{command}: list the businesses"):
        businesses = Business.objects.order_by("pk")
        if business_id is not None:
            businesses = businesses.filter(pk=business_id)
        found = list(businesses)
    if business_id is not None and not found:
        raise CommandError(f"There is no business with id {business_id}.")
    return found
