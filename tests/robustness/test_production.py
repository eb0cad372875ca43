"""Running in production: health URL, 503 while the database is away, timeouts, strict settings, logs, 405s."""

from __future__ import annotations

import json
import logging
import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.urls import reverse

from config.env import env_bool, env_choice, env_int

from ..conftest import client_for
from ..routes import ROUTES

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_health_answers_200_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_says_nothing_secret(client):
    body = client.get("/health/").content.decode()
    assert settings.SECRET_KEY not in body and "postgres" not in body.lower() and "version" not in body.lower()


@pytest.fixture
def database_away():
    """Point the app's connection at a port where no PostgreSQL listens, then bring it back."""
    port = connection.settings_dict["PORT"]

    def away() -> None:
        connection.close()
        connection.settings_dict["PORT"] = "1"

    def back() -> None:
        connection.close()
        connection.settings_dict["PORT"] = port

    yield away, back
    back()


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_with_retry_after_while_the_database_is_away_and_recover(world, database_away):
    away, back = database_away
    client = client_for(world.a.staff)
    client.raise_request_exception = False
    url = reverse("customer_list")
    assert client.get(url).status_code == 200
    away()
    for path in (url, "/health/"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "10"
    assert "cannot reach its database" in client.get(url).content.decode()
    back()
    assert client.get(url).status_code == 200
    assert client.get("/health/").status_code == 200


def test_statement_and_lock_timeouts_are_below_gunicorns_worker_timeout():
    gunicorn = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout'), current_setting('lock_timeout')")
        statement, lock = cursor.fetchone()
    seconds = {"ms": 0.001, "s": 1, "min": 60}

    def as_seconds(text: str) -> float:
        number, unit = re.fullmatch(r"(\d+)(ms|s|min)", text).groups()
        return int(number) * seconds[unit]

    assert 0 < as_seconds(lock) < as_seconds(statement) < gunicorn["timeout"]


@pytest.mark.parametrize("word", ["Flase", "yess", "ture", "2"])
def test_a_mistyped_boolean_stops_start_up(monkeypatch, word):
    monkeypatch.setenv("DJANGO_SECURE_SSL_REDIRECT", word)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECURE_SSL_REDIRECT"):
        env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)


@pytest.mark.parametrize(("word", "value"), [("false", False), ("0", False), ("Yes", True), ("on", True), ("", True)])
def test_booleans_read_as_written(monkeypatch, word, value):
    monkeypatch.setenv("KOB_FLAG", word)
    assert env_bool("KOB_FLAG", default=True) is value


def test_bad_numbers_and_choices_stop_start_up(monkeypatch):
    monkeypatch.setenv("KOB_NUMBER", "3O")
    with pytest.raises(ImproperlyConfigured, match="KOB_NUMBER"):
        env_int("KOB_NUMBER", default=1)
    monkeypatch.setenv("KOB_FORMAT", "jsn")
    with pytest.raises(ImproperlyConfigured, match="KOB_FORMAT"):
        env_choice("KOB_FORMAT", default="json", choices=("json", "console"))


def test_production_settings_refuse_a_mistyped_boolean():
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "x" * 60, "DJANGO_SECURE_SSL_REDIRECT": "Flase"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.production"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECURE_SSL_REDIRECT='Flase' is not a yes/no value" in result.stderr


def test_settings_no_longer_point_to_a_middleware_that_does_not_exist():
    assert "see accounts.middleware" not in (ROOT / "config" / "settings" / "base.py").read_text()


def test_each_request_logs_one_structured_line_with_who_where_and_how_long(world, caplog):
    client = client_for(world.a.owner)
    with caplog.at_level(logging.INFO, logger="django_structlog"):
        client.get(reverse("customer_list"))
    finished = [record for record in caplog.records if "request_finished" in str(record.msg)]
    assert len(finished) == 1
    event = finished[0].msg
    assert isinstance(event, dict)
    assert event["code"] == 200 and event["path"] == "/customers/"
    assert event["user_id"] == world.a.owner.user.pk
    assert event["business_id"] == world.a.business.pk
    assert event["duration_ms"] >= 0 and event["request_id"]
    json.dumps(event, default=str)


@pytest.mark.parametrize("route", [route for route in ROUTES if route.method == "post"], ids=str)
def test_a_get_on_a_post_only_url_answers_405(world, route):
    client = client_for(world.a.owner)
    response = client.get(reverse(route.url_name, kwargs=route.url_kwargs(world.a.objects)))
    assert response.status_code == 405


def test_the_500_page_promises_nothing_it_cannot_know():
    page = (ROOT / "templates" / "500.html").read_text()
    assert "Nothing you entered was lost" not in page
    assert "may or may not have been saved" in page


def test_a_lenient_client_sees_the_503_page_for_errors_outside_views(world, database_away):
    away, _ = database_away
    client = Client(raise_request_exception=False)
    client.force_login(world.a.owner.user)
    away()
    response = client.get(reverse("home"))
    assert response.status_code == 503


@pytest.mark.django_db(transaction=True)
def test_a_payment_waiting_on_a_locked_invoice_gets_503_not_a_killed_worker(world):
    """Another transaction holds the invoice row: the lock timeout ends the wait with the 503 page."""
    import uuid

    import psycopg

    invoice = world.a.objects["invoice"]
    s = connection.settings_dict
    url = f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    client = client_for(world.a.staff)
    client.raise_request_exception = False
    data = {"date": "2025-01-15", "amount": "1.00", "method": "cash", "submission_key": str(uuid.uuid4())}
    with psycopg.connect(url) as holder:
        # The holder is another request of the same business: behind row-level
        # security it sees (and so locks) the invoice only when acting for it.
        holder.execute("SELECT set_config('app.business_id', %s, false)", [str(invoice.business_id)])
        locked = holder.execute("SELECT id FROM customers_invoice WHERE id = %s FOR UPDATE", [invoice.pk]).fetchall()
        assert locked == [(invoice.pk,)], "the holder must really hold the invoice row"
        response = client.post(reverse("payment_create", kwargs={"invoice_pk": invoice.pk}), data)
        holder.rollback()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert invoice.payments.count() == 1  # nothing was written; the same form can be sent again
    assert client.post(reverse("payment_create", kwargs={"invoice_pk": invoice.pk}), data).status_code == 302
    assert invoice.payments.count() == 2
