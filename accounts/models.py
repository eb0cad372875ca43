"""Businesses (the tenants) and the people who work in them."""

from __future__ import annotations

import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .history import tracked

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


def validate_country(value: str) -> None:
    import phonenumbers

    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError(f"“{value}” is not a country code. Use two capital letters, like US, GB or DE.")


# Where dates are written month first (03/04/2026 is 4 March elsewhere): imports
# read ambiguous dates this way for businesses in these countries.
MONTH_FIRST_COUNTRIES = frozenset({"US", "PH", "FM", "MH", "PW", "BZ"})


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
    # The sender's details on letters (the draft letter declining renewal).
    address = models.TextField("postal address", blank=True, help_text="As it should appear on your letters.")
    phone = models.CharField("phone", max_length=50, blank=True)
    email = models.EmailField("e-mail for customers", blank=True)
    website = models.URLField("website", blank=True)
    country = models.CharField(
        max_length=2,
        default="US",
        validators=[validate_country],
        help_text="ISO code, like US, GB or DE: the default for phone numbers and date order in imports.",
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
    def letterhead(self) -> list[str]:
        """The sender block of a letter: name, address lines and the ways to reach the business."""
        address = [line.strip() for line in self.address.splitlines() if line.strip()]
        return [self.name, *address, *(value for value in (self.phone, self.email, self.website) if value)]

    @property
    def dates_month_first(self) -> bool:
        """Whether people in this business's country write 03/04 for March 4th."""
        return self.country in MONTH_FIRST_COUNTRIES

    @property
    def currency_symbol(self) -> str:
        return CURRENCY_SYMBOLS.get(self.currency, f"{self.currency} ")


class MembershipQuerySet(models.QuerySet):
    def for_business(self, business: Business) -> MembershipQuerySet:
        return self.filter(business=business)

    def owners(self) -> MembershipQuerySet:
        return self.filter(role=Membership.Role.OWNER)


@tracked("membership")
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


class SignupConfirmation(models.Model):
    """The e-mail address given at sign-up, until its owner follows the link we sent.

    Only people who signed up themselves have a row: invited members proved their
    address by following the invitation, and admin-made accounts are trusted.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="signup_confirmation"
    )
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        state = "confirmed" if self.confirmed_at else "not confirmed"
        return f"{self.email} ({state})"


class OnboardingState(models.Model):
    """What an owner chose about the first-steps checklist: items skipped, and whether it was put away.

    Whether each item is done is not stored: it is read from the business's data.
    """

    business = models.OneToOneField(Business, on_delete=models.CASCADE, primary_key=True, related_name="onboarding")
    skipped = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"First steps of {self.business}"
