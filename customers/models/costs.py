from __future__ import annotations

from django.db import models
from django.db.models import Q

from accounts.bounds import date_in_range, date_validators
from accounts.history import tracked

from .base import BusinessOwned
from .customers import Customer


@tracked("costentry", parent="customer")
class CostEntry(BusinessOwned):
    """A direct cost of serving a customer, or a concession given to them."""

    class Kind(models.TextChoices):
        MATERIALS = "materials", "Materials"
        TRAVEL = "travel", "Travel"
        SUBCONTRACTOR = "subcontractor", "Subcontractor"
        REFUND = "refund", "Refund"
        WRITE_OFF = "write_off", "Write-off"
        DISCOUNT = "discount", "Discount given"
        FREE_WORK = "free_work", "Free work given"

    # Concessions are what question 2 ("takes advantage of your good nature?") weighs.
    CONCESSIONS = (Kind.REFUND, Kind.WRITE_OFF, Kind.DISCOUNT, Kind.FREE_WORK)

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="cost_entries")
    date = models.DateField(validators=date_validators())
    kind = models.CharField(max_length=15, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    hours = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, help_text="For free work: the hours given."
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "cost entry"
        verbose_name_plural = "cost entries"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="costentry_amount_not_negative"),
            models.CheckConstraint(condition=date_in_range("date"), name="costentry_date_in_range"),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0), name="costentry_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["materials", "travel", "subcontractor", "refund", "write_off", "discount", "free_work"]
                ),
                name="costentry_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["business", "customer", "date"], name="costentry_business_customer"),
            # A nightly refresh reads the cost entries of the days its periods gained and lost.
            models.Index(fields=["business", "date"], name="costentry_business_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} for {self.customer}"

    @property
    def is_concession(self) -> bool:
        return self.kind in self.CONCESSIONS
