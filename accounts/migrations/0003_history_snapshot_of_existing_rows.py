"""History begins with the state every existing row has now (see accounts.history)."""

from django.db import migrations

from accounts.history import snapshot_existing_rows


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_history_of_changes")]

    operations = [snapshot_existing_rows("accounts", "Membership")]
