"""Forms for the customer records.

Each form is given the business (and the parent record) it works in, so its
choices never offer another business's rows, and it checks here every rule the
database also enforces, so people get a clear message instead of an error page.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.form_guards import GuardedFormMixin, OneTimeSubmissionMixin, RecordFormMixin, VersionedFormMixin
from accounts.formats import date_for
from accounts.models import Business

from .models import SIGNALS, Addendum, Contract, CostEntry, Customer, Interaction, Invoice, Payment
from .services import due_date_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def money_input(minimum: str | None = "0") -> forms.NumberInput:
    attrs = {"step": "0.01", "inputmode": "decimal"}
    if minimum is not None:
        attrs["min"] = minimum
    return forms.NumberInput(attrs=attrs)


class TagsField(forms.CharField):
    """Tags typed as a comma-separated list, stored as a list of short words."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:  # type: ignore[override]  # a list, stored in an ArrayField
        text = super().to_python(value) or ""
        if "\x00" in text:
            raise forms.ValidationError("Tags cannot contain a NUL character.")
        tags: list[str] = []
        for raw in text.split(","):
            tag = raw.strip().lower()
            if tag and tag not in tags:
                if len(tag) > 50:
                    raise forms.ValidationError(f"“{tag[:20]}…” is too long: a tag can have at most 50 characters.")
                tags.append(tag)
        return tags


