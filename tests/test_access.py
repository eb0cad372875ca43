"""Tenancy and roles for every route listed in tests/routes.py."""

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from .conftest import client_for
from .routes import NOT_APP_PREFIXES, NOT_APP_ROUTES, ROUTES, Route

pytestmark = pytest.mark.django_db


def url_of(route: Route, objects: dict) -> str:
    return reverse(route.url_name, kwargs=route.url_kwargs(objects))


def request(client, route: Route, objects: dict):
    call = client.post if route.method == "post" else client.get
    return call(url_of(route, objects), route.post_data(objects))


def all_url_names(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= all_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def test_every_url_is_listed():
    listed = {route.url_name for route in ROUTES}
    app_pages = {
        name for name in all_url_names() if name not in NOT_APP_ROUTES and not name.startswith(NOT_APP_PREFIXES)
    }
    assert app_pages - listed == set(), "add these URLs to tests/routes.py so the access tests cover them"


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_anonymous_is_sent_to_sign_in(client, world, route):
    response = request(client, route, world.a.objects)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("route", [p for p in ROUTES if p.kwargs], ids=str)
def test_another_business_ids_give_404(world, route):
    owner = client_for(world.a.owner)
    response = request(owner, route, world.b.objects)
    assert response.status_code == 404


@pytest.mark.parametrize("route", [p for p in ROUTES if p.owner_only], ids=str)
def test_staff_get_403_on_owner_pages(world, route):
    response = request(client_for(world.a.staff), route, world.a.objects)
    assert response.status_code == 403


ALLOWED = [(route, role) for route in ROUTES for role in ("owner", "staff") if role == "owner" or not route.owner_only]


@pytest.mark.parametrize(("route", "role"), ALLOWED, ids=lambda value: str(value))
def test_allowed_roles_can_use_page(world, route, role):
    response = request(client_for(getattr(world.a, role)), route, world.a.objects)
    assert response.status_code in (200, 302), response.content[:500]
    if response.status_code == 302:
        assert not response.url.startswith(reverse("login"))


def test_user_without_business_sees_explanation(client, django_user_model):
    user = django_user_model.objects.create_user("lonely@example.com", password="x-long-password-1")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert b"not part of a business yet" in response.content
