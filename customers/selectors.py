"""Reads for the customers pages: list filtering, the customer timeline, contracts as amended.

Every function here runs a fixed number of queries whatever the amount of data,
so the pages stay fast for businesses with thousands of records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    CharField,
    Count,
    DateField,
    DateTimeField,
    DecimalField,
    F,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate

from accounts.models import Business

from .models import Addendum, Contract, CostEntry, Customer, FollowUp, Interaction, Invoice, Payment
from .models.base import BusinessOwned
from .models.billing import BALANCE

CUSTOMER_SORTS: dict[str, tuple[str, str]] = {
    # key: (label, ordering)
    "name": ("Name (A to Z)", "name"),
    "-name": ("Name (Z to A)", "-name"),
    "-last_contact": ("Last contact (recent first)", "-last_contact"),
    "-overdue_balance": ("Overdue balance (largest first)", "-overdue_balance"),
    "-customer_since": ("Customer since (newest first)", "-customer_since"),
    "customer_since": ("Customer since (oldest first)", "customer_since"),
}


def customer_list(
    *, business: Business, today: datetime.date, search: str = "", status: str = "", tag: str = "", sort: str = "name"
) -> QuerySet[Customer]:
    """Customers of a business, filtered and sorted, with last contact and overdue figures in the same query."""
    customers = Customer.objects.for_business(business).search(search)
    if status in Customer.Status.values:
        customers = customers.filter(status=status)
    if tag:
        customers = customers.filter(tags__contains=[tag])
    overdue = (
        Invoice.objects.filter(business=business, customer=OuterRef("pk"))
        .overdue(today)
        .values("customer")
        .annotate(count=Count("pk"), overdue_sum=Sum(BALANCE))
    )
    last_contact = (
        Interaction.objects.filter(business=business, customer=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    customers = customers.annotate(
        last_contact=Subquery(last_contact, output_field=DateTimeField()),
        overdue_count=Coalesce(Subquery(overdue.values("count")), 0),
        overdue_balance=Coalesce(
            Subquery(overdue.values("overdue_sum"), output_field=DecimalField(max_digits=12, decimal_places=2)),
            Value(Decimal("0.00")),
        ),
    )
    ordering = CUSTOMER_SORTS.get(sort, CUSTOMER_SORTS["name"])[1]
    nulls_last = F(ordering.lstrip("-")).desc(nulls_last=True) if ordering.startswith("-") else F(ordering).asc()
    return customers.order_by(nulls_last, "name", "pk")


def customer_tags(*, business: Business) -> list[str]:
    """Every tag used by the business's customers, sorted."""
    tags = (
        Customer.objects.for_business(business)
        .annotate(tag=Func(F("tags"), function="unnest", output_field=CharField()))
        .values_list("tag", flat=True)
        .distinct()
        .order_by("tag")
    )
    return list(tags)


def customer_lookup(*, business: Business, text: str, limit: int = 20) -> list[dict]:
    """Customers whose name, contact, e-mail or phone matches, for the type-ahead (active ones first)."""
    customers = (
        Customer.objects.for_business(business)
        .search(text)
        .order_by(F("status").asc(), "name")  # "active" sorts before "former" and "paused"
        .values("pk", "name", "contact_person", "status")[:limit]
    )
    return [{**row, "label": customer_choice_label(row["name"], row["pk"])} for row in customers]


def customer_choice_label(name: str, pk: int) -> str:
    """The text a type-ahead option puts in the field: the name and, to tell namesakes apart, the number."""
    return f"{name} #{pk}"


# --- contracts ----------------------------------------------------------------


PERIOD_LABELS = {"monthly": "per month", "quarterly": "per quarter", "yearly": "per year", "one_off": "one-off"}


@dataclass
class AmendedContract:
    """A contract as amended on a day: the fee and hours after the signed addenda in force, and the scope changes.

    Draft addenda (proposals the customer has not signed) are listed apart and change nothing.
    """

    contract: Contract
    fee: Decimal
    addenda_in_force: list[Addendum] = field(default_factory=list)
    upcoming_addenda: list[Addendum] = field(default_factory=list)
    drafts: list[Addendum] = field(default_factory=list)
    support_hours_per_month: Decimal | None = None

    @property
    def period_label(self) -> str:
        return PERIOD_LABELS.get(self.contract.billing_period, "")

    @property
    def fee_change(self) -> Decimal:
        return self.fee - self.contract.fee

    @property
    def monthly_fee(self) -> Decimal | None:
        return self.contract.monthly_fee(self.fee)

    @property
    def scope_changes(self) -> list[Addendum]:
        return [addendum for addendum in self.addenda_in_force if addendum.scope_change]


