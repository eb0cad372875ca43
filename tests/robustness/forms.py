"""Helpers that enumerate the app's forms from the route table, for the robustness tests.

A form page is any GET route whose page puts a ``form`` in its context; new
pages are picked up without listing them again.
"""

from __future__ import annotations

import datetime

from django.forms import BaseForm
from django.test import Client
from django.urls import reverse

from ..routes import ROUTES
from ..routes_base import Route


def url_of(route: Route, objects: dict) -> str:
    return reverse(route.url_name, kwargs=route.url_kwargs(objects))


def form_routes() -> list[Route]:
    """Every GET route: those that show a form are found when the page is opened."""
    return [route for route in ROUTES if route.method == "get"]


def post_only_routes() -> list[Route]:
    return [route for route in ROUTES if route.method == "post"]


def form_on(client: Client, route: Route, objects: dict) -> BaseForm | None:
    """The form a page shows (None for pages without one).

    A page that needs query parameters (its route's ``data``, as in the access
    tests) is opened with them: without them it is a 404 by design.
    """
    response = client.get(url_of(route, objects), route.post_data(objects))
    assert response.status_code == 200, (route, response.status_code)
    context = response.context
    return context.get("form") if context is not None else None


def as_post_value(value) -> str | list[str] | None:
    """What a browser would send for a field's initial value."""
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if callable(value):
        return str(value())
    return str(value)


def initial_data(form: BaseForm) -> dict:
    """The data the unchanged form would post: its initial values."""
    data = {}
    for name in form.fields:
        value = as_post_value(form[name].value())
        if value is not None:
            data[name] = value
    return data
