"""One object of every kind a customers URL can name, for a business (see tests/conftest.py).

Records are made by the tenant's staff member, so the staff can open the
pages that only the person who recorded a row (or an owner) may use.
"""

import datetime
from decimal import Decimal

from customers import services

from ..factories import (
    AddendumFactory,
    ContractFactory,
    CostEntryFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
)


def make_objects(tenant) -> dict:
    by = tenant.staff.user
    customer = CustomerFactory(business=tenant.business, created_by=by)
    contract = ContractFactory(customer=customer, business=tenant.business, created_by=tenant.owner.user)
    invoice = InvoiceFactory(
        customer=customer,
        business=tenant.business,
        contract=contract,
        issue_date=datetime.date(2025, 1, 1),
        due_date=datetime.date(2025, 1, 31),
        created_by=by,
    )
    payment = services.payment_record(
        invoice=invoice, date=datetime.date(2025, 1, 10), amount=Decimal("100.00"), created_by=by
    )
    return {
        "customer": customer,
        "contract": contract,
        "addendum": AddendumFactory(contract=contract, business=tenant.business, created_by=tenant.owner.user),
        "invoice": invoice,
        "payment": payment,
        "interaction": InteractionFactory(customer=customer, business=tenant.business, handled_by=by, created_by=by),
        "cost_entry": CostEntryFactory(customer=customer, business=tenant.business, created_by=tenant.owner.user),
    }