def contract_as_amended(contract: Contract, today: datetime.date) -> AmendedContract:
    """The fee, hours and scope in force today. Uses ``contract.addenda.all()`` so it can be prefetched."""
    addenda = sorted(contract.addenda.all(), key=lambda a: (a.effective_date, a.pk))
    signed = [a for a in addenda if a.status == Addendum.Status.SIGNED]
    in_force = [a for a in signed if a.effective_date <= today]
    fee = contract.fee + sum((a.fee_change for a in in_force), Decimal("0.00"))
    hours = contract.support_hours_per_month
    for addendum in in_force:  # in date order: the latest change of hours wins
        if addendum.support_hours_per_month is not None:
            hours = addendum.support_hours_per_month
    return AmendedContract(
        contract=contract,
        fee=fee,
        addenda_in_force=in_force,
        upcoming_addenda=[a for a in signed if a.effective_date > today],
        drafts=[a for a in addenda if a.status == Addendum.Status.DRAFT],
        support_hours_per_month=hours,
    )


def contracts_of(customer: Customer) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(business_id=customer.business_id, customer=customer)
        .select_related("created_by")
        .prefetch_related("addenda")
        .order_by("-start_date", "-pk")
    )


# --- the timeline ---------------------------------------------------------------

TIMELINE_KINDS = ("interaction", "invoice", "payment", "cost", "addendum", "followup")


@dataclass
class TimelineEntry:
    kind: str
    day: datetime.date
    record: BusinessOwned
    editable: bool = False


def _timeline_rows(customer: Customer, *, include_costs: bool, time_zone) -> QuerySet:
    """One row per record: (kind, pk, day, at), newest first, as a single UNION query."""
    business = customer.business_id

    def rows(queryset: QuerySet, kind: str, day, at) -> QuerySet:
        return (
            queryset.annotate(
                entry_kind=Value(kind, output_field=CharField()),
                entry_day=day,
                entry_at=at,
            )
            .values("entry_kind", "pk", "entry_day", "entry_at")
            .order_by()
        )

    parts = [
        rows(
            Interaction.objects.filter(business_id=business, customer=customer),
            "interaction",
            TruncDate("occurred_at", tzinfo=time_zone),
            F("occurred_at"),
        ),
        rows(
            Invoice.objects.filter(business_id=business, customer=customer),
            "invoice",
            F("issue_date"),
            F("created_at"),
        ),
        rows(
            Payment.objects.filter(business_id=business, invoice__customer=customer),
            "payment",
            F("date"),
            F("created_at"),
        ),
        rows(
            Addendum.objects.filter(business_id=business, contract__customer=customer),
            "addendum",
            F("effective_date"),
            F("created_at"),
        ),
        rows(
            FollowUp.objects.filter(business_id=business, invoice__customer=customer),
            "followup",
            F("date"),
            F("created_at"),
        ),
    ]
    if include_costs:
        parts.append(
            rows(CostEntry.objects.filter(business_id=business, customer=customer), "cost", F("date"), F("created_at"))
        )
    first, *others = parts
    return first.union(*others, all=True).order_by("-entry_day", "-entry_at", "-pk")


def customer_timeline_rows(customer: Customer, *, include_costs: bool, time_zone) -> QuerySet:
    """The timeline's rows, to paginate; turn a page into entries with ``timeline_entries``."""
    return _timeline_rows(customer, include_costs=include_costs, time_zone=time_zone)


def timeline_entries(rows: list[dict]) -> list[TimelineEntry]:
    """Load the records of one timeline page: one query per kind of record, whatever the page size."""
    wanted: dict[str, list[int]] = {kind: [] for kind in TIMELINE_KINDS}
    for row in rows:
        wanted[row["entry_kind"]].append(row["pk"])
    loaders: dict[str, QuerySet] = {
        "interaction": Interaction.objects.select_related("handled_by", "created_by"),
        "invoice": Invoice.objects.select_related("contract", "created_by"),
        "payment": Payment.objects.select_related("invoice", "created_by"),
        "cost": CostEntry.objects.select_related("created_by"),
        "addendum": Addendum.objects.select_related("contract", "created_by"),
        "followup": FollowUp.objects.select_related("invoice", "created_by"),
    }
    loaded = {kind: loaders[kind].in_bulk(ids) if ids else {} for kind, ids in wanted.items()}
    return [
        TimelineEntry(kind=row["entry_kind"], day=row["entry_day"], record=loaded[row["entry_kind"]][row["pk"]])
        for row in rows
        if row["pk"] in loaded[row["entry_kind"]]
    ]


def open_invoices_of(customer: Customer) -> QuerySet[Invoice]:
    """Invoices not yet paid in full, oldest due first (overdue ones are highlighted on the page)."""
    return (
        Invoice.objects.filter(business_id=customer.business_id, customer=customer)
        .unpaid()
        .annotate(
            follow_up_count=Count("follow_ups"),
            last_follow_up=Subquery(
                FollowUp.objects.filter(invoice=OuterRef("pk")).order_by("-date").values("date")[:1],
                output_field=DateField(),
            ),
        )
        .order_by("due_date", "pk")
    )


def invoice_payments(invoice: Invoice) -> QuerySet[Payment]:
    return Payment.objects.filter(business_id=invoice.business_id, invoice=invoice).select_related("created_by")


def invoice_follow_ups(invoice: Invoice) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(business_id=invoice.business_id, invoice=invoice).select_related("created_by")
