"""History begins with the state every existing row has now (see accounts.history)."""

from django.db import migrations

from accounts.history import snapshot_existing_rows


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_history_of_changes")]

    operations = [snapshot_existing_rows("evaluations", "EvaluationSettings")]
