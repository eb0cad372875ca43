"""Announce that customers' records changed, to whatever keeps figures derived from them.

``customers`` sits below ``evaluations`` and never imports it; evaluations
subscribes at start-up (``EvaluationsConfig.ready``) and refreshes the stored
standings. Write services call ``records_changed`` inside their transaction,
so the refresh commits or rolls back with the write.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from accounts.models import Business


class Handler(Protocol):
    def __call__(self, *, business: Business, customer_ids: Iterable[int]) -> None: ...


_handlers: list[Handler] = []


def subscribe(handler: Handler) -> None:
    """Call ``handler(business=..., customer_ids=...)`` after every change (once, however often subscribed)."""
    if handler not in _handlers:
        _handlers.append(handler)


def records_changed(*, business: Business, customer_ids: Iterable[int]) -> None:
    """Tell every subscriber these customers' records changed (call inside the write's transaction)."""
    ids = sorted({pk for pk in customer_ids if pk is not None})
    if not ids:
        return
    for handler in _handlers:
        handler(business=business, customer_ids=ids)


__all__ = ["Handler", "records_changed", "subscribe"]
