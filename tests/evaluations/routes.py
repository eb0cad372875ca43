"""The evaluations pages for the access tests (see tests/routes.py).

The verdicts are shown on the reports app's dashboard and customer report (tests/reports/routes.py).
"""

from ..routes_base import Route

ROUTES: list[Route] = [
    Route("evaluation_settings", owner_only=True),
]
