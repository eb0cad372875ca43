"""The audit pages for the access tests (see tests/routes.py)."""

from ..routes_base import Route

ROUTES: list[Route] = [
    Route("recent_changes", owner_only=True),
]
