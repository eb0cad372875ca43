"""The business's country: the default region for phone numbers and the date order of imports."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SETTINGS = {"name": "Alpha Ltd", "currency": "EUR", "time_zone": "Europe/Dublin", "default_hourly_cost": "40"}


def test_country_is_saved_in_capitals(world, owner_client):
    owner_client.post(reverse("business_settings"), {**SETTINGS, "country": "ie"})
    world.a.business.refresh_from_db()
    assert world.a.business.country == "IE"
    assert world.a.business.dates_month_first is False


def test_unknown_country_is_refused(world, owner_client):
    response = owner_client.post(reverse("business_settings"), {**SETTINGS, "country": "XX"})
    assert "is not a country code" in response.content.decode()
    world.a.business.refresh_from_db()
    assert world.a.business.name == "Alpha Plumbing"


def test_country_left_empty_keeps_the_current_one(world, owner_client):
    owner_client.post(reverse("business_settings"), SETTINGS)
    world.a.business.refresh_from_db()
    assert (world.a.business.name, world.a.business.country, world.a.business.dates_month_first) == (
        "Alpha Ltd",
        "US",
        True,
    )
