"""Composite foreign keys: every row belongs to the same business as its parent.

Django cannot declare these, so they are plain SQL. They rest on the unique
(business_id, id) constraints of the parents. The payment's copy of its
invoice's issue date follows the invoice (ON UPDATE CASCADE), which lets a
CHECK constraint refuse payments dated before the invoice.
"""

from django.db import migrations

FOREIGN_KEYS = [
    # (table, name, columns, parent table, parent columns, extra)
    ("customers_contract", "contract_same_business_as_customer", "business_id, customer_id", "customers_customer", "business_id, id", ""),
    ("customers_addendum", "addendum_same_business_as_contract", "business_id, contract_id", "customers_contract", "business_id, id", ""),
    ("customers_invoice", "invoice_same_business_as_customer", "business_id, customer_id", "customers_customer", "business_id, id", ""),
    ("customers_invoice", "invoice_same_business_as_contract", "business_id, contract_id", "customers_contract", "business_id, id", ""),
    ("customers_invoice", "invoice_contract_of_same_customer", "customer_id, contract_id", "customers_contract", "customer_id, id", ""),
    ("customers_payment", "payment_same_business_and_date_as_invoice", "business_id, invoice_id, invoice_issue_date", "customers_invoice", "business_id, id, issue_date", "ON UPDATE CASCADE"),
    ("customers_followup", "followup_same_business_as_invoice", "business_id, invoice_id", "customers_invoice", "business_id, id", ""),
    ("customers_interaction", "interaction_same_business_as_customer", "business_id, customer_id", "customers_customer", "business_id, id", ""),
    ("customers_costentry", "costentry_same_business_as_customer", "business_id, customer_id", "customers_customer", "business_id, id", ""),
]


def forwards_sql():
    return [
        f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({columns}) "
        f"REFERENCES {parent} ({parent_columns}) {extra} DEFERRABLE INITIALLY DEFERRED"
        for table, name, columns, parent, parent_columns, extra in FOREIGN_KEYS
    ]


def backwards_sql():
    return [f"ALTER TABLE {table} DROP CONSTRAINT {name}" for table, name, *_ in FOREIGN_KEYS]


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [migrations.RunSQL(forwards_sql(), backwards_sql())]
