"""Reminders point only at their own business's invoice and follow-up; row-level security on every table."""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity

FOREIGN_KEYS = [
    # (table, name, columns, parent table, parent columns)
    ("reminders_reminder", "reminder_same_business_as_invoice", "business_id, invoice_id", "customers_invoice", "business_id, id"),
    ("reminders_reminder", "reminder_same_business_as_followup", "business_id, follow_up_id", "customers_followup", "business_id, id"),
]


def forwards_sql():
    return [
        f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({columns}) "
        f"REFERENCES {parent} ({parent_columns}) DEFERRABLE INITIALLY DEFERRED"
        for table, name, columns, parent, parent_columns in FOREIGN_KEYS
    ]


def backwards_sql():
    return [f"ALTER TABLE {table} DROP CONSTRAINT {name}" for table, name, *_ in FOREIGN_KEYS]


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("customers", "0011_reminder_switch_and_invoice_hold"),
        ("accounts", "0002_row_level_security"),
    ]

    operations = [
        migrations.RunSQL(forwards_sql(), backwards_sql()),
        EnableRowLevelSecurity("reminders_remindersettings"),
        EnableRowLevelSecurity("reminders_reminderstep"),
        EnableRowLevelSecurity("reminders_reminder"),
    ]
