"""PostgreSQL row-level security: the second wall behind the application's filters.

Every table with a ``business_id`` column gets a policy that shows and accepts
only the rows of the business named in the connection setting
``app.business_id``, unless the named bypass ``app.rls_bypass`` is ``on``.
``FORCE ROW LEVEL SECURITY`` binds the table's owner (the app's own role) too;
only superusers and roles with BYPASSRLS escape it, and the app's role is
neither (``scripts/ensure_db.py``). ``accounts.tenancy`` sets the values.

A migration protects a new table in one line::

    operations = [EnableRowLevelSecurity("customers_invitation")]

The settings are plain session settings: any SQL the app runs could change
them, so this wall stops a query that forgets its business filter, not an
attacker who can run SQL of their own choosing.
"""

from __future__ import annotations

from django.db.migrations.operations.base import Operation

BUSINESS_SETTING = "app.business_id"
USER_SETTING = "app.user_id"
BYPASS_SETTING = "app.rls_bypass"

# Each wrapped in a sub-select, so PostgreSQL reads the setting once per query
# (an InitPlan), not once per row.
CURRENT_BUSINESS = f"(SELECT NULLIF(current_setting('{BUSINESS_SETTING}', true), '')::bigint)"
CURRENT_USER = f"(SELECT NULLIF(current_setting('{USER_SETTING}', true), '')::bigint)"
BYPASS_ON = f"(SELECT COALESCE(current_setting('{BYPASS_SETTING}', true), '') = 'on')"

TENANT_POLICY = "tenant_isolation"
OWN_ROWS_POLICY = "own_rows"


def enable_sql(table: str, *, user_column: str | None = None) -> list[str]:
    """The statements that put ``table`` behind the wall.

    ``user_column`` adds a read-only policy letting the signed-in user see their
    own rows in every business (memberships: the business switcher and the
    sign-in's choice of business read them before a business is chosen).
    """
    same_business = f"business_id = {CURRENT_BUSINESS} OR {BYPASS_ON}"
    statements = [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY {TENANT_POLICY} ON {table} USING ({same_business}) WITH CHECK ({same_business})",
    ]
    if user_column:
        own_rows = f"{user_column} = {CURRENT_USER}"
        statements.append(f"CREATE POLICY {OWN_ROWS_POLICY} ON {table} FOR SELECT USING ({own_rows})")
    return statements


def disable_sql(table: str, *, user_column: str | None = None) -> list[str]:
    statements = [f"DROP POLICY {TENANT_POLICY} ON {table}"]
    if user_column:
        statements.append(f"DROP POLICY {OWN_ROWS_POLICY} ON {table}")
    return [
        *statements,
        f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
    ]


class EnableRowLevelSecurity(Operation):
    """Migration operation: the business policy on one table (reversible)."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, table: str, *, user_column: str | None = None) -> None:
        self.table = table
        self.user_column = user_column

    def deconstruct(self) -> tuple[str, list, dict]:
        kwargs = {"user_column": self.user_column} if self.user_column else {}
        return self.__class__.__name__, [self.table], kwargs

    def state_forwards(self, app_label, state) -> None:
        pass  # the policy lives in the database only; Django's model state does not change

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        for statement in enable_sql(self.table, user_column=self.user_column):
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        for statement in disable_sql(self.table, user_column=self.user_column):
            schema_editor.execute(statement)

    def describe(self) -> str:
        return f"Row-level security on {self.table}"

    @property
    def migration_name_fragment(self) -> str:
        return f"rls_{self.table}"
