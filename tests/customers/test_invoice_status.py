"""An invoice's status and days late come from its payments (partial, early, late or none)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from customers import services
from customers.models import Invoice

from ..factories import ContractFactory, InvoiceFactory

pytestmark = pytest.mark.django_db

D = datetime.date
ISSUED, DUE = D(2025, 3, 1), D(2025, 3, 31)


@pytest.fixture
def invoice():
    return InvoiceFactory(issue_date=ISSUED, due_date=DUE, amount=Decimal("1000.00"))


def pay(invoice, day, amount):
    services.payment_record(invoice=invoice, date=day, amount=Decimal(amount))
    invoice.refresh_from_db()
    return invoice


def test_unpaid_invoice_is_open_until_due_then_overdue_and_late_by_the_day(invoice):
    assert invoice.status_on(D(2025, 3, 31)) == Invoice.Status.OPEN
    assert invoice.days_late_on(D(2025, 3, 31)) == 0
    assert invoice.status_on(D(2025, 4, 1)) == Invoice.Status.OVERDUE
    assert invoice.days_late_on(D(2025, 4, 1)) == 1
    assert invoice.days_late_on(D(2025, 6, 29)) == 90


def test_partial_payment_leaves_it_partly_paid_and_still_late_after_the_due_date(invoice):
    pay(invoice, D(2025, 3, 10), "400.00")
    assert invoice.amount_paid == Decimal("400.00")
    assert invoice.balance == Decimal("600.00")
    assert invoice.paid_in_full_on is None
    assert invoice.status_on(D(2025, 3, 20)) == Invoice.Status.PARTLY_PAID
    assert invoice.status_on(D(2025, 4, 15)) == Invoice.Status.OVERDUE
    assert invoice.days_late_on(D(2025, 4, 15)) == 15


def test_paid_early_is_never_late(invoice):
    pay(invoice, D(2025, 3, 5), "1000.00")
    assert invoice.paid_in_full_on == D(2025, 3, 5)
    assert invoice.status_on(D(2025, 12, 31)) == Invoice.Status.PAID
    assert invoice.days_late_on(D(2025, 12, 31)) == 0


def test_paid_late_counts_the_days_until_the_last_payment_only(invoice):
    pay(invoice, D(2025, 3, 20), "250.00")
    pay(invoice, D(2025, 7, 9), "750.00")  # 100 days after the due date
    assert invoice.paid_in_full_on == D(2025, 7, 9)
    assert invoice.status_on(D(2026, 1, 1)) == Invoice.Status.PAID
    assert invoice.days_late_on(D(2026, 1, 1)) == 100


def test_more_than_the_open_balance_is_refused_and_nothing_changes(invoice):
    pay(invoice, D(2025, 3, 10), "900.00")
    with pytest.raises(ValidationError, match="open balance of 100.00"):
        services.payment_record(invoice=invoice, date=D(2025, 3, 11), amount=Decimal("100.01"))
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("900.00")
    assert invoice.payments.count() == 1


def test_changing_and_removing_payments_keeps_the_invoice_in_step(invoice):
    pay(invoice, D(2025, 3, 10), "400.00")
    second = services.payment_record(invoice=invoice, date=D(2025, 4, 10), amount=Decimal("600.00"))
    invoice.refresh_from_db()
    assert invoice.paid_in_full_on == D(2025, 4, 10)
    services.payment_update(payment=second, date=D(2025, 4, 10), amount=Decimal("500.00"), method="cash")
    invoice.refresh_from_db()
    assert (invoice.amount_paid, invoice.paid_in_full_on) == (Decimal("900.00"), None)
    with pytest.raises(ValidationError):
        services.payment_update(payment=second, date=D(2025, 4, 10), amount=Decimal("600.01"), method="cash")
    services.payment_delete(payment=second)
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("400.00")


def test_due_date_follows_the_contract_terms_or_thirty_days():
    contract = ContractFactory(payment_terms_days=14)
    assert services.due_date_for(issue_date=D(2025, 1, 20), contract=contract) == D(2025, 2, 3)
    assert services.due_date_for(issue_date=D(2025, 1, 20), contract=None) == D(2025, 2, 19)


def test_days_late_balance_and_overdue_mean_the_same_in_sql_and_in_python():
    """One definition: the queryset methods give what the model's methods give, invoice by invoice."""
    unpaid = InvoiceFactory(issue_date=ISSUED, due_date=DUE, amount=Decimal("1000.00"))
    partly = pay(InvoiceFactory(issue_date=ISSUED, due_date=DUE, amount=Decimal("500.00")), D(2025, 4, 5), "200")
    late = pay(InvoiceFactory(issue_date=ISSUED, due_date=DUE, amount=Decimal("300.00")), D(2025, 4, 20), "300")
    early = pay(InvoiceFactory(issue_date=ISSUED, due_date=DUE, amount=Decimal("300.00")), D(2025, 3, 10), "300")
    not_due = InvoiceFactory(issue_date=D(2025, 5, 1), due_date=D(2025, 6, 30), amount=Decimal("80.00"))
    today = D(2025, 5, 15)
    rows = Invoice.objects.filter(pk__in=[i.pk for i in (unpaid, partly, late, early, not_due)]).with_balance()
    for invoice in rows.with_days_late(today):
        assert invoice.days_late == invoice.days_late_on(today), invoice.number
        assert invoice.open_balance == invoice.balance
    overdue = set(Invoice.objects.overdue(today).values_list("pk", flat=True))
    assert overdue == {unpaid.pk, partly.pk}
    assert {i.pk: i.days_late_on(today) for i in (unpaid, late, early, not_due)} == {
        unpaid.pk: 45,
        late.pk: 20,
        early.pk: 0,
        not_due.pk: 0,
    }
