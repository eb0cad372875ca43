"""Row-level security on the one-time submission keys (see accounts/rls.py)."""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_merge_20261127_1421")]

    operations = [EnableRowLevelSecurity("submission_keys")]
