"""Writes planned customers to PostgreSQL with COPY, a chunk of customers at a time.

COPY (psycopg 3's ``cursor.copy`` and ``write_row``) is the fastest way to load
rows; it skips the ORM, so this writer takes care of what the ORM would do:
ids of parent rows are taken from their sequences up front so children can
point at them, and every column gets the plan's value or the field's default.
PostgreSQL refuses COPY into a table behind row-level security, so each chunk
is copied into a temporary table and moved across with one INSERT, which the
policies check like any other (run it inside ``accounts.tenancy.acting_for``).
The database still checks every constraint, composite foreign keys included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db import connection, models

from customers.models import Addendum, Contract, CostEntry, Customer, FollowUp, Interaction, Invoice, Payment

from .setting import CustomerPlan


@dataclass
class Totals:
    """How many rows of each kind were written."""

    customers: int = 0
    contracts: int = 0
    addenda: int = 0
    invoices: int = 0
    payments: int = 0
    follow_ups: int = 0
    interactions: int = 0
    cost_entries: int = 0

    def __iadd__(self, other: Totals) -> Totals:
        for name in self.names():
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


class _Table:
    """One model's COPY statement, with the columns in order and their defaults."""

    def __init__(self, model: type[models.Model], *, with_id: bool) -> None:
        columns = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.model = model
        self.attnames = [f.attname for f in columns]
        self.defaults = [None if f.primary_key else f.get_default() for f in columns]
        names = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in columns)
        table = connection.ops.quote_name(model._meta.db_table)
        staging = connection.ops.quote_name(f"load_{model._meta.db_table}")
        self.create_staging = f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608
        self.sql = f"COPY {staging} ({names}) FROM STDIN"
        self.move = f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging}"  # noqa: S608
        self.drop_staging = f"DROP TABLE {staging}"

    def copy(self, cursor, rows: Iterable[dict]) -> int:
        count, attnames, defaults = 0, self.attnames, self.defaults
        cursor.execute(self.create_staging)
        with cursor.copy(self.sql) as copy:
            for row in rows:
                copy.write_row(tuple(map(row.get, attnames, defaults)))
                count += 1
        cursor.execute(self.move)
        cursor.execute(self.drop_staging)
        return count


_TABLES: dict[str, _Table] = {}


def _table(name: str) -> _Table:
    if not _TABLES:
        _TABLES.update(
            customers=_Table(Customer, with_id=True),
            contracts=_Table(Contract, with_id=True),
            addenda=_Table(Addendum, with_id=False),
            invoices=_Table(Invoice, with_id=True),
            payments=_Table(Payment, with_id=False),
            follow_ups=_Table(FollowUp, with_id=False),
            interactions=_Table(Interaction, with_id=False),
            cost_entries=_Table(CostEntry, with_id=False),
        )
    return _TABLES[name]


def _next_ids(cursor, model: type[models.Model], count: int) -> list[int]:
    """Take ``count`` ids from the table's sequence (safe alongside other writers)."""
    if count == 0:
        return []
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [model._meta.db_table, count],
    )
    return [row[0] for row in cursor.fetchall()]


def plans_write(plans: list[CustomerPlan], *, business_id: int) -> Totals:
    """Write the plans' rows, parents first; returns the row counts."""
    with connection.cursor() as cursor:
        customer_ids = iter(_next_ids(cursor, Customer, len(plans)))
        contract_ids = iter(_next_ids(cursor, Contract, sum(len(p.contracts) for p in plans)))
        invoice_ids = iter(_next_ids(cursor, Invoice, sum(len(p.invoices) for p in plans)))
        rows: dict[str, list[dict]] = {name: [] for name in Totals.names()}
        for plan in plans:
            customer_id = next(customer_ids)
            plan.customer.update(id=customer_id, business_id=business_id)
            rows["customers"].append(plan.customer)
            contracts = [next(contract_ids) for _ in plan.contracts]
            invoices = [next(invoice_ids) for _ in plan.invoices]
            for row, row_id in zip(plan.contracts, contracts, strict=True):
                row.update(id=row_id, customer_id=customer_id, business_id=business_id)
            for row, row_id in zip(plan.invoices, invoices, strict=True):
                index = row["contract_index"]
                row.update(
                    id=row_id,
                    customer_id=customer_id,
                    business_id=business_id,
                    contract_id=None if index is None else contracts[index],
                )
            for row in plan.addenda:
                row.update(contract_id=contracts[row["contract_index"]], business_id=business_id)
            for name in ("payments", "follow_ups"):
                for row in getattr(plan, name):
                    row.update(invoice_id=invoices[row["invoice_index"]], business_id=business_id)
            for row in plan.interactions + plan.cost_entries:
                row.update(customer_id=customer_id, business_id=business_id)
            for name in ("contracts", "addenda", "invoices", "payments", "follow_ups", "interactions", "cost_entries"):
                rows[name].extend(getattr(plan, name))
        totals = Totals()
        for name in Totals.names():
            setattr(totals, name, _table(name).copy(cursor, rows[name]))
    return totals


def tables_analyze() -> None:
    """Refresh the planner's statistics after a large load."""
    with connection.cursor() as cursor:
        for name in Totals.names():
            cursor.execute(f"ANALYZE {connection.ops.quote_name(_table(name).model._meta.db_table)}")
