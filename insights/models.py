"""What the weekly digest remembers: each week's verdicts, and which owner got which week's e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from accounts.models import Business
from customers.models import Customer
from evaluations.models import Choice


class WeeklyVerdict(models.Model):
    """A customer's verdict at the start of a week (the Monday, in the business's time zone).

    Written once a week by the digest (the first write of a week wins), so
    "what changed since last week" compares today's standing with last week's row.
    """

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday the week starts on.")
    verdict = models.CharField(max_length=12, choices=Choice.choices)
    recorded_at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["business", "customer", "week"], name="weeklyverdict_one_per_week"),
            models.CheckConstraint(condition=Q(week__week_day=2), name="weeklyverdict_week_is_monday"),
            models.CheckConstraint(condition=Q(verdict__in=Choice.values), name="weeklyverdict_verdict_valid"),
        ]
        indexes = [models.Index(fields=["business", "week"], name="weeklyverdict_business_week")]

    def __str__(self) -> str:
        return f"{self.customer_id} in the week of {self.week}: {self.verdict}"


class DigestDelivery(models.Model):
    """One owner's digest for one week: claimed before it is sent, so it is never sent twice.

    The row is committed before the e-mail leaves; a second run (another
    worker, a retry, the command by hand) finds it and sends nothing. A send
    that fails keeps its row with the error: at most once, never twice.
    """

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday the week starts on.")
    email = models.EmailField(max_length=254)
    claimed_at = models.DateTimeField(db_default=Now())
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["business", "user", "week"], name="digestdelivery_once_per_owner_week"),
            models.CheckConstraint(condition=Q(week__week_day=2), name="digestdelivery_week_is_monday"),
        ]
        indexes = [models.Index(fields=["business", "week"], name="digestdelivery_business_week")]

    def __str__(self) -> str:
        return f"Digest of {self.week} to {self.email}"
