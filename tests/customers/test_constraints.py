"""The database refuses what must never be stored, whatever code writes it: each rule broken once."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from customers.models import Contract, Customer, Invoice, Payment

from ..factories import (
    AddendumFactory,
    BusinessFactory,
    ContractFactory,
    CostEntryFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    PaymentFactory,
)

pytestmark = pytest.mark.django_db


def constraint_broken(make) -> str:
    """Run ``make`` with every constraint checked at once; return the name of the one it broke."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        make()
    return caught.value.__cause__.diag.constraint_name


def update(model, pk, **values):
    return lambda: model.objects.filter(pk=pk).update(**values)


D = datetime.date

CHECKS = {
    "customer_status_valid": lambda: CustomerFactory(status="gone"),
    "customer_end_has_date_and_reason": lambda: CustomerFactory(status="former", ended_on=D(2025, 1, 1)),
    "customer_ends_after_it_starts": lambda: CustomerFactory(
        status="former", customer_since=D(2025, 1, 1), ended_on=D(2024, 12, 31), end_reason="left"
    ),
    "contract_fee_not_negative": lambda: ContractFactory(fee=Decimal("-1")),
    "contract_support_hours_not_negative": lambda: ContractFactory(support_hours_per_month=Decimal("-1")),
    "contract_ends_after_it_starts": lambda: ContractFactory(start_date=D(2025, 2, 1), end_date=D(2025, 1, 31)),
    "contract_status_valid": lambda: ContractFactory(status="signed"),
    "contract_billing_period_valid": lambda: ContractFactory(billing_period="weekly"),
    "invoice_amount_positive": lambda: InvoiceFactory(amount=Decimal("0")),
    "invoice_amount_paid_not_negative": lambda: InvoiceFactory(amount_paid=Decimal("-1")),
    "invoice_due_on_or_after_issue": lambda: InvoiceFactory(issue_date=D(2025, 3, 1), due_date=D(2025, 2, 28)),
    "invoice_paid_on_or_after_issue": lambda: InvoiceFactory(issue_date=D(2025, 3, 1), paid_in_full_on=D(2025, 2, 28)),
    "payment_amount_positive": lambda: PaymentFactory(amount=Decimal("0")),
    "interaction_duration_positive": lambda: InteractionFactory(duration_minutes=0),
    "interaction_hourly_cost_not_negative": lambda: InteractionFactory(hourly_cost=Decimal("-0.01")),
    "interaction_kind_valid": lambda: InteractionFactory(kind="fax"),
    "interaction_direction_valid": lambda: InteractionFactory(direction="sideways"),
    "costentry_amount_not_negative": lambda: CostEntryFactory(amount=Decimal("-5")),
    "costentry_hours_not_negative": lambda: CostEntryFactory(hours=Decimal("-1")),
    "costentry_kind_valid": lambda: CostEntryFactory(kind="bribe"),
}


@pytest.mark.parametrize("name", CHECKS)
def test_check_constraint_refuses_bad_row(name):
    assert constraint_broken(CHECKS[name]) == name


def test_invoice_numbers_are_unique_per_business_only():
    first = InvoiceFactory(number="2025-001")
    InvoiceFactory(number="2025-001")  # another business may use the same number
    broken = constraint_broken(lambda: InvoiceFactory(number="2025-001", customer__business=first.business))
    assert broken == "invoice_number_unique_per_business"


def test_a_customer_has_one_active_contract_at_most():
    contract = ContractFactory()
    ContractFactory(customer=contract.customer, status=Contract.Status.DRAFT)
    broken = constraint_broken(lambda: ContractFactory(customer=contract.customer))
    assert broken == "contract_one_active_per_customer"


def test_payment_dated_before_its_invoice_is_refused():
    invoice = InvoiceFactory(issue_date=D(2025, 5, 10))
    broken = constraint_broken(lambda: PaymentFactory(invoice=invoice, date=D(2025, 5, 9)))
    assert broken == "payment_not_before_invoice"


def test_moving_an_invoice_after_its_payments_is_refused():
    """The payment's copy of the issue date follows the invoice, so the check still holds."""
    invoice = InvoiceFactory(issue_date=D(2025, 5, 10))
    PaymentFactory(invoice=invoice, date=D(2025, 5, 12))
    broken = constraint_broken(update(Invoice, invoice.pk, issue_date=D(2025, 5, 20), due_date=D(2025, 6, 20)))
    assert broken == "payment_not_before_invoice"


# --- one business per row, consistent with its parents ---------------------------


@pytest.fixture
def other():
    return BusinessFactory(name="Someone else")


SAME_BUSINESS = {
    "contract_same_business_as_customer": lambda o: ContractFactory(business=o),
    "addendum_same_business_as_contract": lambda o: AddendumFactory(business=o),
    "invoice_same_business_as_customer": lambda o: InvoiceFactory(business=o),
    "interaction_same_business_as_customer": lambda o: InteractionFactory(business=o),
    "costentry_same_business_as_customer": lambda o: CostEntryFactory(business=o),
    "payment_same_business_and_date_as_invoice": lambda o: PaymentFactory(business=o),
    "followup_same_business_as_invoice": lambda o: _follow_up(business=o),
}


def _follow_up(business):
    from customers.models import FollowUp

    invoice = InvoiceFactory()
    return FollowUp.objects.create(business=business, invoice=invoice, date=invoice.issue_date)


@pytest.mark.parametrize("name", SAME_BUSINESS)
def test_row_must_belong_to_its_parents_business(name, other):
    assert constraint_broken(lambda: SAME_BUSINESS[name](other)) == name


def test_invoice_contract_must_belong_to_the_same_business(other):
    contract = ContractFactory(business=other, customer__business=other)
    broken = constraint_broken(lambda: InvoiceFactory(contract=contract))
    # The invoice's customer is in another business than the contract: both composite keys catch it.
    assert broken in {"invoice_same_business_as_contract", "invoice_contract_of_same_customer"}


def test_invoice_contract_must_be_the_customers_own():
    contract = ContractFactory()
    stranger = CustomerFactory(business=contract.business)
    broken = constraint_broken(lambda: InvoiceFactory(customer=stranger, contract=contract))
    assert broken == "invoice_contract_of_same_customer"


def test_payment_copy_of_issue_date_must_match_its_invoice():
    invoice = InvoiceFactory(issue_date=D(2025, 5, 10))
    broken = constraint_broken(lambda: PaymentFactory(invoice=invoice, invoice_issue_date=D(2025, 5, 1)))
    assert broken == "payment_same_business_and_date_as_invoice"


def test_rows_of_matching_businesses_are_accepted():
    customer = CustomerFactory(status=Customer.Status.FORMER, ended_on=D(2025, 1, 1), end_reason="let_go")
    invoice = InvoiceFactory(customer=customer, business=customer.business)
    payment = PaymentFactory(invoice=invoice)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert Payment.objects.get(pk=payment.pk).invoice_issue_date == invoice.issue_date
