"""The first-steps checklist on a new business's home page.

Whether a step is done is read from the business's own data every time (a
customer exists, an invoice exists...); only the owner's choices are stored
(steps skipped, the list put away) in ``accounts.OnboardingState``. The list can
be put away only when every step is done or skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import Business, Membership, OnboardingState
from customers.links import import_url
from customers.models import Customer, Interaction, Invoice
from evaluations.models import EvaluationSettings


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    hint: str
    url: str
    link_text: str
    done: bool
    skipped: bool
    # The other way to do it: "Import customers" or add one by hand.
    other_url: str = ""
    other_text: str = ""

    @property
    def pending(self) -> bool:
        return not (self.done or self.skipped)


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]
    dismissed: bool

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def can_dismiss(self) -> bool:
        return not any(step.pending for step in self.steps)

    @property
    def visible(self) -> bool:
        return not self.dismissed


STEP_KEYS = ("costs", "customers", "invoices", "time", "thresholds")


def _import_or(kind: str, fallback: str) -> tuple[str, bool]:
    """The import page for ``kind`` when the app has one, else the page to add records by hand."""
    url = import_url(kind)
    return (url, True) if url else (reverse(fallback), False)


def _facts(business: Business) -> dict[str, bool]:
    """Which steps the data shows done: one query, whatever the data size."""
    mine = {"business": OuterRef("pk")}
    row = (
        Business.objects.filter(pk=business.pk)
        .annotate(
            costs=Exists(Membership.objects.filter(**mine, hourly_cost__isnull=False)),
            customers=Exists(Customer.objects.filter(**mine)),
            invoices=Exists(Invoice.objects.filter(**mine)),
            time=Exists(Interaction.objects.filter(**mine)),
            thresholds=Exists(EvaluationSettings.objects.filter(**mine)),
        )
        .values(*STEP_KEYS)
        .get()
    )
    return row


def onboarding_checklist(*, business: Business) -> Checklist:
    """The steps with their state and where each one is done (two queries)."""
    facts = _facts(business)
    state = OnboardingState.objects.filter(business=business).first()
    skipped = set(state.skipped) if state else set()
    customers_url, customers_import = _import_or("customers", "customer_create")
    invoices_url, invoices_import = _import_or("invoices", "customer_list")
    time_url, time_import = _import_or("time", "interaction_log")
    specs = [
        (
            "costs",
            "Set your team's hourly costs",
            "What an hour of each person costs you, so every call is priced right.",
            reverse("team"),
            "Open the team",
        ),
        (
            "customers",
            "Import or add your customers",
            "Bring in your customer list, or add your customers one by one.",
            customers_url,
            "Import customers" if customers_import else "Add a customer",
        ),
        (
            "invoices",
            "Import your invoices and payments",
            "What each customer was billed and when they paid: the revenue side of every verdict.",
            invoices_url,
            "Import invoices" if invoices_import else "Pick a customer to invoice",
        ),
        (
            "time",
            "Import your calls or time",
            "The time each customer takes: a call log or a time tracker's report, or log calls as they end.",
            time_url,
            "Import calls or time" if time_import else "Log a call",
        ),
        (
            "thresholds",
            "Review the thresholds",
            "When a customer counts as a late payer, too demanding, or not worth it.",
            reverse("evaluation_settings"),
            "Review the thresholds",
        ),
    ]
    by_hand = {
        "customers": (reverse("customer_create"), "Add one by hand") if customers_import else ("", ""),
        "time": (reverse("interaction_log"), "Log a call") if time_import else ("", ""),
    }
    steps = [
        Step(
            key=key,
            title=title,
            hint=hint,
            url=url,
            link_text=link,
            done=facts[key],
            skipped=key in skipped,
            other_url=by_hand.get(key, ("", ""))[0],
            other_text=by_hand.get(key, ("", ""))[1],
        )
        for key, title, hint, url, link in specs
    ]
    return Checklist(steps=steps, dismissed=bool(state and state.dismissed_at))


@transaction.atomic
def onboarding_step_skip(*, business: Business, step: str) -> OnboardingState:
    """Mark a step skipped: the owner does not need it (it no longer holds the list open)."""
    if step not in STEP_KEYS:
        raise ValidationError(f"There is no first step called “{step}”.")
    state, _ = OnboardingState.objects.select_for_update().get_or_create(business=business)
    if step not in state.skipped:
        state.skipped = [*state.skipped, step]
        state.save(update_fields=["skipped"])
    return state


@transaction.atomic
def onboarding_dismiss(*, business: Business) -> OnboardingState:
    """Put the checklist away for good, once every step is done or skipped."""
    state, _ = OnboardingState.objects.select_for_update().get_or_create(business=business)
    checklist = onboarding_checklist(business=business)
    pending = [step.title for step in checklist.steps if step.pending]
    if pending:
        raise ValidationError(f"Finish or skip these first: {', '.join(pending)}.")
    if state.dismissed_at is None:
        state.dismissed_at = timezone.now()
        state.save(update_fields=["dismissed_at"])
    return state
