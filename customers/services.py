"""Writes for customer records. Views, the admin and the demo generator call these."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.bounds import DATE_RANGE_MESSAGE, MAX_NOTICE_DAYS, MAX_PAYMENT_TERMS_DAYS
from accounts.models import Business, Membership
from accounts.versions import version_check

from . import changes
from .models import Addendum, Contract, Customer, FollowUp, Interaction, Invoice, Payment
from .models.base import BusinessOwned

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Record = TypeVar("Record", bound=BusinessOwned)

DEFAULT_PAYMENT_TERMS_DAYS = 30


def due_date_for(*, issue_date: datetime.date, contract: Contract | None) -> datetime.date:
    """Due date = issue date + the contract's payment terms (30 days without a contract)."""
    terms = contract.payment_terms_days if contract is not None else DEFAULT_PAYMENT_TERMS_DAYS
    return issue_date + datetime.timedelta(days=terms)


def hourly_cost_of(*, business: Business, user) -> Decimal:
    """The loaded hourly cost of a person in a business, as of now."""
    membership = Membership.objects.filter(business=business, user=user).select_related("business").first()
    return membership.effective_hourly_cost if membership else business.default_hourly_cost


def paid_state(amount: Decimal, payments: list[tuple[datetime.date, Decimal]]) -> tuple[Decimal, datetime.date | None]:
    """Total paid, and the date the running total first covered the amount (None while short)."""
    running = Decimal("0")
    paid_on = None
    for date, paid in sorted(payments):
        running += paid
        if paid_on is None and running >= amount:
            paid_on = date
    return running, paid_on


def customer_ids_of(record: BusinessOwned) -> list[int]:
    """The customer (as a one-item list) whose records include ``record``."""
    if isinstance(record, Customer):
        return [record.pk]
    if isinstance(record, Addendum):
        return [record.contract.customer_id]
    if isinstance(record, Payment | FollowUp):
        return [record.invoice.customer_id]
    customer_id = getattr(record, "customer_id", None)  # contracts, invoices, interactions, cost entries
    if customer_id is None:
        raise TypeError(f"A {type(record).__name__} does not belong to a customer.")
    return [customer_id]


def records_changed(*, record: BusinessOwned) -> None:
    """Announce a saved or deleted record (``customers.changes``): its customer's standing is refreshed."""
    changes.records_changed(business=record.business, customer_ids=customer_ids_of(record))


def invoice_refresh_payments(invoice: Invoice) -> Invoice:
    """Recompute the invoice's derived payment fields from its payments."""
    payments = list(Payment.objects.filter(invoice=invoice).values_list("date", "amount"))
    invoice.amount_paid, invoice.paid_in_full_on = paid_state(invoice.amount, payments)
    invoice.save(update_fields=["amount_paid", "paid_in_full_on", "updated_at"])
    return invoice


@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    date: datetime.date,
    amount: Decimal,
    method: str = Payment.Method.BANK_TRANSFER,
    note: str = "",
    created_by=None,
) -> Payment:
    """Record a (possibly partial) payment; refuses more than the open balance."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if amount > invoice.balance:
        raise ValidationError(
            {"amount": f"This is more than the open balance of {invoice.balance} on invoice {invoice.number}."}
        )
    payment = Payment(
        business_id=invoice.business_id,
        invoice=invoice,
        invoice_issue_date=invoice.issue_date,
        date=date,
        amount=amount,
        method=method,
        note=note,
        created_by=created_by,
    )
    payment.full_clean()
    payment.save()
    invoice_refresh_payments(invoice)
    records_changed(record=invoice)
    return payment


@transaction.atomic
def payment_update(
    *,
    payment: Payment,
    date: datetime.date,
    amount: Decimal,
    method: str,
    note: str = "",
    expected_version: int | None = None,
) -> Payment:
    """Change a payment; the new amount may not exceed what was open before it."""
    invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
    version_check(record=payment, expected=expected_version)
    open_without_this = invoice.balance + Payment.objects.get(pk=payment.pk).amount
    if amount > open_without_this:
        raise ValidationError(
            {"amount": f"This is more than the open balance of {open_without_this} on invoice {invoice.number}."}
        )
    payment.date, payment.amount, payment.method, payment.note = date, amount, method, note
    payment.full_clean()
    payment.save()
    invoice_refresh_payments(invoice)
    records_changed(record=invoice)
    return payment


@transaction.atomic
def payment_delete(*, payment: Payment) -> None:
    invoice = payment.invoice
    payment.delete()
    invoice_refresh_payments(invoice)
    records_changed(record=invoice)


def interaction_hourly_cost(interaction: Interaction) -> Decimal:
    """The cost to store on a new interaction: its handler's rate today."""
    return hourly_cost_of(business=interaction.business, user=interaction.handled_by)


# --- saving records ----------------------------------------------------------

