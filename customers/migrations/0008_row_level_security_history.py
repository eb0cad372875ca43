"""Row-level security on the tables that arrived beside it: history events, standings, imports, first steps."""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("customers", "0007_remove_customer_insert_insert_and_more"), ("accounts", "0002_row_level_security")]

    operations = [
        EnableRowLevelSecurity("customers_addendumevent"),
        EnableRowLevelSecurity("customers_contractevent"),
        EnableRowLevelSecurity("customers_costentryevent"),
        EnableRowLevelSecurity("customers_customerevent"),
        EnableRowLevelSecurity("customers_interactionevent"),
        EnableRowLevelSecurity("customers_invoiceevent"),
        EnableRowLevelSecurity("customers_paymentevent"),
    ]
