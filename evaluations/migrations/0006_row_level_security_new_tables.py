"""Row-level security on the tables that arrived beside it: history events, standings, imports, first steps."""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0005_merge_20261127_1358"), ("accounts", "0002_row_level_security")]

    operations = [
        EnableRowLevelSecurity("evaluations_evaluationsettingsevent"),
        EnableRowLevelSecurity("evaluations_standing"),
        EnableRowLevelSecurity("evaluations_standingperiod"),
        EnableRowLevelSecurity("evaluations_standingqueue"),
    ]
