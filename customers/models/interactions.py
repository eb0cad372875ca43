from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from accounts.bounds import MAX_DURATION_MINUTES, moment_in_range, moment_validators
from accounts.history import tracked

from .base import BusinessOwned
from .customers import Customer

# Behaviour signals a staff member can tick on an interaction: field name and
# the plain-language label shown in forms, reports and evidence lists.
# "Told no" is the refused request: a request that was done is work outside
# the contract (``in_scope`` false), so a call is one or the other, never both.
SIGNALS: dict[str, str] = {
    "out_of_scope_request": "Asked for something outside the contract and was told no",
    "angry_when_refused": "Got angry or hostile when told no",
    "asked_discount": "Asked for a discount or free work",
    "disputed_invoice": "Disputed an invoice",
    "complained": "Complained",
    "threatened_review": "Threatened a bad review or a public complaint",
    "public_complaint": "Posted a negative review or complained in public",
    "abusive": "Was rude or abusive to staff",
    "dishonest": "Was dishonest",
}


@tracked("interaction", parent="customer")
class Interaction(BusinessOwned):
    """A call, e-mail, meeting... with its duration and what it cost in staff time."""

    class Kind(models.TextChoices):
        CALL = "call", "Call"
        EMAIL = "email", "E-mail"
        MEETING = "meeting", "Meeting"
        SITE_VISIT = "site_visit", "Site visit"
        CHAT = "chat", "Chat"
        MESSAGE = "message", "Message"
        WORK = "work", "Work (time entry)"

    class Direction(models.TextChoices):
        INBOUND = "inbound", "Inbound (they contacted us)"
        OUTBOUND = "outbound", "Outbound (we contacted them)"

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="interactions")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CALL)
    occurred_at = models.DateTimeField("when", validators=moment_validators())
    duration_minutes = models.PositiveIntegerField(
        "duration (minutes)",
        validators=[
            MinValueValidator(1, message="The duration must be at least one minute."),
            MaxValueValidator(MAX_DURATION_MINUTES, message="One interaction can last at most a day (1440 minutes)."),
        ],
    )
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.INBOUND)
    in_scope = models.BooleanField(
        "work within the contract",
        default=True,
        help_text="Untick when the time went on work the contract does not cover (done outside the contract).",
    )
    note = models.CharField(max_length=1000, blank=True)
    # Set on imported calls and time entries: re-importing the same row finds it again.
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # The handler's loaded hourly cost when this happened: later rate changes
    # must not rewrite history.
    hourly_cost = models.DecimalField(max_digits=10, decimal_places=2, editable=False)

    out_of_scope_request = models.BooleanField(SIGNALS["out_of_scope_request"], default=False)
    angry_when_refused = models.BooleanField(SIGNALS["angry_when_refused"], default=False)
    asked_discount = models.BooleanField(SIGNALS["asked_discount"], default=False)
    disputed_invoice = models.BooleanField(SIGNALS["disputed_invoice"], default=False)
    complained = models.BooleanField(SIGNALS["complained"], default=False)
    threatened_review = models.BooleanField(SIGNALS["threatened_review"], default=False)
    public_complaint = models.BooleanField(SIGNALS["public_complaint"], default=False)
    abusive = models.BooleanField(SIGNALS["abusive"], default=False)
    dishonest = models.BooleanField(SIGNALS["dishonest"], default=False)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="interaction_duration_positive"),
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=MAX_DURATION_MINUTES), name="interaction_duration_at_most_a_day"
            ),
            models.CheckConstraint(condition=moment_in_range("occurred_at"), name="interaction_occurred_in_range"),
            models.CheckConstraint(condition=Q(hourly_cost__gte=0), name="interaction_hourly_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(kind__in=["call", "email", "meeting", "site_visit", "chat", "message", "work"]),
                name="interaction_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=["inbound", "outbound"]), name="interaction_direction_valid"
            ),
            # Told no and done outside the contract at once contradict each other (see SIGNALS).
            models.CheckConstraint(
                condition=Q(in_scope=True) | Q(out_of_scope_request=False),
                name="interaction_told_no_is_within_contract",
            ),
            models.UniqueConstraint(
                fields=["business", "import_fingerprint"],
                condition=~Q(import_fingerprint=""),
                name="interaction_import_fingerprint_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["business", "customer", "occurred_at"], name="interaction_business_customer"),
            models.Index(fields=["business", "occurred_at"], name="interaction_business_when"),
            models.Index(fields=["business", "handled_by", "occurred_at"], name="interaction_business_handler"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.customer} ({self.duration_minutes} min)"

    @property
    def staff_cost(self) -> Decimal:
        """Minutes / 60 x the hourly cost stored on the interaction."""
        return (Decimal(self.duration_minutes) * self.hourly_cost / 60).quantize(Decimal("0.01"))

    @property
    def signals(self) -> list[str]:
        """The plain-language labels of the signals ticked on this interaction."""
        return [label for field, label in SIGNALS.items() if getattr(self, field)]
