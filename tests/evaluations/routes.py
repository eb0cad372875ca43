"""The evaluations pages for the access tests (see tests/routes.py)."""

from ..routes_base import Route

ROUTES: list[Route] = [
    Route("evaluation_list", owner_only=True),
    Route("evaluation_settings", owner_only=True),
    Route("customer_evaluation", owner_only=True, kwargs=lambda o: {"pk": o["evaluated_customer"].pk}),
    Route(
        "decision_create",
        owner_only=True,
        kwargs=lambda o: {"pk": o["evaluated_customer"].pk},
        method="post",
        data=lambda o: {"decision": "watch", "note": "Access test"},
    ),
]
