"""Every page of the app, with who may open it and the objects its URL names.

The access tests run over this list: anonymous users are sent to sign-in,
another business's ids give 404, staff get 403 on owner pages, and the roles
allowed get a working page. ``test_every_url_is_listed`` fails when a URL is
added without an entry here, so no page escapes these checks. Each app lists
its own pages in tests/<app>/routes.py.
"""

from .audit.routes import ROUTES as AUDIT_ROUTES
from .customers.routes import ROUTES as CUSTOMER_ROUTES
from .evaluations.routes import ROUTES as EVALUATION_ROUTES
from .exports.routes import ROUTES as EXPORT_ROUTES
from .imports.routes import ROUTES as IMPORT_ROUTES
from .insights.routes import ROUTES as INSIGHT_ROUTES
from .reminders.routes import ROUTES as REMINDER_ROUTES
from .reports.routes import ROUTES as REPORT_ROUTES
from .routes_base import Route

ACCOUNT_ROUTES: list[Route] = [
    Route("home"),
    Route("switch_business", method="post"),
    Route("business_settings", owner_only=True),
    Route("team", owner_only=True),
    Route("member_edit", owner_only=True, kwargs=lambda o: {"pk": o["membership"].pk}),
    Route("member_remove", owner_only=True, kwargs=lambda o: {"pk": o["membership"].pk}, method="post"),
    Route("signup_confirmation_resend", method="post"),
    Route("invitation_resend", owner_only=True, kwargs=lambda o: {"pk": o["invitation"].pk}, method="post"),
    Route("invitation_revoke", owner_only=True, kwargs=lambda o: {"pk": o["invitation"].pk}, method="post"),
]

ROUTES: list[Route] = (
    ACCOUNT_ROUTES
    + CUSTOMER_ROUTES
    + EVALUATION_ROUTES
    + REPORT_ROUTES
    + EXPORT_ROUTES
    + AUDIT_ROUTES
    + IMPORT_ROUTES
    + INSIGHT_ROUTES
    + REMINDER_ROUTES
)

# URLs that are not the app's own pages: sign-in flow and the platform admin.
# The invitee's pages come before they belong to the business: they are found by
# the link's token or the person's own e-mail (tests/accounts/test_invitations.py).
# The sign-in code and a person's own security page belong to the person, not to
# a business (tests/accounts/test_two_factor.py).
NOT_APP_ROUTES = {
    "login",
    "login_code",
    "security",
    "security_qr",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "invitations",
    "invitation_open",
    "invitation_accept",
    "invitation_decline",
}
# Public sign-up pages, tested directly in tests/accounts/test_signup.py.
NOT_APP_ROUTES |= {"signup", "signup_confirm"}
# The load balancer's health check (tests/robustness).
NOT_APP_ROUTES |= {"health"}
NOT_APP_PREFIXES = ("admin:", "password_reset_")
