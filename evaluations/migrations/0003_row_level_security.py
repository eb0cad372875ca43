"""Row-level security on every table of the evaluations app (see accounts/rls.py)."""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity

TABLES = ["evaluations_evaluationsettings", "evaluations_decision", "evaluations_monthlysnapshot"]


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_row_level_security"), ("evaluations", "0002_same_business_as_customer")]

    operations = [EnableRowLevelSecurity(table) for table in TABLES]
