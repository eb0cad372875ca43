"""Sessions end when idle or with the browser; signed-in pages are never cached; CORP everywhere."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, remember: bool):
    data = {"username": username, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post(reverse("login"), data)
    assert response.status_code == 302
    return response


def test_idle_timeout_is_twelve_hours_by_default():
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    # Renewed every few minutes (accounts.session_renewal), not written on every request.
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.KOB_SESSION_RENEW_SECONDS == 5 * 60


def test_session_ends_after_twelve_idle_hours(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        sign_in(client, world.a.owner.user.username, remember=True)
    with time_machine.travel(start + datetime.timedelta(hours=11), tick=False):
        assert client.get(reverse("home")).status_code == 200, "each request renews the session"
    with time_machine.travel(start + datetime.timedelta(hours=22), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=34, minutes=1), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_unticked_keep_me_signed_in_gives_a_browser_session_cookie(world):
    client = Client()
    response = sign_in(client, world.a.owner.user.username, remember=False)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert client.session.get_expire_at_browser_close()
    # The server still ends it after the idle time.
    assert client.session.get_expiry_age() == 12 * 3600


def test_ticked_keep_me_signed_in_keeps_the_cookie_for_the_idle_time(world):
    client = Client()
    response = sign_in(client, world.a.owner.user.username, remember=True)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 12 * 3600
    assert not client.session.get_expire_at_browser_close()


def test_sign_in_form_offers_keep_me_signed_in(client):
    assert "Keep me signed in" in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("url_name", ["home", "team", "dashboard", "customer_list"])
def test_signed_in_pages_are_never_stored(world, owner_client, url_name):
    response = owner_client.get(reverse(url_name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_static_files_stay_cacheable_for_signed_in_people(world, owner_client):
    response = owner_client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_every_response_has_cross_origin_resource_policy(world, client, owner_client):
    assert client.get(reverse("login"))["Cross-Origin-Resource-Policy"] == "same-origin"
    assert owner_client.get(reverse("home"))["Cross-Origin-Resource-Policy"] == "same-origin"
    assert client.get("/static/css/app.css")["Cross-Origin-Resource-Policy"] == "same-origin"
    assert owner_client.get("/no-such-page/")["Cross-Origin-Resource-Policy"] == "same-origin"


def stored_expiry(client: Client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_within_minutes_of_the_last_renewal_writes_no_session(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        sign_in(client, world.a.owner.user.username, remember=True)
    with time_machine.travel(start + datetime.timedelta(minutes=1), tick=False):
        assert client.get(reverse("home")).status_code == 200  # notes the chosen business: a change, saved
        signed_in_until = stored_expiry(client)
    with (
        time_machine.travel(start + datetime.timedelta(minutes=4), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert client.get(reverse("home")).status_code == 200
    writes = [query["sql"] for query in queries.captured_queries if query["sql"].startswith('UPDATE "django_session"')]
    assert writes == []
    assert stored_expiry(client) == signed_in_until


def test_a_page_after_the_renewal_interval_pushes_the_end_back(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        sign_in(client, world.a.owner.user.username, remember=False)
    later = start + datetime.timedelta(minutes=6)
    with time_machine.travel(later, tick=False):
        assert client.get(reverse("home")).status_code == 200
    assert stored_expiry(client) == later + datetime.timedelta(hours=12)


def test_a_page_between_renewals_does_not_extend_the_session(world):
    """The last page came before the next renewal was due: the session ends up to 5 minutes sooner, never later."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        sign_in(client, world.a.owner.user.username, remember=True)
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=4), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=12, minutes=1), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_someone_working_all_day_stays_signed_in(world):
    """A page every 4 minutes for 13 hours: each renewal falls within the idle time."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        sign_in(client, world.a.staff.user.username, remember=False)
    for minutes in range(4, 13 * 60, 4):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("customer_list")).status_code == 200, f"signed out after {minutes} minutes"


def test_signed_out_visitors_with_a_stale_cookie_get_no_new_session(world, client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-key-000000000000"
    sessions = Session.objects.count()
    assert client.get(reverse("login")).status_code == 200
    assert Session.objects.count() == sessions
