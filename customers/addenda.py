"""Writes for draft addenda: a renegotiation proposal is drafted, sent, and recorded as signed when agreed.

A draft counts nowhere (fee, hours, evaluation, standings) until it is signed;
``Addendum.objects.signed()`` is the one definition readers use.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.versions import version_check

from .models import Addendum, Contract
from .services import constraint_error, records_changed


def fee_on(contract: Contract, day: datetime.date) -> Decimal:
    """The contract's fee per billing period on ``day``: as signed, plus the signed addenda in force by then."""
    changes = contract.addenda.signed().filter(effective_date__lte=day).values_list("fee_change", flat=True)
    return contract.fee + sum(changes, Decimal("0.00"))


@transaction.atomic
def addendum_draft_create(
    *,
    contract: Contract,
    effective_date: datetime.date,
    description: str,
    fee_change: Decimal = Decimal("0.00"),
    scope_change: str = "",
    support_hours_per_month: Decimal | None = None,
    created_by=None,
) -> Addendum:
    """Add a draft addendum (one at a time per contract); it changes nothing until signed."""
    if contract.status != Contract.Status.ACTIVE:
        raise ValidationError("Only an active contract can be renegotiated.")
    if effective_date < contract.start_date:
        raise ValidationError(f"The contract only starts on {contract.start_date:%b %-d, %Y}.")
    addendum = Addendum(
        business_id=contract.business_id,
        contract=contract,
        effective_date=effective_date,
        description=description,
        fee_change=fee_change,
        scope_change=scope_change,
        support_hours_per_month=support_hours_per_month,
        status=Addendum.Status.DRAFT,
        created_by=created_by,
    )
    addendum.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            addendum.save()
    except IntegrityError as exc:  # addendum_one_draft, when two drafts race
        raise constraint_error(exc) from exc
    records_changed(record=addendum)
    return addendum


@transaction.atomic
def addendum_sign(
    *, addendum: Addendum, signed_on: datetime.date, today: datetime.date, expected_version: int | None = None
) -> Addendum:
    """Record that the customer signed a draft addendum: from now on it counts like any signed one."""
    version_check(record=addendum, expected=expected_version)
    current = Addendum.objects.get(pk=addendum.pk)
    if current.status != Addendum.Status.DRAFT:
        raise ValidationError("This addendum is already signed.")
    if signed_on > today:
        raise ValidationError({"signed_on": "The signing date cannot be in the future."})
    contract = addendum.contract
    fee_after = fee_on(contract, datetime.date.max) + addendum.fee_change
    if fee_after < 0:
        raise ValidationError(f"Signing this would bring the fee below zero ({fee_after}): edit the addendum first.")
    addendum.status = Addendum.Status.SIGNED
    addendum.signed_on = signed_on
    addendum.full_clean(validate_constraints=False)
    addendum.save(update_fields=["status", "signed_on", "version", "updated_at"])
    records_changed(record=addendum)
    return addendum
