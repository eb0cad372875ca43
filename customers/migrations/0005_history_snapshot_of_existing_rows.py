"""History begins with the state every existing row has now (see accounts.history)."""

from django.db import migrations

from accounts.history import snapshot_existing_rows


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_history_of_changes")]

    operations = [snapshot_existing_rows("customers", "Customer", "Contract", "Addendum", "Invoice", "Payment", "Interaction", "CostEntry")]
