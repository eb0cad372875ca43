"""The insights pages for the access tests (see tests/routes.py)."""

from ..routes_base import Route

ROUTES: list[Route] = [
    Route("digest_subscription", owner_only=True, method="post", data=lambda o: {"weekly_digest": "off"}),
]
