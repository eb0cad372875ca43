"""The filters of the record lists, read from the query string (GET forms, never saved).

Every field has bounds (dates within ``accounts.bounds``, ids within an
integer), so a hand-edited URL gets a message instead of an error page.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError

from accounts.bounds import DATE_RANGE_MESSAGE, EARLIEST_DATE, LATEST_DATE, MAX_QUERY_PARAMETER_LENGTH
from accounts.models import Business

from ..forms import CUSTOMER_NUMBER
from ..models import CostEntry, Customer, Interaction, Payment
from ..models.interactions import SIGNALS

MAX_ID = 2**31 - 1
# Not a signal ticked by staff but a flag of its own: time spent outside the contract.
OUTSIDE_CONTRACT = "outside_contract"
FLAGS: dict[str, str] = {OUTSIDE_CONTRACT: "Time outside the contract", **SIGNALS}


class ListDateField(forms.DateField):
    """A YYYY-MM-DD date in the range the app stores, with a message that says how to write it."""

    input_formats = ["%Y-%m-%d"]

    def to_python(self, value: Any) -> datetime.date | None:
        try:
            return super().to_python(value)
        except ValidationError as exc:
            raise ValidationError(f"“{str(value)[:20]}” is not a date: write it as YYYY-MM-DD.") from exc

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValidationError(DATE_RANGE_MESSAGE)


class RecordFilterForm(forms.Form):
    """What every list filters on: one customer, a date range (inclusive) and the order."""

    # key: (label, ordering); the first is the default.
    SORTS: ClassVar[dict[str, tuple[str, tuple[str, ...]]]] = {}
    # The filter fields that narrow the list (everything but the order).
    FILTERS: ClassVar[tuple[str, ...]] = ("customer", "from", "to")

    customer = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    # Typed in the page's customer box (the type-ahead gives "Name #12"); resolved to ``customer``.
    customer_name = forms.CharField(label="Customer", required=False, max_length=MAX_QUERY_PARAMETER_LENGTH)
    sort = forms.CharField(required=False, max_length=40)

    def __init__(self, *args: Any, business: Business, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        # "from" is a Python keyword, so the two dates are added here (first, in reading order).
        dates = {"from": ListDateField(label="From", required=False), "to": ListDateField(label="To", required=False)}
        self.fields = {**dates, **self.fields}

    def clean_sort(self) -> str:
        """An unknown order falls back to the default, as on the customer list."""
        sort = self.cleaned_data.get("sort") or ""
        return sort if sort in self.SORTS else next(iter(self.SORTS))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = (cleaned.get("customer_name") or "").strip()
        if text and not cleaned.get("customer") and "customer" not in self.errors:
            customer = self._customer_named(text)
            if customer is not None:
                cleaned["customer"] = customer.pk
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", "The end date comes before the start date.")
        return cleaned

    def _customer_named(self, text: str) -> Customer | None:
        """The customer picked in the type-ahead ("Name #12") or typed in full; an error says why not."""
        customers = Customer.objects.for_business(self.business)
        number = CUSTOMER_NUMBER.search(text)
        if number and (customer := customers.filter(pk=int(number.group(1))).first()) is not None:
            return customer
        matches = list(customers.filter(name__iexact=text)[:2])
        if len(matches) == 1:
            return matches[0]
        problem = "Several customers are called" if matches else "No customer called"
        self.add_error("customer_name", f"{problem} “{text}”: type part of the name and pick from the list.")
        return None

    @property
    def ordering(self) -> tuple[str, ...]:
        return self.SORTS[self.cleaned_data["sort"]][1]

    @property
    def sort_choices(self) -> list[tuple[str, str]]:
        return [(key, label) for key, (label, _) in self.SORTS.items()]


class InvoiceFilterForm(RecordFilterForm):
    STATUSES = [
        ("", "Any status"),
        ("unpaid", "Not paid in full"),
        ("overdue", "Overdue (unpaid, past the due date)"),
        ("late", "Late (overdue, or paid after the due date)"),
        ("open", "Open (not yet due)"),
        ("partly_paid", "Partly paid (not yet due)"),
        ("paid", "Paid in full"),
    ]
    SORTS = {
        "-issue_date": ("Issued (newest first)", ("-issue_date", "-number", "-pk")),
        "issue_date": ("Issued (oldest first)", ("issue_date", "number", "pk")),
        "due_date": ("Due (earliest first)", ("due_date", "number", "pk")),
        "-amount": ("Amount (largest first)", ("-amount", "-issue_date", "-pk")),
        "number": ("Number", ("number", "pk")),
    }
    FILTERS = (*RecordFilterForm.FILTERS, "dates", "status")

    dates = forms.ChoiceField(label="Dates are", required=False, choices=[("", "Issue dates"), ("due", "Due dates")])
    status = forms.ChoiceField(required=False, choices=STATUSES)


class PaymentFilterForm(RecordFilterForm):
    SORTS = {
        "-date": ("Date (newest first)", ("-date", "-pk")),
        "date": ("Date (oldest first)", ("date", "pk")),
        "-amount": ("Amount (largest first)", ("-amount", "-date", "-pk")),
    }
    FILTERS = (*RecordFilterForm.FILTERS, "method")

    method = forms.ChoiceField(required=False, choices=[("", "Any method"), *Payment.Method.choices])


class InteractionFilterForm(RecordFilterForm):
    SORTS = {
        "-occurred_at": ("When (newest first)", ("-occurred_at", "-pk")),
        "occurred_at": ("When (oldest first)", ("occurred_at", "pk")),
        "-duration_minutes": ("Longest first", ("-duration_minutes", "-occurred_at", "-pk")),
    }
    FILTERS = (*RecordFilterForm.FILTERS, "kind", "scope", "signal", "staff")

    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Interaction.Kind.choices])
    scope = forms.ChoiceField(
        label="Contract",
        required=False,
        choices=[("", "Within or outside"), ("in", "Within the contract"), ("out", "Outside the contract")],
    )
    signal = forms.MultipleChoiceField(
        label="Flagged (any of)", required=False, choices=list(FLAGS.items()), widget=forms.CheckboxSelectMultiple
    )
    staff = forms.TypedChoiceField(label="Handled by", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, staff: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = staff or []
        cast(forms.ChoiceField, self.fields["staff"]).choices = [("", "Anyone"), *staff]


class CostEntryFilterForm(RecordFilterForm):
    CONCESSION, DIRECT = "concession", "direct"
    KINDS = [
        ("", "Any kind"),
        (CONCESSION, "Concessions (refunds, write-offs, discounts, free work)"),
        (DIRECT, "Direct costs (materials, travel, subcontractors)"),
        *CostEntry.Kind.choices,
    ]
    SORTS = {
        "-date": ("Date (newest first)", ("-date", "-pk")),
        "date": ("Date (oldest first)", ("date", "pk")),
        "-amount": ("Amount (largest first)", ("-amount", "-date", "-pk")),
    }
    FILTERS = (*RecordFilterForm.FILTERS, "kind")

    kind = forms.ChoiceField(required=False, choices=KINDS)
