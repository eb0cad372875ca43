"""Reads for the home page: what a staff member needs to do their job today.

No money beyond the balances staff already record payments against, and no
verdicts (the renewals carry them only when the owners' dashboard asks):
staff see the work (calls to log, invoices to chase, renewals coming), owners
see judgements on their own pages. Each function is a fixed number of queries
whatever the number of customers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Count, F, Min, Sum

from accounts.models import Business
from customers.models import Contract, Customer, Interaction, Invoice
from customers.models.billing import BALANCE
from evaluations.rules import Verdict

RENEWAL_HORIZON_DAYS = 90


def _days_until(day: datetime.date | None, today: datetime.date) -> int:
    """Days from today to a contract's end (the renewals have one: they are filtered on it)."""
    if day is None:
        raise ValueError("a renewal without an end date")
    return (day - today).days


def recent_logs(*, business: Business, user: User, limit: int = 8) -> list[Interaction]:
    """The interactions this person handled, newest first (one query)."""
    return list(
        Interaction.objects.for_business(business)
        .filter(handled_by=user)
        .select_related("customer")
        .order_by("-occurred_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class OverdueInvoice:
    invoice: Invoice
    days_late: int
    balance: Decimal


@dataclass(frozen=True)
class CustomerToChase:
    customer: Customer
    balance: Decimal  # owed after the due dates, all overdue invoices together
    days_late: int  # of the oldest overdue invoice
    invoices: list[OverdueInvoice]  # oldest first


@dataclass(frozen=True)
class OverdueSummary:
    customers: list[CustomerToChase]  # the longest-waiting first, at most ``limit``
    customer_count: int  # every customer with an overdue invoice
    balance: Decimal  # every overdue balance together


def overdue_to_chase(*, business: Business, today: datetime.date, limit: int = 10) -> OverdueSummary:
    """Customers with invoices past their due date and not paid in full (three queries).

    The customers who have waited longest come first: the oldest unpaid due
    date is what a collector chases first.
    """
    overdue = Invoice.objects.for_business(business).overdue(today).order_by()
    totals = overdue.aggregate(customers=Count("customer", distinct=True), balance=Sum(BALANCE))
    groups = list(
        overdue.values("customer_id")
        .annotate(oldest_due=Min("due_date"), balance=Sum(BALANCE))
        .order_by("oldest_due", "customer_id")[:limit]
    )
    invoices: dict[int, list[OverdueInvoice]] = {}
    rows = overdue.filter(customer_id__in=[g["customer_id"] for g in groups]).select_related("customer")
    for invoice in rows.order_by("due_date", "id"):
        entry = OverdueInvoice(invoice=invoice, days_late=invoice.days_late_on(today), balance=invoice.balance)
        invoices.setdefault(invoice.customer_id, []).append(entry)
    customers = [
        CustomerToChase(
            customer=invoices[g["customer_id"]][0].invoice.customer,
            balance=g["balance"],
            days_late=(today - g["oldest_due"]).days,
            invoices=invoices[g["customer_id"]],
        )
        for g in groups
    ]
    return OverdueSummary(
        customers=customers, customer_count=totals["customers"], balance=totals["balance"] or Decimal("0.00")
    )


@dataclass(frozen=True)
class Renewal:
    contract: Contract
    days_left: int
    last_notice_date: datetime.date | None
    verdict: Verdict | None = None  # only when asked for (the owners' dashboard), and once the customer has one


@dataclass(frozen=True)
class UpcomingRenewals:
    renewals: list[Renewal]  # soonest first, at most ``limit``
    count: int  # every active contract ending in the horizon


def _verdict(contract: Contract) -> Verdict | None:
    stored = getattr(contract, "standing_verdict")  # noqa: B009 (an annotation, not a field)
    return Verdict(stored) if stored else None


def upcoming_renewals(
    *,
    business: Business,
    today: datetime.date,
    days: int = RENEWAL_HORIZON_DAYS,
    limit: int = 10,
    with_verdicts: bool = False,
) -> UpcomingRenewals:
    """Active contracts whose end or renewal date falls within ``days`` from today (one query).

    ``with_verdicts``: each customer's stored verdict too, in the same query (for owners' pages only).
    """
    former = Customer.objects.for_business(business).filter(status=Customer.Status.FORMER).values("pk")
    contracts = (
        Contract.objects.for_business(business)
        .active()
        .filter(end_date__gte=today, end_date__lte=today + datetime.timedelta(days=days))
        .exclude(customer_id__in=former)  # a few ids, hashed once, rather than a join to every customer
    )
    if with_verdicts:
        contracts = contracts.annotate(standing_verdict=F("customer__standing__verdict"))
    soonest, count = (
        contracts.select_related("customer").order_by("end_date", "customer__name", "id").first_and_count(limit)
    )
    renewals = [
        Renewal(
            contract=c,
            days_left=_days_until(c.end_date, today),
            last_notice_date=c.last_notice_date(),
            verdict=_verdict(c) if with_verdicts else None,
        )
        for c in soonest
    ]
    return UpcomingRenewals(renewals=renewals, count=count)
