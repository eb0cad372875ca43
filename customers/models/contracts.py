from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from accounts.access import BusinessQuerySet
from accounts.bounds import (
    MAX_NOTICE_DAYS,
    MAX_PAYMENT_TERMS_DAYS,
    date_in_range,
    date_validators,
    days_validators,
)
from accounts.history import tracked

from .base import BusinessOwned
from .customers import Customer

# A month has at most 744 hours: a cap above that is a typing mistake.
MAX_SUPPORT_HOURS_PER_MONTH = 744


class ContractQuerySet(BusinessQuerySet["Contract"]):
    def active(self) -> Self:
        return self.filter(status=Contract.Status.ACTIVE)


ContractManager = models.Manager.from_queryset(ContractQuerySet)


@tracked("contract")
class Contract(BusinessOwned):
    """What was agreed: scope, fee, timing and terms (the column's prevention)."""

    class BillingPeriod(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        YEARLY = "yearly", "Yearly"
        ONE_OFF = "one_off", "One-off"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "yearly": 12}

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="contracts")
    title = models.CharField(max_length=200)
    services_included = models.TextField("services included")
    services_excluded = models.TextField("explicitly excluded", blank=True)
    fee = models.DecimalField(max_digits=12, decimal_places=2, help_text="Per billing period, before any addendum.")
    billing_period = models.CharField(max_length=10, choices=BillingPeriod.choices, default=BillingPeriod.MONTHLY)
    start_date = models.DateField(validators=date_validators())
    end_date = models.DateField(
        "end or renewal date",
        null=True,
        blank=True,
        validators=date_validators(),
        help_text="Leave empty for a contract with no end date.",
    )
    auto_renew = models.BooleanField("renews automatically", default=False)
    notice_period_days = models.PositiveIntegerField(
        "notice period (days)", default=30, validators=days_validators(MAX_NOTICE_DAYS, "notice period")
    )
    payment_terms_days = models.PositiveIntegerField(
        "payment terms (days)",
        default=30,
        validators=days_validators(MAX_PAYMENT_TERMS_DAYS, "payment terms"),
        help_text="An invoice is due this many days after it is issued.",
    )
    support_hours_per_month = models.DecimalField(
        "support hours included per month", max_digits=7, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    objects: ClassVar[ContractManager] = ContractManager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["business", "id"], name="contract_business_id"),
            models.UniqueConstraint(fields=["customer", "id"], name="contract_customer_id"),
            models.UniqueConstraint(
                fields=["customer"], condition=Q(status="active"), name="contract_one_active_per_customer"
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="contract_fee_not_negative"),
            models.CheckConstraint(condition=date_in_range("start_date"), name="contract_start_in_range"),
            models.CheckConstraint(condition=date_in_range("end_date", nullable=True), name="contract_end_in_range"),
            models.CheckConstraint(
                condition=Q(notice_period_days__lte=MAX_NOTICE_DAYS), name="contract_notice_period_in_range"
            ),
            models.CheckConstraint(
                condition=Q(payment_terms_days__lte=MAX_PAYMENT_TERMS_DAYS), name="contract_payment_terms_in_range"
            ),
            models.CheckConstraint(
                condition=Q(support_hours_per_month__isnull=True) | Q(support_hours_per_month__gte=0),
                name="contract_support_hours_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="contract_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(status__in=["draft", "active", "ended"]), name="contract_status_valid"),
            models.CheckConstraint(
                condition=Q(billing_period__in=["monthly", "quarterly", "yearly", "one_off"]),
                name="contract_billing_period_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["business", "customer", "status"], name="contract_business_customer"),
            # Renewals coming (dashboard, home): active contracts by end date.
            models.Index(fields=["business", "end_date"], condition=Q(status="active"), name="contract_active_end"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.customer})"

    def last_notice_date(self) -> datetime.date | None:
        """The last day to give notice before the end or renewal date."""
        if self.end_date is None:
            return None
        return self.end_date - datetime.timedelta(days=self.notice_period_days)

    def monthly_fee(self, fee: Decimal | None = None) -> Decimal | None:
        """The fee spread over a month (None for one-off contracts)."""
        months = self.MONTHS_PER_PERIOD.get(self.billing_period)
        if months is None:
            return None
        return ((self.fee if fee is None else fee) / months).quantize(Decimal("0.01"))


class AddendumQuerySet(BusinessQuerySet["Addendum"]):
    def signed(self) -> Self:
        """The addenda that bind both sides: a draft proposal changes no figure until it is signed."""
        return self.filter(status=Addendum.Status.SIGNED)


AddendumManager = models.Manager.from_queryset(AddendumQuerySet)


@tracked("addendum", parent="contract")
class Addendum(BusinessOwned):
    """A dated change to a contract: "write an addendum detailing the changes".

    A draft (a renegotiation proposal sent to the customer) counts nowhere: not
    in the fee, the support hours, the evaluation or the standings, until the
    owner records it as signed.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft, not signed yet"
        SIGNED = "signed", "Signed"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="addenda")
    effective_date = models.DateField(validators=date_validators())
    description = models.TextField()
    fee_change = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text="Change to the fee per billing period: positive raises it, negative lowers it.",
    )
    scope_change = models.TextField(blank=True, help_text="Services added to or removed from the contract.")
    support_hours_per_month = models.DecimalField(
        "support hours included per month from this date",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SUPPORT_HOURS_PER_MONTH)],
        help_text="Leave empty to keep the hours as they are.",
    )
    # Existing and hand-entered addenda are signed; raw SQL inserts (bulk loads) get the same.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SIGNED, db_default=Status.SIGNED)
    signed_on = models.DateField("signed on", null=True, blank=True, validators=date_validators())

    objects: ClassVar[AddendumManager] = AddendumManager()

    class Meta:
        ordering = ["effective_date", "id"]
        verbose_name_plural = "addenda"
        constraints = [
            models.CheckConstraint(condition=date_in_range("effective_date"), name="addendum_effective_in_range"),
            models.CheckConstraint(condition=Q(status__in=["draft", "signed"]), name="addendum_status_valid"),
            # A draft has no signing date; a signed one may lack it (signed before the app recorded it).
            models.CheckConstraint(
                condition=Q(status="signed") | Q(signed_on__isnull=True), name="addendum_draft_not_signed_on"
            ),
            models.CheckConstraint(
                condition=date_in_range("signed_on", nullable=True), name="addendum_signed_in_range"
            ),
            models.CheckConstraint(
                condition=Q(support_hours_per_month__isnull=True)
                | (Q(support_hours_per_month__gte=0) & Q(support_hours_per_month__lte=MAX_SUPPORT_HOURS_PER_MONTH)),
                name="addendum_support_hours_in_range",
            ),
            # One proposal at a time per contract: sign, edit or replace it before drafting another.
            models.UniqueConstraint(fields=["contract"], condition=Q(status="draft"), name="addendum_one_draft"),
        ]
        indexes = [models.Index(fields=["business", "contract", "effective_date"], name="addendum_business_contract")]

    def __str__(self) -> str:
        return f"Addendum of {self.effective_date} to {self.contract.title}"
