"""The customers pages for the access tests (see tests/routes.py)."""

from ..routes_base import Route  # noqa: F401

ROUTES: list[Route] = []
