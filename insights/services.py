"""Writes of the weekly digest: this week's verdicts, and each owner's e-mail claimed, then sent, once."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models.functions import Now

from accounts.bulk import allow_long_statements
from accounts.models import Business, Membership
from customers.models import Customer
from evaluations import services as evaluations
from evaluations import standings
from evaluations.models import Standing

from .emails import digest_email_send
from .models import DigestDelivery, WeeklyVerdict
from .week import WeekDigest, week_digest, week_start

logger = logging.getLogger(__name__)


@transaction.atomic
def weekly_verdicts_record(*, business: Business, today: datetime.date) -> int:
    """Store every customer's current verdict for this week; the first write of a week stays (returns rows added)."""
    allow_long_statements()
    standings.standings_current(business, today=today)
    week = week_start(today)
    rows = Standing.objects.filter(business=business).values_list("customer_id", "verdict")
    recorded = WeeklyVerdict.objects.filter(business=business, week=week)
    before = recorded.count()  # ignore_conflicts hands back every object, inserted or not
    WeeklyVerdict.objects.bulk_create(
        [WeeklyVerdict(business=business, customer_id=pk, week=week, verdict=verdict) for pk, verdict in rows],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return recorded.count() - before


@transaction.atomic
def weekly_verdicts_backfill(*, business: Business, today: datetime.date, weeks: int) -> int:
    """Record the ``weeks`` weeks before this one, each as evaluated from the records on its Monday.

    For a business whose history arrives at once (the demo): "What changed since
    last week" then compares with last week from the first day instead of
    staying empty until the second Monday. Customers who were not customers yet
    on that Monday are left out; a week already recorded stays as it is.
    Returns the rows added.
    """
    allow_long_statements()
    added = 0
    for back in range(weeks, 0, -1):
        monday = week_start(today) - datetime.timedelta(weeks=back)
        if WeeklyVerdict.objects.filter(business=business, week=monday).exists():
            continue
        evaluation = evaluations.evaluate_business(business, today=monday)
        since = dict(Customer.objects.filter(business=business).values_list("pk", "customer_since"))
        rows = [
            WeeklyVerdict(business=business, customer_id=c.id, week=monday, verdict=c.verdict.verdict.value)
            for c in evaluation.customers
            if since.get(c.id) is not None and since[c.id] <= monday
        ]
        WeeklyVerdict.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)  # a run at the same time
        added += WeeklyVerdict.objects.filter(business=business, week=monday).count()
    return added


@dataclass(frozen=True)
class Recipient:
    user: User
    email: str
    outcome: str  # "send", "opted out", "no e-mail address", "already sent"


def digest_recipients(*, business: Business, week: datetime.date) -> list[Recipient]:
    """The business's owners and what happens to each this week (two queries)."""
    owners = Membership.objects.for_business(business).owners().select_related("user").order_by("user__email", "pk")
    claimed = set(DigestDelivery.objects.filter(business=business, week=week).values_list("user_id", flat=True))
    recipients = []
    for membership in owners:
        user = membership.user
        if not user.is_active:
            continue
        if not membership.weekly_digest:
            outcome = "opted out"
        elif not user.email:
            outcome = "no e-mail address"
        elif user.pk in claimed:
            outcome = "already sent"
        else:
            outcome = "send"
        recipients.append(Recipient(user, user.email, outcome))
    return recipients


def digest_claim(*, business: Business, user: User, week: datetime.date, email: str) -> DigestDelivery | None:
    """Claim this owner's digest of the week, committed before sending; None when it was claimed already."""
    try:
        with transaction.atomic():
            return DigestDelivery.objects.create(business=business, user=user, week=week, email=email)
    except IntegrityError:
        return None


@dataclass(frozen=True)
class WeekRun:
    week: datetime.date
    digest: WeekDigest
    recipients: list[Recipient]
    sent: list[str]  # addresses the e-mail went to in this run
    failed: list[str]


def digest_week_send(*, business: Business, today: datetime.date, dry_run: bool = False) -> WeekRun:
    """Record this week's verdicts, then e-mail the digest to each owner who has not had it this week.

    ``dry_run`` reads only: nothing is recorded, claimed or sent. Each e-mail
    is claimed (its row committed) before it is sent, so two runs at once or a
    run after a crash never send the same owner the same week twice.
    """
    week = week_start(today)
    if dry_run:
        standings.standings_current(business, today=today)
    else:
        weekly_verdicts_record(business=business, today=today)
    digest = week_digest(business=business, today=today, with_trends=True)
    recipients = digest_recipients(business=business, week=week)
    sent: list[str] = []
    failed: list[str] = []
    if dry_run:
        return WeekRun(week, digest, recipients, sent, failed)
    for recipient in recipients:
        if recipient.outcome != "send":
            continue
        delivery = digest_claim(business=business, user=recipient.user, week=week, email=recipient.email)
        if delivery is None:
            continue
        try:
            digest_email_send(business=business, digest=digest, recipient=recipient.user)
        except Exception as exc:  # noqa: BLE001 - the claim stays: at most once; the error is kept and logged
            logger.exception("Weekly digest to %s of business %s failed.", recipient.email, business.pk)
            DigestDelivery.objects.filter(pk=delivery.pk).update(error=str(exc)[:500])
            failed.append(recipient.email)
        else:
            DigestDelivery.objects.filter(pk=delivery.pk).update(sent_at=Now())
            sent.append(recipient.email)
    return WeekRun(week, digest, recipients, sent, failed)
