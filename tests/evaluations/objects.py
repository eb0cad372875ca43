"""One object of every kind a evaluations URL can name, for a business (see tests/conftest.py)."""

from ..factories import ContractFactory, CustomerFactory


def make_objects(tenant) -> dict:
    customer = CustomerFactory(business=tenant.business, name=f"{tenant.business.name} evaluated customer")
    ContractFactory(customer=customer)
    return {"evaluated_customer": customer}
