"""Forms explain what is wrong and change nothing; database refusals become the same kind of message."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from customers import services
from customers.forms import AddendumForm, ContractForm, CostEntryForm, CustomerForm, InvoiceForm, PaymentForm
from customers.models import Invoice

from ..factories import AddendumFactory, ContractFactory, CustomerFactory, InvoiceFactory
from ..robustness.keys import keyed

pytestmark = pytest.mark.django_db


def test_customer_tags_are_typed_with_commas(world):
    form = CustomerForm(
        keyed(
            {"name": "Nova", "tags": "Retail, priority,, retail", "status": "active", "customer_since": "2025-01-01"}
        ),
        business=world.a.business,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tags"] == ["retail", "priority"]


def test_customer_form_needs_a_name_and_cannot_set_former(world):
    form = CustomerForm({"status": "former", "customer_since": "2025-01-01"}, business=world.a.business)
    assert not form.is_valid()
    assert "name" in form.errors and "status" in form.errors


def test_contract_end_before_start_is_explained(world):
    customer = CustomerFactory(business=world.a.business)
    data = {
        "title": "Care",
        "services_included": "All",
        "fee": "-5",
        "billing_period": "monthly",
        "start_date": "2025-03-01",
        "end_date": "2025-02-01",
        "notice_period_days": 30,
        "payment_terms_days": 30,
        "status": "draft",
    }
    form = ContractForm(data, business=world.a.business, customer=customer)
    assert not form.is_valid()
    assert "cannot be before the start date" in str(form.errors["end_date"])
    assert "cannot be negative" in str(form.errors["fee"])


def test_addendum_cannot_bring_the_fee_below_zero_or_predate_the_contract(world):
    contract = ContractFactory(customer__business=world.a.business, business=world.a.business, fee=Decimal("100"))
    AddendumFactory(contract=contract, business=world.a.business, fee_change=Decimal("-60"))
    form = AddendumForm(
        {"effective_date": "2023-01-01", "description": "Cut", "fee_change": "-50"},
        business=world.a.business,
        contract=contract,
    )
    assert not form.is_valid()
    assert "below zero (-10.00)" in str(form.errors["fee_change"])
    assert "only starts on" in str(form.errors["effective_date"])


def test_invoice_form_checks_due_date_amount_and_paid_part(world):
    invoice = Invoice.objects.get(pk=world.a.objects["invoice"].pk)  # 1,000 issued Jan 1, 2025; 100 paid Jan 10
    form = InvoiceForm(
        {"number": invoice.number, "issue_date": "2025-01-15", "due_date": "2025-01-14", "amount": "50"},
        instance=invoice,
        business=world.a.business,
        customer=invoice.customer,
    )
    assert not form.is_valid()
    assert "cannot be before the issue date" in str(form.errors["due_date"])
    assert "100.00 has already been paid" in str(form.errors["amount"])
    assert "dated Jan 10, 2025, earlier" in str(form.errors["issue_date"])


def test_invoice_without_due_date_and_contract_is_due_in_thirty_days(world):
    customer = CustomerFactory(business=world.a.business)
    form = InvoiceForm(
        keyed({"number": "N-1", "issue_date": "2025-01-31", "amount": "10"}),
        business=world.a.business,
        customer=customer,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_date"] == datetime.date(2025, 3, 2)


def test_payment_form_refuses_zero(world):
    form = PaymentForm({"date": "2025-01-05", "amount": "0", "method": "cash"}, invoice=world.a.objects["invoice"])
    assert not form.is_valid()
    assert "more than zero" in str(form.errors["amount"])


def test_cost_entry_for_free_work_needs_hours_or_value(world):
    customer = CustomerFactory(business=world.a.business)
    form = CostEntryForm(
        {"date": "2025-01-05", "kind": "free_work", "amount": "0"}, business=world.a.business, customer=customer
    )
    assert not form.is_valid()
    assert "hours" in form.errors


def test_a_duplicate_number_saved_in_a_race_becomes_a_field_message(world):
    """Two people save the same number at once: the form checked before the other row existed."""
    customer = CustomerFactory(business=world.a.business)
    form = InvoiceForm(
        keyed({"number": "RACE-1", "issue_date": "2025-01-01", "amount": "10"}),
        business=world.a.business,
        customer=customer,
    )
    assert form.is_valid()
    InvoiceFactory(customer=customer, business=world.a.business, number="RACE-1")
    with pytest.raises(ValidationError) as caught:
        services.record_save(record=form.instance, business=world.a.business)
    assert "Another invoice already has this number" in str(caught.value.message_dict["number"])
    assert Invoice.objects.filter(business=world.a.business, number="RACE-1").count() == 1


def test_an_unknown_constraint_still_gives_a_message(world):
    customer = CustomerFactory(business=world.a.business)
    customer.status = "gone"  # a rule no form would let through
    with pytest.raises(ValidationError, match="Nothing was changed"):
        services.record_save(record=customer, business=world.a.business)
