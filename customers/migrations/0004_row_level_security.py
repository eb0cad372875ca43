"""Row-level security on every table of the customers app (see accounts/rls.py)."""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity

TABLES = [
    "customers_customer",
    "customers_contract",
    "customers_addendum",
    "customers_invoice",
    "customers_payment",
    "customers_followup",
    "customers_interaction",
    "customers_costentry",
]


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_row_level_security"), ("customers", "0003_invoice_revenue_covering_index")]

    operations = [EnableRowLevelSecurity(table) for table in TABLES]
