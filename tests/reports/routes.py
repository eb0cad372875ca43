"""The reports pages for the access tests (see tests/routes.py).

The home page (accounts' ``home``) is listed with the account routes.
"""

from ..routes_base import Route


def _report_of(objects: dict) -> dict:
    return {"pk": objects["evaluated_customer"].pk}


ROUTES: list[Route] = [
    Route("dashboard", owner_only=True),
    Route("export_ranked", owner_only=True),
    Route("onboarding_skip", owner_only=True, method="post", data=lambda o: {"step": "thresholds"}),
    Route("onboarding_dismiss", owner_only=True, method="post"),
    Route("customer_report", owner_only=True, kwargs=_report_of),
    Route(
        "decision_create",
        owner_only=True,
        kwargs=_report_of,
        method="post",
        data=lambda o: {"decision": "watch", "note": "Access test"},
    ),
    Route("letter_print", owner_only=True, kwargs=_report_of, method="post", data=lambda o: {"letter": "Dear Al,"}),
    Route("proposal_create", owner_only=True, kwargs=_report_of, method="post", data=lambda o: {"option": "fee"}),
]
