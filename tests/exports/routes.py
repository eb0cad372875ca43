"""The downloads for the access tests (see tests/routes.py).

Their URLs name no object (filters travel in the query string), so the 404
checks for another business's customer are in tests/exports/test_exports.py.
"""

from ..routes_base import Route

ROUTES: list[Route] = [
    Route("export_customers"),
    Route("export_invoices"),
    Route("export_payments"),
    Route("export_interactions"),
    Route("export_cost_entries", owner_only=True),
    Route("export_business", owner_only=True),
]
