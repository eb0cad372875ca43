"""Same-business composite foreign keys and row-level security for the digest's tables.

A week's verdict belongs to a customer of the same business; a delivery goes
to a member of the same business (its membership, by business and user:
removing the member removes their deliveries).
"""

from django.db import migrations

from accounts.rls import EnableRowLevelSecurity

FOREIGN_KEYS = [
    # (table, name, columns, parent table, parent columns, extra)
    ("insights_weeklyverdict", "weeklyverdict_same_business_as_customer", "business_id, customer_id", "customers_customer", "business_id, id", "ON DELETE CASCADE"),
    ("insights_digestdelivery", "digestdelivery_to_a_member", "business_id, user_id", "accounts_membership", "business_id, user_id", "ON DELETE CASCADE"),
]


def forwards_sql():
    return [
        f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({columns}) "
        f"REFERENCES {parent} ({parent_columns}) {extra} DEFERRABLE INITIALLY DEFERRED"
        for table, name, columns, parent, parent_columns, extra in FOREIGN_KEYS
    ]


def backwards_sql():
    return [f"ALTER TABLE {table} DROP CONSTRAINT {name}" for table, name, *_ in FOREIGN_KEYS]


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_initial"),
        ("customers", "0002_same_business_as_parent"),
        ("accounts", "0011_membership_weekly_digest"),
    ]

    operations = [
        migrations.RunSQL(forwards_sql(), backwards_sql()),
        EnableRowLevelSecurity("insights_weeklyverdict"),
        EnableRowLevelSecurity("insights_digestdelivery"),
    ]
