"""What each export holds: the columns of every kind of record, and the rows, read set-based.

The list downloads read the list pages' own selectors with the pages' filters
(``customers.selectors.customer_list``, ``customers.lists``); the whole-business
zip reads every record. Every queryset here is one query (related rows joined), to be
read with ``.iterator()`` so a large business streams instead of filling memory.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from accounts.models import Business, Membership
from customers import selectors
from customers.models import Addendum, Contract, CostEntry, Customer, FollowUp, Interaction, Invoice, Payment

from .writers import Column, Table


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


CUSTOMERS = Table(
    "customers",
    "Customers",
    (
        Column("id", lambda c: c.pk, "our number for the customer (other files refer to it)"),
        Column("name", lambda c: c.name),
        Column("contact person", lambda c: c.contact_person),
        Column("e-mail", lambda c: c.email),
        Column("phone", lambda c: c.phone),
        Column("address", lambda c: c.address),
        Column("tags", lambda c: c.tags, "separated by semicolons"),
        Column("status", lambda c: c.get_status_display(), "Active, Paused or Former"),
        Column("customer since", lambda c: c.customer_since, "date (YYYY-MM-DD)"),
        Column("ended on", lambda c: c.ended_on, "for former customers"),
        Column("end reason", lambda c: c.get_end_reason_display()),
        Column("last contact", lambda c: getattr(c, "last_contact", None), "last logged interaction, local time"),
        Column("overdue invoices", lambda c: getattr(c, "overdue_count", None), "unpaid past the due date"),
        Column("overdue balance", lambda c: getattr(c, "overdue_balance", None), "what those invoices still owe"),
        Column("notes", lambda c: c.notes),
    ),
)


def invoices_table(today: datetime.date) -> Table:
    return Table(
        "invoices",
        "Invoices",
        (
            Column("number", lambda i: i.number, "the invoice number"),
            Column("customer id", lambda i: i.customer_id),
            Column("customer", lambda i: i.customer.name),
            Column("contract id", lambda i: i.contract_id, "empty when not billed under a contract"),
            Column("issue date", lambda i: i.issue_date),
            Column("due date", lambda i: i.due_date),
            Column("amount", lambda i: i.amount, "in the business's currency"),
            Column("amount paid", lambda i: i.amount_paid, "sum of its payments"),
            Column("balance", lambda i: i.balance, "amount less amount paid"),
            Column("status", lambda i: Invoice.Status(i.status_on(today)).label, f"on {today.isoformat()}"),
            Column("paid in full on", lambda i: i.paid_in_full_on),
            Column("days late", lambda i: i.days_late_on(today), "past the due date, until paid or today"),
            Column("note", lambda i: i.note),
        ),
    )


PAYMENTS = Table(
    "payments",
    "Payments",
    (
        Column("id", lambda p: p.pk),
        Column("invoice number", lambda p: p.invoice.number),
        Column("customer id", lambda p: p.invoice.customer_id),
        Column("customer", lambda p: p.invoice.customer.name),
        Column("date", lambda p: p.date),
        Column("amount", lambda p: p.amount),
        Column("method", lambda p: p.get_method_display()),
        Column("note", lambda p: p.note),
    ),
)


def interactions_table(*, with_costs: bool) -> Table:
    """Staff see the time; only owners see what that time cost (people's hourly costs)."""
    columns = [
        Column("id", lambda i: i.pk),
        Column("customer id", lambda i: i.customer_id),
        Column("customer", lambda i: i.customer.name),
        Column("when", lambda i: i.occurred_at, "local time of the business"),
        Column("kind", lambda i: i.get_kind_display()),
        Column("direction", lambda i: i.get_direction_display()),
        Column("minutes", lambda i: i.duration_minutes),
        Column("within the contract", lambda i: i.in_scope, "yes or no"),
        Column("handled by", lambda i: _person(i.handled_by)),
        Column("signals", lambda i: i.signals, "behaviour noted, separated by semicolons"),
        Column("note", lambda i: i.note),
    ]
    if with_costs:
        columns += [
            Column("hourly cost", lambda i: i.hourly_cost, "the handler's loaded cost per hour at the time"),
            Column("staff cost", lambda i: i.staff_cost, "minutes / 60 x hourly cost"),
        ]
    return Table("interactions", "Interactions", tuple(columns))


COST_ENTRIES = Table(
    "cost_entries",
    "Cost entries",
    (
        Column("id", lambda e: e.pk),
        Column("customer id", lambda e: e.customer_id),
        Column("customer", lambda e: e.customer.name),
        Column("date", lambda e: e.date),
        Column("kind", lambda e: e.get_kind_display(), "a direct cost, or a concession given"),
        Column("concession", lambda e: e.is_concession, "yes for refunds, write-offs, discounts and free work"),
        Column("amount", lambda e: e.amount),
        Column("hours", lambda e: e.hours, "for free work"),
        Column("note", lambda e: e.note),
    ),
)

CONTRACTS = Table(
    "contracts",
    "Contracts",
    (
        Column("id", lambda c: c.pk),
        Column("customer id", lambda c: c.customer_id),
        Column("title", lambda c: c.title),
        Column("status", lambda c: c.get_status_display()),
        Column("fee", lambda c: c.fee, "per billing period, before addenda"),
        Column("billing period", lambda c: c.get_billing_period_display()),
        Column("start date", lambda c: c.start_date),
        Column("end date", lambda c: c.end_date),
        Column("renews automatically", lambda c: c.auto_renew),
        Column("notice period (days)", lambda c: c.notice_period_days),
        Column("payment terms (days)", lambda c: c.payment_terms_days),
        Column("support hours per month", lambda c: c.support_hours_per_month),
        Column("services included", lambda c: c.services_included),
        Column("services excluded", lambda c: c.services_excluded),
    ),
)

ADDENDA = Table(
    "addenda",
    "Contract addenda",
    (
        Column("id", lambda a: a.pk),
        Column("contract id", lambda a: a.contract_id),
        Column("effective date", lambda a: a.effective_date),
        Column("fee change", lambda a: a.fee_change, "added to the contract's fee from that date, once signed"),
        Column("description", lambda a: a.description),
        Column("scope change", lambda a: a.scope_change),
        Column("status", lambda a: a.get_status_display(), "a draft (a proposal not signed yet) changes nothing"),
        Column("signed on", lambda a: a.signed_on),
        Column(
            "support hours per month",
            lambda a: a.support_hours_per_month,
            "from that date, once signed; empty: unchanged",
        ),
    ),
)

FOLLOW_UPS = Table(
    "follow_ups",
    "Overdue follow-ups",
    (
        Column("id", lambda f: f.pk),
        Column("invoice number", lambda f: f.invoice.number),
        Column("date", lambda f: f.date),
        Column("note", lambda f: f.note),
    ),
)

TEAM = Table(
    "team",
    "Team",
    (
        Column("name", lambda m: m.display_name),
        Column("e-mail", lambda m: m.user.email),
        Column("role", lambda m: m.get_role_display()),
        Column("hourly cost", lambda m: m.hourly_cost, "empty: the business default applies"),
        Column("effective hourly cost", lambda m: m.effective_hourly_cost),
    ),
)


def customer_rows(*, business: Business, today: datetime.date, **filters) -> QuerySet[Customer]:
    return selectors.customer_list(business=business, today=today, **filters)


def business_tables(*, business: Business, today: datetime.date, zone: ZoneInfo) -> list[tuple[Table, QuerySet]]:
    """Everything the business has entered, one table per kind of record, for the zip download."""
    # Every row, oldest first (the lists' pages and downloads filter through customers.lists instead).
    invoices = Invoice.objects.for_business(business).select_related("customer").order_by("issue_date", "number")
    payments = Payment.objects.for_business(business).select_related("invoice__customer").order_by("date", "pk")
    interactions = Interaction.objects.for_business(business).select_related("customer", "handled_by")
    interactions = interactions.order_by("occurred_at", "pk")
    cost_entries = CostEntry.objects.for_business(business).select_related("customer").order_by("date", "pk")
    return [
        (CUSTOMERS, customer_rows(business=business, today=today)),
        (CONTRACTS, Contract.objects.for_business(business).order_by("pk")),
        (ADDENDA, Addendum.objects.for_business(business).order_by("pk")),
        (invoices_table(today), invoices),
        (PAYMENTS, payments),
        (FOLLOW_UPS, FollowUp.objects.for_business(business).select_related("invoice").order_by("pk")),
        (interactions_table(with_costs=True), interactions),
        (COST_ENTRIES, cost_entries),
        (TEAM, Membership.objects.for_business(business).select_related("user", "business").order_by("pk")),
    ]
