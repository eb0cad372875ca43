"""Create forms carry a one-time submission key (accounts.submissions); tests that post them add one."""

from __future__ import annotations

import uuid


def keyed(data: dict) -> dict:
    """The posted data of a create form with a fresh one-time key, as a newly opened page would send."""
    return {**data, "submission_key": str(uuid.uuid4())}
