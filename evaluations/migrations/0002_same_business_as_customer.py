"""Composite foreign keys: a decision or snapshot belongs to the same business as its customer.

Django cannot declare these, so they are plain SQL resting on the customers'
unique (business_id, id) constraint (see customers/migrations/0002).
"""

from django.db import migrations

FOREIGN_KEYS = [
    ("evaluations_decision", "decision_same_business_as_customer"),
    ("evaluations_monthlysnapshot", "snapshot_same_business_as_customer"),
]


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial"), ("customers", "0002_same_business_as_parent")]

    operations = [
        migrations.RunSQL(
            [
                f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY (business_id, customer_id) "
                "REFERENCES customers_customer (business_id, id) DEFERRABLE INITIALLY DEFERRED"
                for table, name in FOREIGN_KEYS
            ],
            [f"ALTER TABLE {table} DROP CONSTRAINT {name}" for table, name in FOREIGN_KEYS],
        )
    ]
