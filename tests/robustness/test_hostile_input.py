"""Bad input never gives a 500: hostile values in every form field and every list's parameters.

Each page answers with a clear refusal (a form error or a 400 page) and changes nothing it should not.
"""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client

from ..routes import ROUTES
from .forms import form_on, form_routes, initial_data, post_only_routes, url_of

pytestmark = pytest.mark.django_db

TEXT = ["\x00", "x" * 100_000]
NUMBERS = ["\x00", "9" * 5000, "-1", "2147483648", "99999999999999999999.99", "1e400", "NaN"]
DATES = ["\x00", "9" * 5000, "9999-12-31", "0001-01-01", "9999-12-31T23:59", "0001-01-01T00:00"]
CHOICES = ["\x00", "no-such-choice", "x" * 100_000]
ALL = sorted({*TEXT, *NUMBERS, *DATES, *CHOICES})
QUERY_PARAMETERS = ["q", "tag", "status", "sort", "page", "period", "verdict", "customer", "next", "month", "start"]


def hostile_values_for(field: forms.Field) -> list[str]:
    """The values most likely to break a field of this kind (every value for the rest)."""
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return DATES
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return NUMBERS
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField):
        return CHOICES
    if isinstance(field, forms.CharField):
        return [*TEXT, "Customer #" + "9" * 5000]
    return ALL


def lenient_client(membership) -> Client:
    """A signed-in client that shows the 500 response instead of raising."""
    client = Client(raise_request_exception=False)
    client.force_login(membership.user)
    return client


def says_why(content: bytes) -> bool:
    return any(mark in content for mark in (b"is-invalid", b"invalid-feedback", b"alert-danger"))


@pytest.mark.parametrize("route", [route for route in ROUTES if route.method == "get"], ids=str)
def test_hostile_query_parameters_never_give_500(world, route):
    client = lenient_client(world.a.owner)
    url = url_of(route, world.a.objects)
    needed = route.post_data(world.a.objects)  # the parameters the page needs (a template's kind...)
    for value in ALL:
        response = client.get(url, {**needed, **dict.fromkeys(QUERY_PARAMETERS, value)})
        assert response.status_code < 500, (value[:20], response.status_code)


@pytest.mark.parametrize("route", form_routes(), ids=str)
def test_hostile_values_in_every_form_field_never_give_500(world, route):
    client = lenient_client(world.a.owner)
    objects = world.a.objects
    form = form_on(client, route, objects)
    if form is None:
        pytest.skip(f"{route} shows no form")
    baseline = initial_data(form)
    url = url_of(route, objects)
    attempts = [{name: value} for name, field in form.fields.items() for value in hostile_values_for(field)]
    attempts += [dict.fromkeys(form.fields, value) for value in ALL]  # every field hostile at once
    for attempt in attempts:
        response = client.post(url, {**baseline, **attempt})
        shown = {name: value[:20] for name, value in attempt.items()}
        assert response.status_code < 500, (shown, response.status_code)
        if response.status_code == 200:
            assert says_why(response.content), f"{route}: {shown} was refused without saying why"


@pytest.mark.parametrize("route", post_only_routes(), ids=str)
def test_hostile_values_posted_to_one_tap_actions_never_give_500(world, route):
    client = lenient_client(world.a.owner)
    url = url_of(route, world.a.objects)
    fields = {*route.post_data(world.a.objects), "note", "next", "business", "decision", "letter"}
    for value in ALL:
        response = client.post(url, dict.fromkeys(fields, value))
        assert response.status_code < 500, (value[:20], response.status_code)
