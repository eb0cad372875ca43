"""What changed since last week, for the dashboard's panel and the owners' Monday e-mail (one builder for both).

A fixed number of queries whatever the number of customers: verdict changes
(two), notice dates (two), invoices crossing 60 and 90 days late (two),
revenue concentration (three) and, for the e-mail, the early warnings (one).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DateField, ExpressionWrapper, F, Q

from accounts.bounds import MAX_NOTICE_DAYS
from accounts.models import Business
from customers.models import Contract, Customer, Invoice
from evaluations import board, services
from evaluations.periods import TRAILING_12
from evaluations.rules import Verdict

from .early_warning import CustomerTrends, customer_trends
from .models import WeeklyVerdict

NOTICE_DAYS = 30
LATE_MARKS = (90, 60)  # the more serious first: an invoice crossing both in one week is told once, at 90
CONCENTRATION_SHOWN = 5
SHOWN = 20  # rows per section; the count says how many there are in all


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class VerdictChange:
    customer_id: int
    customer_name: str
    before: Verdict
    now: Verdict


@dataclass(frozen=True)
class NoticeDeadline:
    contract: Contract
    last_notice_date: datetime.date
    days_left: int


@dataclass(frozen=True)
class LateCrossing:
    invoice: Invoice
    mark: int  # 60 or 90: the line crossed this week
    days_late: int
    balance: Decimal


@dataclass(frozen=True)
class Concentration:
    customer_id: int
    customer_name: str
    share: Decimal  # of the business's revenue over the last 12 months, a fraction


@dataclass(frozen=True)
class WeekDigest:
    today: datetime.date
    compared_with: datetime.date | None  # the week whose verdicts today's are compared with (None: none recorded)
    verdict_changes: list[VerdictChange]
    notice_deadlines: list[NoticeDeadline]  # the soonest ``SHOWN``
    notice_count: int
    late_crossings: list[LateCrossing]  # the ``SHOWN`` longest unpaid
    late_count: int
    concentration: list[Concentration]
    concentration_warning: Decimal  # the business's threshold, a fraction
    early_warnings: list[CustomerTrends] = field(default_factory=list)  # the first ``SHOWN`` trending worse
    early_count: int = 0

    @property
    def is_quiet(self) -> bool:
        return not (
            self.verdict_changes
            or self.notice_deadlines
            or self.late_crossings
            or self.concentration
            or any(c.worsening for c in self.early_warnings)
        )


def verdict_changes(*, business: Business, today: datetime.date) -> tuple[datetime.date | None, list[VerdictChange]]:
    """Customers whose standing's verdict differs from the latest week recorded before this one (two queries)."""
    recorded = WeeklyVerdict.objects.filter(business=business, week__lt=week_start(today))
    compared_with = recorded.order_by("-week").values_list("week", flat=True).first()  # along the week index
    if compared_with is None:
        return None, []
    rows = (
        recorded.filter(week=compared_with, customer__standing__isnull=False)
        .exclude(verdict=F("customer__standing__verdict"))
        .order_by("customer__name", "customer_id")
        .values_list("customer_id", "customer__name", "verdict", "customer__standing__verdict")
    )
    return compared_with, [VerdictChange(pk, name, Verdict(before), Verdict(now)) for pk, name, before, now in rows]


def notice_deadlines(*, business: Business, today: datetime.date) -> tuple[list[NoticeDeadline], int]:
    """Active contracts whose last day to give notice is within 30 days: the soonest and their count (one query)."""
    last_notice = ExpressionWrapper(F("end_date") - F("notice_period_days"), output_field=DateField())
    former = Customer.objects.for_business(business).filter(status=Customer.Status.FORMER).values("pk")
    contracts = (
        Contract.objects.for_business(business)
        .active()
        .exclude(customer_id__in=former)  # a few ids, hashed once, rather than a join to every customer
        # Implied by the notice date's window (notice periods are 0 to MAX_NOTICE_DAYS): lets the end-date index serve.
        .filter(end_date__gte=today, end_date__lte=today + datetime.timedelta(days=NOTICE_DAYS + MAX_NOTICE_DAYS))
        .alias(notice_by=last_notice)
        .filter(notice_by__gte=today, notice_by__lte=today + datetime.timedelta(days=NOTICE_DAYS))
        .select_related("customer")
        .order_by("notice_by", "customer__name", "id")
    )
    found = []
    soonest, count = contracts.first_and_count(SHOWN)
    for contract in soonest:
        notice = contract.last_notice_date()
        if notice is not None:
            found.append(NoticeDeadline(contract, notice, (notice - today).days))
    return found, count


