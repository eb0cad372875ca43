"""Every page of the app, with who may open it and the objects its URL names.

The access tests run over this list: anonymous users are sent to sign-in,
another business's ids give 404, staff get 403 on owner pages, and the roles
allowed get a working page. ``test_every_url_is_listed`` fails when a URL is
added without an entry here, so no page escapes these checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    url_name: str
    owner_only: bool = False
    # Builds the URL kwargs from one business's objects (see conftest.make_objects).
    kwargs: Callable[[dict], dict] | None = None
    method: str = "get"
    data: Callable[[dict], dict] | None = None

    def url_kwargs(self, objects: dict) -> dict:
        return self.kwargs(objects) if self.kwargs else {}

    def post_data(self, objects: dict) -> dict:
        return self.data(objects) if self.data else {}

    def __str__(self) -> str:
        return self.url_name


ROUTES: list[Route] = [
    Route("home"),
    Route("switch_business", method="post"),
    Route("business_settings", owner_only=True),
    Route("team", owner_only=True),
    Route("member_edit", owner_only=True, kwargs=lambda o: {"pk": o["membership"].pk}),
    Route("member_remove", owner_only=True, kwargs=lambda o: {"pk": o["membership"].pk}, method="post"),
]

# URLs that are not the app's own pages: sign-in flow and the platform admin.
NOT_APP_ROUTES = {"login", "logout", "password_change", "password_change_done", "password_reset"}
NOT_APP_PREFIXES = ("admin:", "password_reset_")
