"""The reports pages for the access tests (see tests/routes.py).

The home page (accounts' ``home``) is listed with the account routes; the
owner dashboard and customer reports will be listed here.
"""

from ..routes_base import Route  # noqa: F401

ROUTES: list[Route] = []
