"""An owner turns the Monday e-mail off and on from the settings page; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..conftest import client_for

pytestmark = pytest.mark.django_db
URL = reverse("digest_subscription")


def test_settings_page_offers_the_switch(world):
    page = client_for(world.a.owner).get(reverse("business_settings")).content.decode()
    assert "Weekly digest" in page and "Stop the weekly digest" in page


def test_owner_turns_the_digest_off_then_on(world):
    owner = client_for(world.a.owner)
    response = owner.post(URL, {"weekly_digest": "off"})
    assert response.status_code == 302 and response.url.endswith("#weekly-digest")
    world.a.owner.refresh_from_db()
    assert world.a.owner.weekly_digest is False
    assert "Get the weekly digest" in owner.get(reverse("business_settings")).content.decode()
    owner.post(URL, {"weekly_digest": "on"})
    world.a.owner.refresh_from_db()
    assert world.a.owner.weekly_digest is True


def test_a_bad_value_changes_nothing(world):
    response = client_for(world.a.owner).post(URL, {"weekly_digest": "maybe"}, follow=True)
    world.a.owner.refresh_from_db()
    assert world.a.owner.weekly_digest is True
    assert "Nothing changed" in response.content.decode()


def test_the_choice_is_per_business(world):
    other = world.b.owner
    client_for(world.a.owner).post(URL, {"weekly_digest": "off"})
    other.refresh_from_db()
    assert other.weekly_digest is True


def test_get_is_not_allowed(world):
    assert client_for(world.a.owner).get(URL).status_code == 405
