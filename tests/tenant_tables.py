"""The tenant tables as the database knows them, a row in each, and a checksum of one business's rows.

The tables are read from PostgreSQL's catalog (every table with a
``business_id`` column), so a table added later is covered without a change
here. Reading every business's rows uses the named bypass.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import connection

from accounts.models import SubmissionKey
from accounts.tenancy import all_businesses
from customers import services as customer_services
from imports.models import ColumnMapping, RememberedMatch
from insights.models import DigestDelivery, WeeklyVerdict
from reminders.sending import reminders_send
from reports.onboarding import onboarding_step_skip

from .evaluations.factories import DecisionFactory, EvaluationSettingsFactory, MonthlySnapshotFactory

TENANT_TABLES_SQL = """
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'business_id' AND NOT a.attisdropped
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
    ORDER BY c.relname
"""


def tenant_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(TENANT_TABLES_SQL)
        return [row[0] for row in cursor.fetchall()]


def primary_key(table: str) -> str:
    """The table's (single-column) primary key, from the catalog."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary",
            [table],
        )
        return cursor.fetchone()[0]


def fill_every_table(tenant) -> None:
    """Rows in the tables ``make_objects`` leaves empty: follow-ups, settings, decisions, snapshots, first steps."""
    objects = tenant.objects
    onboarding_step_skip(business=tenant.business, step="thresholds")
    ColumnMapping.objects.create(business=tenant.business, kind="customers", source_key="name|email", mapping={})
    SubmissionKey.objects.create(business=tenant.business, key=uuid.uuid4(), result_url="/customers/")
    invoice = objects["invoice"]
    customer_services.followup_record(invoice=invoice, date=invoice.due_date, note="Chased by phone")
    EvaluationSettingsFactory(business=tenant.business)
    DecisionFactory(customer=objects["customer"], business=tenant.business, note="Decided at renewal")
    MonthlySnapshotFactory(customer=objects["customer"], business=tenant.business, month=datetime.date(2025, 1, 1))
    RememberedMatch.objects.create(
        business=tenant.business, kind="time", key="acme support", label="ACME (support)", customer=objects["customer"]
    )
    monday = datetime.date(2025, 1, 6)
    WeeklyVerdict.objects.create(business=tenant.business, customer=objects["customer"], week=monday, verdict="keep")
    DigestDelivery.objects.create(business=tenant.business, user=tenant.owner.user, week=monday, email="o@example.com")
    _claim_a_payment_reminder(tenant)


def _claim_a_payment_reminder(tenant) -> None:
    """A claimed payment reminder (reminders_reminder): the invoice's 7-days-late step, on its day."""
    invoice = tenant.objects["invoice"]
    reminders_send(
        business=tenant.business,
        now=datetime.datetime.combine(invoice.due_date + datetime.timedelta(days=7), datetime.time(15), datetime.UTC),
    )


def rows_per_business(table: str) -> dict[int, int]:
    """How many rows of ``table`` each business has, as the connection's current settings allow."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT business_id, count(*) FROM {table} GROUP BY business_id")  # noqa: S608 (catalog name)
        return dict(cursor.fetchall())


def checksum(business_id: int) -> dict[str, str]:
    """An md5 of the business's rows in every tenant table, its business row and its people's user rows."""
    parts = [
        f"SELECT '{table}', count(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
        f"FROM {table} t WHERE business_id = %(business)s"
        for table in tenant_tables()
    ]
    parts.append(
        "SELECT 'accounts_business', count(*), md5(string_agg(b::text, '|')) "
        "FROM accounts_business b WHERE id = %(business)s"
    )
    parts.append(
        "SELECT 'auth_user', count(*), md5(string_agg(u::text, '|' ORDER BY u.id)) FROM auth_user u "
        "WHERE id IN (SELECT user_id FROM accounts_membership WHERE business_id = %(business)s)"
    )
    with all_businesses("tenancy test: checksum of one business's rows"), connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), {"business": business_id})
        return {table: f"{count} rows, {digest}" for table, count, digest in cursor.fetchall()}
