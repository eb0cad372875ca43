"""Row-level security on the tables that arrived beside it: history events, standings, imports, first steps."""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_merge_20261127_1358")]

    operations = [
        EnableRowLevelSecurity("accounts_membershipevent"),
        EnableRowLevelSecurity("accounts_onboardingstate"),
    ]
