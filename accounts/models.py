"""Businesses (the tenants) and the people who work in them."""

from __future__ import annotations

import hashlib
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

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
    # Moves on with every edit of the settings; a form sent with an older one is a conflict (accounts.versions).
    version = models.PositiveIntegerField(default=1, editable=False)
    require_two_factor = models.BooleanField(
        "require two-factor sign-in",
        default=False,
        help_text="Everyone in the business must sign in with a code from an authenticator app.",
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
    # When the person last chose this business (signed in to it, switched to it,
    # accepted its invitation): after sign-in they land where they were last.
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)  # see accounts.versions
    # Owners get the Monday digest (insights) unless they turn it off on the settings page.
    weekly_digest = models.BooleanField("weekly digest e-mail", default=True)

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


def invitation_token_hash(token: str) -> str:
    """What is stored of an invitation link's token (the token itself is only in the e-mail)."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def for_business(self, business: Business) -> InvitationQuerySet:
        return self.filter(business=business)

    def pending(self) -> InvitationQuerySet:
        """Open invitations: neither answered nor revoked, and not expired."""
        return self.filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())

    def for_email(self, email: str) -> InvitationQuerySet:
        return self.filter(email=email.strip().lower())


class Invitation(models.Model):
    """An offer to join a business. Nobody becomes a member until they accept it.

    The link's token is shown once (in the e-mail) and stored only as its
    SHA-256 hash, so a copy of the database cannot be used to accept.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Revoked"

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("e-mail")
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default=Membership.Role.STAFF)
    hourly_cost = models.DecimalField("cost of one hour", max_digits=10, decimal_places=2, null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "business",
                Lower("email"),
                condition=Q(status="pending"),
                name="invitation_one_pending_per_business_and_email",
            ),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="invitation_email_lowercase"),
            models.CheckConstraint(condition=Q(hourly_cost__gte=0), name="invitation_hourly_cost_not_negative"),
            models.CheckConstraint(condition=Q(role__in=["owner", "staff"]), name="invitation_role_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "declined", "revoked"]), name="invitation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("sent_at")), name="invitation_expires_after_sent"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", answered_at__isnull=True)
                | Q(~Q(status="pending"), answered_at__isnull=False),
                name="invitation_answered_when_not_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(answered_by__isnull=False),
                name="invitation_accepted_by_someone",
            ),
        ]
        indexes = [
            models.Index(fields=["business", "status", "expires_at"], name="invitation_business_status"),
            models.Index(fields=["email", "status"], name="invitation_email_status"),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.business} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


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
