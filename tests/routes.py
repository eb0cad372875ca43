"""Every page of the app, with who may open it and the objects its URL names.

The access tests run over this list: anonymous users are sent to sign-in,
another business's ids give 404, staff get 403 on owner pages, and the roles
allowed get a working page. ``test_every_url_is_listed`` fails when a URL is
added without an entry here, so no page escapes these checks. Each app lists
its own pages in tests/<app>/routes.py.
"""

from .customers.routes import ROUTES as CUSTOMER_ROUTES
from .evaluations.routes import ROUTES as EVALUATION_ROUTES
from .reports.routes import ROUTES as REPORT_ROUTES
from .routes_base import Route

ACCOUNT_ROUTES: list[Route] = [
    Route("home"),
    Route("switch_business", method="post"),
    Route("business_settings", owner_only=True),
    Route("team", owner_only=True),
    Route("member_edit", owner_only=True, kwargs=lambda o: {"pk": o["membership"].pk}),
    Route("member_remove", owner_only=True, kwargs=lambda o: {"pk": o["membership"].pk}, method="post"),
]

ROUTES: list[Route] = ACCOUNT_ROUTES + CUSTOMER_ROUTES + EVALUATION_ROUTES + REPORT_ROUTES

# URLs that are not the app's own pages: sign-in flow and the platform admin.
NOT_APP_ROUTES = {"login", "logout", "password_change", "password_change_done", "password_reset", "health"}
NOT_APP_PREFIXES = ("admin:", "password_reset_")
