from __future__ import annotations

from typing import ClassVar, Self

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q

from accounts.access import BusinessQuerySet
from accounts.bounds import date_in_range, date_validators
from accounts.history import tracked

from .base import BusinessOwned


class CustomerQuerySet(BusinessQuerySet["Customer"]):
    def active(self) -> Self:
        return self.filter(status=Customer.Status.ACTIVE)

    def search(self, text: str) -> Self:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(contact_person__icontains=text)
            | Q(email__icontains=text)
            | Q(phone__icontains=text)
        )


CustomerManager = models.Manager.from_queryset(CustomerQuerySet)


@tracked("customer")
class Customer(BusinessOwned):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        FORMER = "former", "Former"

    class EndReason(models.TextChoices):
        NOT_RENEWED = "not_renewed", "Not renewed"
        LET_GO = "let_go", "Let go"
        LEFT = "left", "Left"

    name = models.CharField(max_length=200)
    contact_person = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    address = models.TextField(blank=True)
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    customer_since = models.DateField(validators=date_validators())
    notes = models.TextField(blank=True)
    ended_on = models.DateField(null=True, blank=True, validators=date_validators())
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    external_id = models.CharField(
        "external id", max_length=100, blank=True, help_text="The customer's id in another system (set by imports)."
    )
    payment_reminders = models.BooleanField(
        "send payment reminders",
        default=True,
        help_text="E-mail this customer the reminders of your schedule when an invoice is due or late.",
    )

    objects: ClassVar[CustomerManager] = CustomerManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["business", "id"], name="customer_business_id"),
            models.CheckConstraint(condition=date_in_range("customer_since"), name="customer_since_in_range"),
            models.CheckConstraint(
                condition=date_in_range("ended_on", nullable=True), name="customer_ended_on_in_range"
            ),
            models.CheckConstraint(
                condition=Q(status="active") | Q(status="paused") | Q(status="former"), name="customer_status_valid"
            ),
            # A former customer always says when and why; others say neither.
            models.CheckConstraint(
                condition=(Q(status="former") & Q(ended_on__isnull=False) & ~Q(end_reason=""))
                | (~Q(status="former") & Q(ended_on__isnull=True) & Q(end_reason="")),
                name="customer_end_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("customer_since")),
                name="customer_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["business", "external_id"],
                condition=~Q(external_id=""),
                name="customer_external_id_unique_per_business",
            ),
        ]
        indexes = [
            models.Index(fields=["business", "status", "name"], name="customer_business_status"),
            models.Index(fields=["business", "name"], name="customer_business_name"),
            GinIndex(fields=["tags"], name="customer_tags"),
        ]

    def __str__(self) -> str:
        return self.name
