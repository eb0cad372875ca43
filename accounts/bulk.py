"""Bulk writes: inserts with COPY into tables behind row-level security, and writes run while Python works.

COPY is the fastest way to load many rows, but PostgreSQL refuses ``COPY FROM``
into a table with row-level security. The rows are copied into a temporary
table shaped like the target, then moved across with one ``INSERT ... SELECT``,
which the policies, constraints and triggers check like any insert.

``written_meanwhile`` sends writes whose result nothing waits for, and lets the
server run them while the caller computes (psycopg's pipeline mode).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (values in ``columns`` order) into ``table``; returns how many."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with staged_rows(table, columns, rows) as (staging, count), connection.cursor() as cursor:
        if count:
            cursor.execute(f"INSERT INTO {connection.ops.quote_name(table)} ({names}) SELECT {names} FROM {staging}")  # noqa: S608
    return count


@contextmanager
def staged_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> Iterator[tuple[str, int]]:
    """COPY ``rows`` into a temporary table shaped like ``table``'s ``columns``; yields its name and how many rows.

    The caller moves them across (an insert, an update from it...); the table is dropped afterwards.
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    target, staging = quote(table), quote(f"copy_{table}")
    count = 0
    # One transaction (or part of the caller's): when the insert fails, the rollback takes the
    # staging table with it. A DROP in a ``finally`` would run in the aborted transaction and
    # hide the real error (say a NOT NULL violation) behind "current transaction is aborted".
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {target} WITH NO DATA")  # noqa: S608
            with cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        yield staging, count
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {staging}")


def allow_long_statements() -> None:
    """For the rest of the current transaction, statements may run up to ``KOB_TASK_STATEMENT_TIMEOUT_MS``.

    The connection's statement timeout (``KOB_DB_STATEMENT_TIMEOUT_MS``, 20 s) keeps
    a web request below gunicorn's worker timeout. Background work (a 100,000-row
    import, refreshing every standing of a large business) writes in statements
    that legitimately take longer; it runs in the worker or a command, not in a
    gunicorn worker. ``SET LOCAL``: the next transaction has the short limit again.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("allow_long_statements() needs a transaction: it only lasts until its end.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, true)", [str(settings.KOB_TASK_STATEMENT_TIMEOUT_MS)]
        )


@contextmanager
def written_meanwhile(statements: Sequence[tuple[str, Any]]) -> Iterator[None]:
    """Send ``statements`` (SQL and parameters, in order) and run the block while the server runs them.

    Leaving the block waits for them, and raises their error if one failed (the
    transaction is then aborted, as after any failed statement). The block should
    not query: its query would wait behind them, which is correct but overlaps nothing.
    Same connection, so the same transaction: nothing else sees the writes before it commits.
    They go through the driver's own cursor: Django's execute wrappers (pghistory's
    context prefixes a second command) cannot run in pipeline mode. Not for tables
    whose history is kept, which need that context.
    """
    if not statements:
        yield
        return
    connection.ensure_connection()
    driver = connection.connection
    # Driver errors become Django's (IntegrityError...), as from any Django cursor. The pipeline's results are
    # read when it ends, before the cursor closes.
    with connection.wrap_database_errors, driver.cursor() as cursor, driver.pipeline():
        for sql, params in statements:
            cursor.execute(sql, params)  # sent, not waited for
        yield