class CustomerForm(RecordFormMixin, forms.ModelForm):
    tags = TagsField(required=False, help_text="Separate tags with commas, for example: retail, priority.")
    status = forms.ChoiceField(
        choices=[(Customer.Status.ACTIVE, "Active"), (Customer.Status.PAUSED, "Paused")],
        help_text="To end the relationship, use “End this customer” on the customer's page.",
    )

    class Meta:
        model = Customer
        fields = [
            "name",
            "contact_person",
            "email",
            "phone",
            "address",
            "tags",
            "status",
            "customer_since",
            "notes",
            "payment_reminders",
        ]
        labels = {"email": "E-mail"}
        widgets = {
            "customer_since": DATE,
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, business: Business, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.business = business
        if self.instance.pk is None:
            self.fields["customer_since"].initial = timezone.localdate()
        if self.instance.status == Customer.Status.FORMER:
            # A former customer is brought back with "Reopen", not by editing.
            del self.fields["status"]

    def clean(self) -> dict:
        cleaned = super().clean()
        since = cleaned.get("customer_since")
        if self.instance.ended_on and since and since > self.instance.ended_on:
            self.add_error("customer_since", "This is after the date the relationship ended.")
        return cleaned


class CustomerEndForm(GuardedFormMixin, forms.Form):
    ended_on = forms.DateField(label="Last day as a customer", widget=DATE)
    end_reason = forms.ChoiceField(label="Why", choices=Customer.EndReason.choices, widget=forms.RadioSelect)

    def __init__(self, *args, customer: Customer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self) -> datetime.date:
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.customer.customer_since:
            since = date_for(self.customer.business, self.customer.customer_since)
            raise forms.ValidationError(f"This is before the customer started ({since}).")
        return ended_on


class ContractForm(RecordFormMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "title",
            "services_included",
            "services_excluded",
            "fee",
            "billing_period",
            "start_date",
            "end_date",
            "auto_renew",
            "notice_period_days",
            "payment_terms_days",
            "support_hours_per_month",
            "status",
        ]
        widgets = {
            "services_included": forms.Textarea(attrs={"rows": 3}),
            "services_excluded": forms.Textarea(attrs={"rows": 2}),
            "fee": money_input(),
            "start_date": DATE,
            "end_date": DATE,
            "support_hours_per_month": forms.NumberInput(attrs={"min": "0", "step": "0.25"}),
        }

    def __init__(self, *args, business: Business, customer: Customer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.business = business
        self.instance.customer = customer
        if self.instance.pk is None:
            self.fields["start_date"].initial = timezone.localdate()

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end or renewal date cannot be before the start date.")
        if cleaned.get("fee") is not None and cleaned["fee"] < 0:
            self.add_error("fee", "The fee cannot be negative.")
        if cleaned.get("status") == Contract.Status.ACTIVE:
            others = Contract.objects.filter(
                business=self.instance.business, customer=self.instance.customer, status=Contract.Status.ACTIVE
            ).exclude(pk=self.instance.pk)
            other = others.first()
            if other is not None:
                self.add_error(
                    "status",
                    f"{self.instance.customer} already has an active contract (“{other.title}”). "
                    "End that one first, or save this one as a draft.",
                )
        return cleaned


class AddendumForm(RecordFormMixin, forms.ModelForm):
    class Meta:
        model = Addendum
        fields = ["effective_date", "description", "fee_change", "scope_change", "support_hours_per_month"]
        labels = {"fee_change": "Change to the fee"}
        widgets = {
            "effective_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "scope_change": forms.Textarea(attrs={"rows": 2}),
            "fee_change": money_input(minimum=None),
            "support_hours_per_month": forms.NumberInput(attrs={"min": "0", "step": "0.25"}),
        }

    def __init__(self, *args, business: Business, contract: Contract, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.business = business
        self.instance.contract = contract
        if self.instance.pk is None:
            self.fields["effective_date"].initial = timezone.localdate()

    def clean(self) -> dict:
        cleaned = super().clean()
        contract = self.instance.contract
        effective = cleaned.get("effective_date")
        if effective and effective < contract.start_date:
            self.add_error(
                "effective_date", f"The contract only starts on {date_for(contract.business, contract.start_date)}."
            )
        change = cleaned.get("fee_change")
        if change is not None:
            # Signed addenda only: a draft that is never signed must not make room for a cut.
            others = contract.addenda.signed().exclude(pk=self.instance.pk).values_list("fee_change", flat=True)
            fee_after = contract.fee + sum(others, Decimal("0")) + change
            if fee_after < 0:
                self.add_error("fee_change", f"This would bring the fee below zero ({fee_after}).")
        return cleaned


class InvoiceForm(RecordFormMixin, forms.ModelForm):
    class Meta:
        model = Invoice
        fields = ["number", "contract", "issue_date", "due_date", "amount", "note", "hold"]
        widgets = {"issue_date": DATE, "due_date": DATE, "amount": money_input("0.01")}

    def __init__(self, *args, business: Business, customer: Customer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.business = business
        self.instance.customer = customer
        contracts = Contract.objects.filter(business=business, customer=customer)
        contract_field = self.fields["contract"]
        assert isinstance(contract_field, forms.ModelChoiceField)
        contract_field.queryset = contracts
        self.fields["contract"].help_text = "Optional. Its payment terms set the due date."
        self.fields["due_date"].required = False
        if self.instance.pk is None:
            self.fields["issue_date"].initial = timezone.localdate()
            active = next((c for c in contracts if c.status == Contract.Status.ACTIVE), None)
            self.fields["contract"].initial = active

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        taken = Invoice.objects.filter(business=self.instance.business, number__iexact=number)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"Invoice {number} already exists. Each invoice needs its own number.")
        return number

    def clean(self) -> dict:
        cleaned = super().clean()
        issue, due, amount = cleaned.get("issue_date"), cleaned.get("due_date"), cleaned.get("amount")
        if issue and not due and "due_date" not in self.errors:
            cleaned["due_date"] = due = due_date_for(issue_date=issue, contract=cleaned.get("contract"))
        if issue and due and due < issue:
            self.add_error("due_date", "The due date cannot be before the issue date.")
        if amount is not None and amount <= 0:
            self.add_error("amount", "The amount must be more than zero.")
        if self.instance.pk is not None:
            paid = self.instance.amount_paid
            if amount is not None and amount < paid:
                self.add_error("amount", f"{paid} has already been paid on this invoice; the amount cannot be less.")
            first_payment = self.instance.payments.order_by("date").values_list("date", flat=True).first()
            if issue and first_payment and issue > first_payment:
                self.add_error(
                    "issue_date",
                    f"A payment on this invoice is dated {date_for(self.instance.business, first_payment)}, earlier.",
                )
        return cleaned


class PaymentForm(RecordFormMixin, forms.Form):
    """Record or change a payment; the service checks the balance again under a lock."""

    date = forms.DateField(label="Payment date", widget=DATE)
    amount = forms.DecimalField(max_digits=12, decimal_places=2, widget=money_input("0.01"))
    method = forms.ChoiceField(choices=Payment.Method.choices, initial=Payment.Method.BANK_TRANSFER)
    note = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, invoice: Invoice, payment: Payment | None = None, **kwargs) -> None:
        self.invoice = invoice
        self.payment = payment
        super().__init__(*args, **kwargs)
        self.open_balance = invoice.balance + (payment.amount if payment else Decimal("0"))
        if payment is None:
            self.fields["date"].initial = timezone.localdate()
            self.fields["amount"].initial = invoice.balance
        self.fields["amount"].help_text = f"Open balance: {self.open_balance}. A partial payment is fine."

    def creates(self) -> bool:
        return self.payment is None

    def edited_record(self) -> Payment | None:
        return self.payment

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date < self.invoice.issue_date:
            raise forms.ValidationError(
                f"This is before the invoice was issued ({date_for(self.invoice.business, self.invoice.issue_date)})."
            )
        if date > timezone.localdate():
            raise forms.ValidationError("This date is in the future. Record a payment once it has arrived.")
        return date

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError("The amount must be more than zero.")
        if amount > self.open_balance:
            raise forms.ValidationError(f"This is more than the open balance of {self.open_balance}.")
        return amount


class FollowUpForm(OneTimeSubmissionMixin, forms.Form):
    note = forms.CharField(
        max_length=500,
        required=False,
        label="Note (optional)",
        widget=forms.TextInput(
            attrs={"placeholder": "e.g. called, will pay Friday", "class": "form-control form-control-sm w-auto"}
        ),
    )


class CostEntryForm(RecordFormMixin, forms.ModelForm):
    class Meta:
        model = CostEntry
        fields = ["date", "kind", "amount", "hours", "note"]
        widgets = {
            "date": DATE,
            "amount": money_input(),
            "hours": forms.NumberInput(attrs={"min": "0", "step": "0.25"}),
        }
        help_texts = {"amount": "What it cost you, or the value given away."}

    def __init__(self, *args, business: Business, customer: Customer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.business = business
        self.instance.customer = customer
        if self.instance.pk is None:
            self.fields["date"].initial = timezone.localdate()

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("amount") is not None and cleaned["amount"] < 0:
            self.add_error("amount", "The amount cannot be negative.")
        if cleaned.get("hours") is not None and cleaned["hours"] < 0:
            self.add_error("hours", "Hours cannot be negative.")
        if cleaned.get("kind") == CostEntry.Kind.FREE_WORK and not cleaned.get("hours") and not cleaned.get("amount"):
            self.add_error("hours", "For free work, give the hours or the value given away.")
        return cleaned


# --- interactions ---------------------------------------------------------------

DURATION_PRESETS = (5, 10, 15, 30, 60)
# At most 18 digits: a longer "number" is no customer of ours, and int() of
# thousands of digits is refused by Python itself.
CUSTOMER_NUMBER = re.compile(r"#(\d{1,18})\s*$")


def _person_label(user) -> str:
    """A team member as the choice list shows them: their name, else their sign-in name."""
    return user.get_full_name() or user.get_username()


class SignalsMixin:
    """The nine behaviour signals, as checkboxes with their plain labels."""

    signal_names = tuple(SIGNALS)

    def signal_fields(self) -> list[forms.BoundField]:
        form = cast(forms.BaseForm, self)  # a mixin of forms only
        return [form[name] for name in SIGNALS]

    def refuse_told_no_with_work_outside(self, cleaned: dict) -> None:
        """A request that was refused is not work done outside the contract: one or the other (see ``SIGNALS``)."""
        if cleaned.get("in_scope") is False and cleaned.get("out_of_scope_request"):
            self.add_error(  # type: ignore[attr-defined]
                "out_of_scope_request",
                "You said the work was done outside the contract, so they were not told no. If you did the work, "
                "untick this (work outside the contract already counts as asking for it); if you refused, "
                "say the time was within the contract.",
            )


class InteractionForm(VersionedFormMixin, SignalsMixin, forms.ModelForm):
    """The full form, for editing an interaction (or logging one in detail)."""

    class Meta:
        model = Interaction
        fields = [
            "customer",
            "handled_by",
            "kind",
            "occurred_at",
            "duration_minutes",
            "direction",
            "in_scope",
            "note",
            *SIGNALS,
        ]
        widgets = {"occurred_at": DATETIME, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, business: Business, can_choose_handler: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.business = business
        customer_field, handler_field = self.fields["customer"], self.fields["handled_by"]
        assert isinstance(customer_field, forms.ModelChoiceField) and isinstance(handler_field, forms.ModelChoiceField)
        customer_field.queryset = Customer.objects.for_business(business)
        if can_choose_handler:
            users = get_user_model().objects.filter(memberships__business=business).order_by("first_name", "username")
            handler_field.queryset = users
            handler_field.label_from_instance = _person_label  # type: ignore[method-assign,assignment]
            self.fields["handled_by"].required = True
        else:
            del self.fields["handled_by"]
        self.fields["duration_minutes"].widget.attrs["min"] = "1"

    def clean(self) -> dict:
        cleaned = super().clean()
        self.refuse_told_no_with_work_outside(cleaned)
        return cleaned

    def clean_duration_minutes(self) -> int:
        minutes = self.cleaned_data["duration_minutes"]
        if minutes < 1:
            raise forms.ValidationError("The duration must be at least one minute.")
        return minutes


class LogCallForm(OneTimeSubmissionMixin, SignalsMixin, forms.ModelForm):
    """Log a call in seconds: customer by type-ahead, a duration preset, in scope or not, signals, a note."""

    # The customer picked from the type-ahead: its number travels here, so the
    # field itself shows only the name (namesakes are told apart by the list).
    customer_id = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    customer_name = forms.CharField(
        label="Customer",
        max_length=300,
        widget=forms.TextInput(attrs={"list": "customer-options", "autocomplete": "off", "autofocus": True}),
    )
    duration_preset = forms.TypedChoiceField(
        label="Duration",
        choices=[(m, f"{m} min") for m in DURATION_PRESETS],
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    duration_other = forms.IntegerField(label="Other (minutes)", required=False, min_value=1, max_value=24 * 60)
    in_scope = forms.TypedChoiceField(
        label="Within the contract?",
        choices=[("yes", "Yes, within the contract"), ("no", "No, work done outside the contract")],
        coerce=lambda value: value == "yes",
        initial="yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Interaction
        fields = ["kind", "direction", "note", *SIGNALS]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "placeholder": "What was it about?"})}

    def __init__(self, *args, business: Business, customer: Customer | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        self.instance.business = business
        if customer is not None and not self.is_bound:
            self.fields["customer_name"].initial = customer.name
            self.fields["customer_id"].initial = customer.pk
            self.fields["customer_name"].widget.attrs.pop("autofocus")

    def clean_customer_name(self) -> Customer:
        text = self.cleaned_data["customer_name"].strip()
        customers = Customer.objects.for_business(self.business)
        picked = self.cleaned_data.get("customer_id")
        if picked:
            customer = customers.filter(pk=picked).first()
            # The name still shown is the one picked (the script clears the number when the name is edited).
            if customer is not None and customer.name.strip().casefold() == text.casefold():
                return customer
        number = CUSTOMER_NUMBER.search(text)
        if number:
            customer = customers.filter(pk=int(number.group(1))).first()
            if customer is not None:
                return customer
        matches = list(customers.filter(name__iexact=text)[:2])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise forms.ValidationError(f"Several customers are called “{text}”: pick one from the list.")
        raise forms.ValidationError(f"No customer called “{text}”. Type part of the name and pick from the list.")

    def clean(self) -> dict:
        cleaned = super().clean()
        minutes = cleaned.get("duration_other") or cleaned.get("duration_preset")
        if not minutes and "duration_other" not in self.errors:
            self.add_error("duration_preset", "Pick how long it took, or type the minutes.")
        cleaned["duration_minutes"] = minutes
        self.refuse_told_no_with_work_outside(cleaned)
        return cleaned

    def build(self, *, handled_by) -> Interaction:
        """The interaction to save: it happened just now, handled by the person logging it."""
        interaction = self.save(commit=False)
        interaction.customer = self.cleaned_data["customer_name"]
        interaction.duration_minutes = self.cleaned_data["duration_minutes"]
        interaction.in_scope = self.cleaned_data["in_scope"]
        interaction.handled_by = handled_by
        interaction.occurred_at = timezone.now()
        return interaction


class AddendumSignForm(VersionedFormMixin, forms.Form):
    """The day the customer signed a draft addendum (with the version the page showed)."""

    signed_on = forms.DateField(label="Signed on")
    back = forms.ChoiceField(choices=[("contract", "contract"), ("report", "report")], required=False)

    def __init__(self, *args, addendum: Addendum, **kwargs) -> None:
        self.instance = addendum
        super().__init__(*args, **kwargs)
