"""Row-level security on memberships (see accounts/rls.py).

A user also sees their own memberships in every business: the sign-in and the
business switcher read them before a business is chosen.
"""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [EnableRowLevelSecurity("accounts_membership", user_column="user_id")]
