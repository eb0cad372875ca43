"""Standings: same-business keys, and the triggers that queue a customer whenever its records change.

Every insert, update or delete of a customer's records (the customer,
contracts, addenda, invoices, payments, interactions, cost entries) puts the
customer in ``evaluations_standingqueue`` in the same transaction, whoever
writes: the services, the admin, a bulk import or plain SQL. Saving a
business's thresholds queues all its customers. ``evaluations.standings``
empties the queue (services refresh at once; pages refresh what is left
before reading). Statement-level triggers with transition tables: a bulk
insert of a million interactions queues each customer once, in one statement.
"""

from django.db import migrations

QUEUE = "evaluations_standingqueue"

# (table, the SELECT of (business_id, customer_id) from the transition table "rows")
SOURCES = [
    ("customers_customer", "SELECT business_id, id FROM rows"),
    ("customers_contract", "SELECT business_id, customer_id FROM rows"),
    (
        "customers_addendum",
        "SELECT r.business_id, c.customer_id FROM rows r JOIN customers_contract c ON c.id = r.contract_id",
    ),
    ("customers_invoice", "SELECT business_id, customer_id FROM rows"),
    (
        "customers_payment",
        "SELECT r.business_id, i.customer_id FROM rows r JOIN customers_invoice i ON i.id = r.invoice_id",
    ),
    ("customers_interaction", "SELECT business_id, customer_id FROM rows"),
    ("customers_costentry", "SELECT business_id, customer_id FROM rows"),
    (
        "evaluations_evaluationsettings",
        "SELECT c.business_id, c.id FROM rows r JOIN customers_customer c ON c.business_id = r.business_id",
    ),
]


def _queue_from(select: str, transition: str) -> str:
    return (
        f"INSERT INTO {QUEUE} (business_id, customer_id) "
        f"SELECT DISTINCT * FROM ({select.replace('FROM rows', f'FROM {transition}')}) AS changed "
        "ON CONFLICT (customer_id) DO NOTHING;"
    )


def forwards_sql() -> list[str]:
    statements = []
    for table, select in SOURCES:
        function = f"standing_queue_{table}"
        statements.append(
            f"""
            CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    {_queue_from(select, "new_rows")}
                END IF;
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    {_queue_from(select, "old_rows")}
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER standing_queue_insert AFTER INSERT ON {table}
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
            CREATE TRIGGER standing_queue_update AFTER UPDATE ON {table}
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
            CREATE TRIGGER standing_queue_delete AFTER DELETE ON {table}
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
            """
        )
    for table, name in [
        ("evaluations_standing", "standing_same_business_as_customer"),
        ("evaluations_standingperiod", "standingperiod_same_business_as_customer"),
    ]:
        statements.append(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY (business_id, customer_id) "
            "REFERENCES customers_customer (business_id, id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"
        )
    # Customers that exist already get their first standing on the next refresh.
    statements.append(
        f"INSERT INTO {QUEUE} (business_id, customer_id) SELECT business_id, id FROM customers_customer "
        "ON CONFLICT (customer_id) DO NOTHING"
    )
    return statements


def backwards_sql() -> list[str]:
    statements = [
        "ALTER TABLE evaluations_standing DROP CONSTRAINT standing_same_business_as_customer",
        "ALTER TABLE evaluations_standingperiod DROP CONSTRAINT standingperiod_same_business_as_customer",
    ]
    for table, _ in SOURCES:
        statements += [
            f"DROP TRIGGER standing_queue_{op} ON {table}" for op in ("insert", "update", "delete")
        ] + [f"DROP FUNCTION standing_queue_{table}()"]
    return statements


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_standings"), ("customers", "0003_invoice_revenue_covering_index")]

    operations = [migrations.RunSQL(forwards_sql(), backwards_sql())]
