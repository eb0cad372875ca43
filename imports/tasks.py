"""Background tasks of imports (run by the procrastinate worker: `manage.py procrastinate worker`)."""

from __future__ import annotations

from procrastinate.contrib.django import app

from . import services


@app.task(queue="imports", name="imports.run_import")
def run_import(import_id: int, business_id: int) -> None:
    """Run a queued import; ``import_execute`` acts for the one business it belongs to."""
    services.import_execute(import_id=import_id, business_id=business_id)
