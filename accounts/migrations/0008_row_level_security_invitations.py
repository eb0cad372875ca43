"""Row-level security on invitations (see accounts/rls.py).

The invitee's pages look invitations up across businesses by the link's token
or the person's e-mail, inside a named bypass (accounts/selectors.py).
"""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_remove_membership_insert_insert_and_more")]

    operations = [EnableRowLevelSecurity("accounts_invitation")]
