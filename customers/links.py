"""Where to send someone who has no records of a kind yet: the import page when the app has one.

The import pages live in another part of the app (URL name ``import_start``);
until they are there, the pages to add records by hand stand in.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def import_url(kind: str) -> str | None:
    """The import page for ``kind`` (customers, invoices, payments, calls or time), or None without one."""
    try:
        return f"{reverse('import_start')}?kind={kind}"
    except NoReverseMatch:
        return None
