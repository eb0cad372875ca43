"""Businesses (the tenants) and the people who work in them."""

from __future__ import annotations

import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

CURRENCY_CHOICES = [
    ("USD", "US dollar ($)"),
    ("EUR", "Euro (€)"),
    ("GBP", "Pound sterling (£)"),
    ("CAD", "Canadian dollar ($)"),
    ("AUD", "Australian dollar ($)"),
    ("NZD", "New Zealand dollar ($)"),
    ("CHF", "Swiss franc (CHF)"),
    ("SEK", "Swedish krona (kr)"),
    ("NOK", "Norwegian krone (kr)"),
    ("DKK", "Danish krone (kr)"),
    ("ZAR", "South African rand (R)"),
    ("INR", "Indian rupee (₹)"),
    ("JPY", "Japanese yen (¥)"),
]
CURRENCY_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "CAD": "$",
    "AUD": "$",
    "NZD": "$",
    "CHF": "CHF ",
    "SEK": "kr ",
    "NOK": "kr ",
    "DKK": "kr ",
    "ZAR": "R ",
    "INR": "₹",
    "JPY": "¥",
}


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone. Use a name like Europe/London or America/New_York.")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class Business(models.Model):
    """A small business using Keep or Boot: the unit of tenancy."""

    name = models.CharField(max_length=200)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="USD")
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    default_hourly_cost = models.DecimalField(
        "default cost of one staff hour",
        max_digits=10,
        decimal_places=2,
        default=Decimal("50.00"),
        help_text="Loaded cost: wage plus taxes, benefits and overheads, per hour.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "businesses"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(default_hourly_cost__gte=0), name="business_hourly_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def currency_symbol(self) -> str:
        return CURRENCY_SYMBOLS.get(self.currency, f"{self.currency} ")


class MembershipQuerySet(models.QuerySet):
    def for_business(self, business: Business) -> MembershipQuerySet:
        return self.filter(business=business)

    def owners(self) -> MembershipQuerySet:
        return self.filter(role=Membership.Role.OWNER)


class Membership(models.Model):
    """A person's place in a business: their role and their hourly cost."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        STAFF = "staff", "Staff"

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    hourly_cost = models.DecimalField(
        "cost of one hour",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leave empty to use the business default.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["business", "role", "user__first_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["business", "user"], name="membership_one_per_user_and_business"),
            models.CheckConstraint(condition=Q(hourly_cost__gte=0), name="membership_hourly_cost_not_negative"),
            models.CheckConstraint(condition=Q(role__in=["owner", "staff"]), name="membership_role_valid"),
        ]
        indexes = [models.Index(fields=["business", "role"], name="membership_business_role")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) at {self.business}"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER

    @property
    def effective_hourly_cost(self) -> Decimal:
        """The person's own cost, or the business default when none is set."""
        return self.hourly_cost if self.hourly_cost is not None else self.business.default_hourly_cost

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class SubmissionKey(models.Model):
    """One sent create form, by the one-time key it carried (see ``accounts.submissions``).

    A double click or a resend carries the same key: the unique constraint lets
    only the first one write, and the repeat is sent to what the first made.
    """

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    result_url = models.CharField(max_length=500, blank=True, help_text="Where the first submission led.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "submission_keys"
        constraints = [models.UniqueConstraint(fields=["business", "key"], name="submission_key_once_per_business")]
        indexes = [models.Index(fields=["business", "created_at"], name="submission_key_business_age")]

    def __str__(self) -> str:
        return f"Submission {self.key} → {self.result_url or '…'}"
