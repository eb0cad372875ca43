"""Row-level security on the tables that arrived beside it: history events, standings, imports, first steps."""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("imports", "0001_initial"), ("accounts", "0002_row_level_security")]

    operations = [
        EnableRowLevelSecurity("imports_columnmapping"),
        EnableRowLevelSecurity("imports_import"),
    ]