def late_crossings(*, business: Business, today: datetime.date) -> tuple[list[LateCrossing], int]:
    """Unpaid invoices that went past 60 or 90 days late in the last seven days, and how many (one query).

    An invoice is N days late on the day ``due_date + N``; it crossed the line
    this week when that day is one of the last seven, today included.
    """
    windows = {
        mark: (today - datetime.timedelta(days=mark + 6), today - datetime.timedelta(days=mark)) for mark in LATE_MARKS
    }
    in_a_window = Q()
    for first, last in windows.values():
        in_a_window |= Q(due_date__gte=first, due_date__lte=last)
    invoices = (
        Invoice.objects.for_business(business)
        .unpaid()
        .filter(in_a_window)
        .select_related("customer")
        .order_by("due_date", "customer__name", "id")
    )
    found = []
    soonest, count = invoices.first_and_count(SHOWN)
    for invoice in soonest:
        for mark in LATE_MARKS:
            first, last = windows[mark]
            if first <= invoice.due_date <= last:
                found.append(LateCrossing(invoice, mark, invoice.days_late_on(today), invoice.balance))
                break
    return found, count


@dataclass(frozen=True)
class Revenue12:
    """What a page has read already: the last 12 months' revenue, who brought the most, the concentration warning."""

    total: Decimal
    top: list[board.MoneyRow]  # highest first, at least ``CONCENTRATION_SHOWN`` when there are that many
    warning: Decimal  # the business's threshold: a share above it is a concentration


def concentration(*, business: Business, known: Revenue12 | None = None) -> tuple[Decimal, list[Concentration]]:
    """Customers whose share of the last 12 months' revenue is above the business's warning (three queries at most)."""
    warning = known.warning if known else services.thresholds_for(business).concentration_warning
    total = known.total if known else board.period_sums(business, [TRAILING_12])[TRAILING_12].revenue
    if not total or total <= 0:
        return warning, []
    top = known.top if known else board.top_revenue(business, period=TRAILING_12, limit=CONCENTRATION_SHOWN)
    shares = [Concentration(r.id, r.name, r.money.revenue / total) for r in top[:CONCENTRATION_SHOWN] if r.money]
    return warning, [c for c in shares if c.share > warning]


def week_digest(
    *, business: Business, today: datetime.date, with_trends: bool = False, revenue_12: Revenue12 | None = None
) -> WeekDigest:
    """The week's digest; ``with_trends`` adds the early warnings (the e-mail has them, the panel does not).

    Read the standings through ``evaluations.standings.standings_current`` first
    so the verdicts compared are today's. ``revenue_12``: what the dashboard
    already read for the last 12 months, so it is not read twice.
    """
    compared_with, changes = verdict_changes(business=business, today=today)
    warning, concentrated = concentration(business=business, known=revenue_12)
    worse = [t for t in customer_trends(business=business, today=today) if t.worsening] if with_trends else []
    deadlines, notice_count = notice_deadlines(business=business, today=today)
    crossings, late_count = late_crossings(business=business, today=today)
    return WeekDigest(
        today=today,
        compared_with=compared_with,
        verdict_changes=changes,
        notice_deadlines=deadlines,
        notice_count=notice_count,
        late_crossings=crossings,
        late_count=late_count,
        concentration=concentrated,
        concentration_warning=warning,
        early_warnings=worse[:SHOWN],
        early_count=len(worse),
    )