# What each database rule means to a user, by constraint name: (field, message).
CONSTRAINT_MESSAGES: dict[str, tuple[str | None, str]] = {
    "invoice_number_unique_per_business": ("number", "Another invoice already has this number. Use a new number."),
    "invoice_amount_positive": ("amount", "The amount must be more than zero."),
    "invoice_due_on_or_after_issue": ("due_date", "The due date cannot be before the issue date."),
    "invoice_paid_on_or_after_issue": ("issue_date", "A payment on this invoice is dated before this issue date."),
    "payment_not_before_invoice": (None, "A payment cannot be dated before its invoice's issue date."),
    "payment_amount_positive": ("amount", "The amount must be more than zero."),
    "contract_one_active_per_customer": (
        "status",
        "This customer already has an active contract. End it first, or save this one as a draft.",
    ),
    "contract_fee_not_negative": ("fee", "The fee cannot be negative."),
    "contract_ends_after_it_starts": ("end_date", "The end date cannot be before the start date."),
    "contract_support_hours_not_negative": ("support_hours_per_month", "Support hours cannot be negative."),
    "customer_end_has_date_and_reason": (None, "A former customer needs an end date and a reason."),
    "customer_ends_after_it_starts": ("ended_on", "The end date cannot be before the customer's start date."),
    "interaction_duration_positive": ("duration_minutes", "The duration must be at least one minute."),
    "interaction_told_no_is_within_contract": (
        "out_of_scope_request",
        "Work done outside the contract was not refused: untick “told no”, or say the time was within the contract.",
    ),
    "costentry_amount_not_negative": ("amount", "The amount cannot be negative."),
    "costentry_hours_not_negative": ("hours", "Hours cannot be negative."),
    "customer_since_in_range": ("customer_since", DATE_RANGE_MESSAGE),
    "customer_ended_on_in_range": ("ended_on", DATE_RANGE_MESSAGE),
    "contract_start_in_range": ("start_date", DATE_RANGE_MESSAGE),
    "contract_end_in_range": ("end_date", DATE_RANGE_MESSAGE),
    "contract_notice_period_in_range": (
        "notice_period_days",
        f"The notice period can be at most {MAX_NOTICE_DAYS} days.",
    ),
    "contract_payment_terms_in_range": (
        "payment_terms_days",
        f"The payment terms can be at most {MAX_PAYMENT_TERMS_DAYS} days.",
    ),
    "addendum_effective_in_range": ("effective_date", DATE_RANGE_MESSAGE),
    "invoice_issue_date_in_range": ("issue_date", DATE_RANGE_MESSAGE),
    "invoice_due_date_in_range": ("due_date", DATE_RANGE_MESSAGE),
    "payment_date_in_range": ("date", DATE_RANGE_MESSAGE),
    "followup_date_in_range": ("date", DATE_RANGE_MESSAGE),
    "costentry_date_in_range": ("date", DATE_RANGE_MESSAGE),
    "interaction_occurred_in_range": ("occurred_at", DATE_RANGE_MESSAGE),
    "interaction_duration_at_most_a_day": (
        "duration_minutes",
        "One interaction can last at most a day (1440 minutes).",
    ),
    "addendum_one_draft": (
        None,
        "There is already a draft addendum to this contract: record it as signed or edit it before drafting another.",
    ),
    "addendum_support_hours_in_range": ("support_hours_per_month", "Enter between 0 and 744 hours a month."),
}


def constraint_error(exc: IntegrityError) -> ValidationError:
    """Turn a database constraint violation into a message a user can act on."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    field, message = CONSTRAINT_MESSAGES.get(
        name or "", (None, "This could not be saved because it conflicts with other records. Nothing was changed.")
    )
    return ValidationError({field: message} if field else message)


def record_save(
    *, record: Record, business: Business, created_by: User | None = None, expected_version: int | None = None
) -> Record:
    """Save a business's record; constraint violations become a ValidationError and change nothing.

    ``created_by`` is set only when the record is new, so editing never rewrites who entered it.
    An edit made from a form that showed ``expected_version`` raises ``EditConflict`` when someone
    saved the record since.
    """
    record.business = business
    if record.pk is None and created_by is not None:
        record.created_by = created_by
    try:
        with transaction.atomic():
            version_check(record=record, expected=expected_version)
            record.save()
            if isinstance(record, Invoice):
                invoice_refresh_payments(record)
            records_changed(record=record)
    except IntegrityError as exc:
        raise constraint_error(exc) from exc
    return record


def interaction_save(
    *, interaction: Interaction, business: Business, created_by, expected_version: int | None = None
) -> Interaction:
    """Save an interaction, storing its handler's hourly cost when new or when the handler changed."""
    previous_handler = (
        Interaction.objects.filter(pk=interaction.pk).values_list("handled_by_id", flat=True).first()
        if interaction.pk
        else None
    )
    interaction.business = business
    if interaction.pk is None or previous_handler != interaction.handled_by_id:
        interaction.hourly_cost = interaction_hourly_cost(interaction)
    return record_save(record=interaction, business=business, created_by=created_by, expected_version=expected_version)


@transaction.atomic
def customer_end(*, customer: Customer, ended_on: datetime.date, end_reason: str) -> Customer:
    """End a relationship: the customer becomes former and keeps all its history."""
    if ended_on < customer.customer_since:
        raise ValidationError({"ended_on": "The end date cannot be before the customer's start date."})
    version_check(record=customer, expected=None)
    customer.status = Customer.Status.FORMER
    customer.ended_on = ended_on
    customer.end_reason = end_reason
    customer.full_clean()
    customer.save(update_fields=["status", "ended_on", "end_reason", "updated_at", "version"])
    records_changed(record=customer)
    return customer


@transaction.atomic
def customer_reopen(*, customer: Customer) -> Customer:
    """Bring a former customer back as active (the end date and reason are cleared)."""
    version_check(record=customer, expected=None)
    customer.status = Customer.Status.ACTIVE
    customer.ended_on = None
    customer.end_reason = ""
    customer.save(update_fields=["status", "ended_on", "end_reason", "updated_at", "version"])
    records_changed(record=customer)
    return customer


def followup_record(*, invoice: Invoice, date: datetime.date, note: str = "", created_by=None) -> FollowUp:
    """Note that someone chased an overdue invoice today."""
    return FollowUp.objects.create(
        business_id=invoice.business_id, invoice=invoice, date=date, note=note, created_by=created_by
    )
