"""Which business the database work of this moment belongs to.

PostgreSQL row-level security (``accounts.rls``) shows each tenant table's rows
only for the business named in the connection's ``app.business_id`` setting,
plus, on memberships, the rows of the user in ``app.user_id``; the named
bypass ``app.rls_bypass = 'on'`` shows everything. This module is the only
code that changes those settings:

- requests: ``TenancyMiddleware`` (``accounts.middleware``) sets the signed-in
  user and turns any bypass off; the access gate (``accounts.access``) sets the
  business for the view. Each restores what was there before, and the settings
  are reset when a request starts and finishes, so a persistent connection
  never carries one request's business into the next;
- work outside a request (management commands, background tasks, the demo
  generator) says which business it acts for with ``acting_for``, or that it
  acts for all of them with ``all_businesses``: a named bypass, logged.

With no business set and no bypass, tenant tables look empty.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from psycopg.pq import TransactionStatus

from .rls import BUSINESS_SETTING, BYPASS_SETTING, USER_SETTING

log = logging.getLogger(__name__)

T = TypeVar("T")
Values = tuple[str, str, str]  # business id, user id, bypass: as PostgreSQL stores them
NOBODY: Values = ("", "", "off")

# One round trip: read the current values, then set the new ones (the
# materialised CTE is evaluated before the outer select's set_config calls).
_SWAP = (
    "WITH previous AS MATERIALIZED (SELECT current_setting(%s, true) AS business, "
    "current_setting(%s, true) AS person, current_setting(%s, true) AS bypass) "
    "SELECT business, person, bypass, set_config(%s, %s, false), set_config(%s, %s, false), "
    "set_config(%s, %s, false) FROM previous"
)
_RESET = f"RESET {BUSINESS_SETTING}; RESET {USER_SETTING}; RESET {BYPASS_SETTING}"


def _swap(values: Values, using: str) -> Values:
    """Set the three settings on the connection and return what they were."""
    business, user, bypass = values
    params = [BUSINESS_SETTING, USER_SETTING, BYPASS_SETTING]
    params += [BUSINESS_SETTING, business, USER_SETTING, user, BYPASS_SETTING, bypass]
    with connections[using].cursor() as cursor:
        cursor.execute(_SWAP, params)
        business, user, bypass = cursor.fetchone()[:3]
    return (business or "", user or "", bypass or "")


def _restore(values: Values, using: str) -> None:
    """Put the previous values back, unless the connection is gone or its transaction failed.

    A failed transaction refuses every statement; its rollback (which comes
    next) undoes our change by itself, as the transaction or savepoint being
    rolled back began before we changed anything.
    """
    raw = connections[using].connection
    if raw is None or raw.closed or raw.info.transaction_status == TransactionStatus.INERROR:
        return
    _swap(values, using)


@contextmanager
def scope(
    *, business_id: int | None = None, user_id: int | None = None, bypass: bool = False, using: str = DEFAULT_DB_ALIAS
) -> Iterator[None]:
    """Run the block with exactly these settings, then restore the previous ones.

    The building block of the helpers below; ``scope()`` alone means "no
    business, no bypass" (tenant tables look empty).
    """
    values = (
        "" if business_id is None else str(int(business_id)),
        "" if user_id is None else str(int(user_id)),
        "on" if bypass else "off",
    )
    previous = _swap(values, using)
    try:
        yield
    finally:
        _restore(previous, using)


@contextmanager
def acting_for(business_id: int, *, user_id: int | None = None, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the block's queries as one business (commands, background tasks, the access gate)."""
    if business_id is None:
        raise ValueError("Say which business the block acts for.")
    with scope(business_id=business_id, user_id=user_id, using=using):
        yield


@contextmanager
def all_businesses(reason: str, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the block's queries across every business: a named, audited bypass.

    ``reason`` says why (for example "nightly standings refresh"); it is
    logged. Keep such blocks short and rare.
    """
    if not reason.strip():
        raise ValueError("Say why the block needs every business.")
    log.info("Row-level security bypassed: %s", reason)
    with scope(bypass=True, using=using):
        yield


def confine_request(user_id: int | None, using: str = DEFAULT_DB_ALIAS) -> None:
    """At the start of a request: no business, no bypass, and the signed-in user (for their own memberships).

    Not restored: ``reset_at_request_end`` puts the connection back to its defaults.
    """
    _swap(("", "" if user_id is None else str(int(user_id)), "off"), using)


def reset_at_request_start(**kwargs) -> None:
    """``request_started``: a connection kept from an earlier request starts with nothing set.

    A connection opened later starts from the server's defaults, which set nothing.
    This runs before any middleware, so it must not raise: a connection that is
    closed is skipped, and one that cannot be reset (the server went away) is
    closed, so no earlier setting can reach this request; the request's first
    query then opens a new connection or ends in the 503 page.
    """
    for connection in connections.all(initialized_only=True):
        raw = connection.connection
        if raw is None or raw.closed:
            continue
        try:
            _swap(NOBODY, connection.alias)
        except DatabaseError:
            log.warning("could not reset a kept connection at request start; closing it", exc_info=True)
            connection.close()


def reset_at_request_end(**kwargs) -> None:
    """``request_finished``: back to the connection's defaults (what it was opened with)."""
    for connection in connections.all(initialized_only=True):
        raw = connection.connection
        if raw is not None and not raw.closed and raw.info.transaction_status != TransactionStatus.INERROR:
            with connection.cursor() as cursor:
                cursor.execute(_RESET)


def bypass_for_migrations(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """``pre_migrate``: migrations act across every business, a named bypass for the rest of the command.

    Data migrations (history snapshots of existing rows, queueing every
    customer's standing) read and write all businesses' rows; without this they
    would silently see empty tables once their tables are behind the wall.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:  # sent once per app: say it once
        cursor.execute("SELECT current_setting(%s, true)", [BYPASS_SETTING])
        if cursor.fetchone()[0] == "on":
            return
    log.info("Row-level security bypassed: running migrations")
    _swap(("", "", "on"), using)


def _current(using: str) -> Values:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT current_setting(%s, true), current_setting(%s, true), current_setting(%s, true)",
            [BUSINESS_SETTING, USER_SETTING, BYPASS_SETTING],
        )
        business, user, bypass = cursor.fetchone()
        return (business or "", user or "", bypass or "")


def keep_scope(items: Iterable[T], *, using: str = DEFAULT_DB_ALIAS) -> Iterator[T]:
    """Iterate ``items`` later with the settings in force now: for streamed responses.

    A streamed download's queries run while the server sends the body, after the
    view (and the access gate around it) has returned and restored the settings;
    without this they would see no business's rows.
    """
    values = _current(using)

    def stream() -> Iterator[T]:
        previous = _swap(values, using)
        try:
            yield from items
        finally:
            _restore(previous, using)

    return stream()
