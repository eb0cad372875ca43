"""Which business the database work of this moment belongs to.

Requests get their business from ``accounts.access.business_view``. Work that
runs outside a request (management commands, background tasks, the demo
generator) says explicitly which business it acts for, or that it acts for all
of them, through the two context managers below. Issue 8 backs them with
PostgreSQL row-level security (a per-connection setting the policies read);
until then they only document intent, and every query still filters by
business itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def acting_for(business_id: int) -> Iterator[None]:
    """Run the block's queries as one business (commands, background tasks)."""
    yield


@contextmanager
def all_businesses(reason: str) -> Iterator[None]:
    """Run the block's queries across every business: a named, audited bypass.

    ``reason`` says why (for example "nightly standings refresh"); keep such
    blocks short and rare.
    """
    if not reason.strip():
        raise ValueError("Say why the block needs every business.")
    yield
