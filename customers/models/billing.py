from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar, Self

from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.db.models.expressions import RawSQL

from accounts.access import BusinessQuerySet
from accounts.bounds import date_in_range, date_validators
from accounts.history import tracked

from .base import BusinessOwned
from .contracts import Contract
from .customers import Customer

# The one definition of each fact about an invoice, for Python (``Invoice`` below) and SQL alike.
BALANCE = ExpressionWrapper(
    F("amount") - F("amount_paid"), output_field=models.DecimalField(max_digits=14, decimal_places=2)
)


def days_late_sql(today: datetime.date) -> RawSQL:
    """Days past the due date: until paid in full, or until ``today`` while unpaid (never negative)."""
    return RawSQL("GREATEST(COALESCE(paid_in_full_on, %s) - due_date, 0)", [today], output_field=models.IntegerField())


def overdue_q(today: datetime.date) -> Q:
    """Not paid in full, and past the due date on ``today``."""
    return Q(paid_in_full_on__isnull=True, due_date__lt=today)


class InvoiceQuerySet(BusinessQuerySet[Any]):  # Any: its annotations (days_late, open_balance) are filtered on
    def unpaid(self) -> Self:
        return self.filter(paid_in_full_on__isnull=True)

    def overdue(self, today: datetime.date) -> Self:
        return self.filter(overdue_q(today))

    def with_balance(self) -> Self:
        """Each invoice's open balance as ``open_balance`` (as ``Invoice.balance``: amount less what was paid)."""
        return self.annotate(open_balance=BALANCE)

    def with_days_late(self, today: datetime.date) -> Self:
        """Each invoice's days late on ``today`` as ``days_late`` (as ``Invoice.days_late_on``)."""
        return self.annotate(days_late=days_late_sql(today))


InvoiceManager = models.Manager.from_queryset(InvoiceQuerySet)


@tracked("invoice")
class Invoice(BusinessOwned):
    """An amount billed to a customer.

    ``amount_paid`` and ``paid_in_full_on`` are derived from the payments and
    kept up to date by ``customers.services`` (the only writer of payments), so
    status and days late can be read and aggregated without a query per row.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PARTLY_PAID = "partly_paid", "Partly paid"
        OVERDUE = "overdue", "Overdue"
        PAID = "paid", "Paid"

    class Hold(models.TextChoices):
        """Why no payment reminder goes out for an unpaid invoice (empty: they go out as scheduled)."""

        NONE = "", "None: send reminders as scheduled"
        DISPUTED = "disputed", "Disputed"
        PAUSED = "paused", "Reminders paused"

    number = models.CharField("invoice number", max_length=50)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="invoices")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="invoices")
    issue_date = models.DateField(validators=date_validators())
    due_date = models.DateField(
        validators=date_validators(), help_text="Leave empty to use the contract's payment terms."
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=500, blank=True)
    amount_paid = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"), editable=False)
    paid_in_full_on = models.DateField(null=True, blank=True, editable=False)
    hold = models.CharField(
        "on hold",
        max_length=10,
        choices=Hold.choices,
        blank=True,
        default=Hold.NONE,
        help_text="A disputed or paused invoice gets no payment reminders.",
    )

    objects: ClassVar[InvoiceManager] = InvoiceManager()

    class Meta:
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["business", "number"], name="invoice_number_unique_per_business"),
            models.UniqueConstraint(fields=["business", "id", "issue_date"], name="invoice_business_id_issue_date"),
            models.UniqueConstraint(fields=["business", "id"], name="invoice_business_id"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="invoice_amount_positive"),
            models.CheckConstraint(condition=date_in_range("issue_date"), name="invoice_issue_date_in_range"),
            models.CheckConstraint(condition=date_in_range("due_date"), name="invoice_due_date_in_range"),
            models.CheckConstraint(condition=Q(amount_paid__gte=0), name="invoice_amount_paid_not_negative"),
            models.CheckConstraint(condition=Q(due_date__gte=F("issue_date")), name="invoice_due_on_or_after_issue"),
            models.CheckConstraint(
                condition=Q(paid_in_full_on__isnull=True) | Q(paid_in_full_on__gte=F("issue_date")),
                name="invoice_paid_on_or_after_issue",
            ),
            models.CheckConstraint(condition=Q(hold__in=["", "disputed", "paused"]), name="invoice_hold_valid"),
        ]
        indexes = [
            models.Index(fields=["business", "customer", "issue_date"], name="invoice_business_customer"),
            # Covering: the business's revenue over a period (one customer's share of it) from the index alone.
            models.Index(fields=["business", "issue_date"], include=["amount"], name="invoice_business_issue_amount"),
            models.Index(
                fields=["business", "due_date"],
                condition=Q(paid_in_full_on__isnull=True),
                name="invoice_business_unpaid",
            ),
        ]

    def __str__(self) -> str:
        return f"Invoice {self.number}"

    @property
    def balance(self) -> Decimal:
        return self.amount - self.amount_paid

    def status_on(self, today: datetime.date) -> str:
        if self.paid_in_full_on is not None:
            return self.Status.PAID
        if self.due_date < today:
            return self.Status.OVERDUE
        if self.amount_paid > 0:
            return self.Status.PARTLY_PAID
        return self.Status.OPEN

    def days_late_on(self, today: datetime.date) -> int:
        """Days past the due date: until paid in full, or until today while unpaid (as ``days_late_sql``)."""
        end = self.paid_in_full_on or today
        return max((end - self.due_date).days, 0)


@tracked("payment", parent="invoice")
class Payment(BusinessOwned):
    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        CARD = "card", "Card"
        CASH = "cash", "Cash"
        CHEQUE = "cheque", "Cheque"
        DIRECT_DEBIT = "direct_debit", "Direct debit"
        OTHER = "other", "Other"

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    # Copy of the invoice's issue date, kept in step by a composite foreign key
    # (ON UPDATE CASCADE), so the database itself can check the payment date.
    invoice_issue_date = models.DateField(editable=False)
    date = models.DateField("payment date", validators=date_validators())
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.BANK_TRANSFER)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=date_in_range("date"), name="payment_date_in_range"),
            models.CheckConstraint(condition=Q(date__gte=F("invoice_issue_date")), name="payment_not_before_invoice"),
        ]
        indexes = [
            models.Index(fields=["business", "invoice", "date"], name="payment_business_invoice"),
            # A nightly refresh reads the payments of the days its periods gained and lost.
            models.Index(fields=["business", "date"], name="payment_business_date"),
        ]

    def __str__(self) -> str:
        return f"Payment of {self.amount} on {self.date}"

    def save(self, *args, **kwargs) -> None:
        if self.invoice_issue_date is None and self.invoice_id is not None:
            self.invoice_issue_date = self.invoice.issue_date
        super().save(*args, **kwargs)


class FollowUp(BusinessOwned):
    """A record that someone chased an overdue invoice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="follow_ups")
    date = models.DateField(validators=date_validators())
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "overdue follow-up"
        constraints = [
            models.CheckConstraint(condition=date_in_range("date"), name="followup_date_in_range"),
            # For same-business composite foreign keys to a follow-up (a payment reminder's log entry).
            models.UniqueConstraint(fields=["business", "id"], name="followup_business_id"),
        ]
        indexes = [models.Index(fields=["business", "invoice", "date"], name="followup_business_invoice")]

    def __str__(self) -> str:
        return f"Follow-up on {self.invoice.number} ({self.date})"
