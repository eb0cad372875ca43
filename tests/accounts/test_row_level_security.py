"""Row-level security, the second wall: a query that forgets its business filter sees nothing of another business.

Test connections open with the bypass on (config/settings/test.py) so that
factories and assertions see every business; requests turn it off, and these
tests turn it off with ``tenancy.scope()`` where they need the app's view.
"""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.test import Client, RequestFactory

from accounts import tenancy
from accounts.access import business_view
from accounts.models import Business, Membership
from customers.models import Customer
from evaluations.models import MonthlySnapshot
from scripts import ensure_db

from ..conftest import client_for
from ..factories import MembershipFactory, UserFactory
from ..tenant_tables import fill_every_table, rows_per_business, tenant_tables

pytestmark = pytest.mark.django_db

PROBE_URLS = pytest.mark.urls("tests.accounts.rls_urls")


def settings_now() -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('app.business_id', true), current_setting('app.user_id', true), "
            "current_setting('app.rls_bypass', true)"
        )
        return tuple(value or "" for value in cursor.fetchone())


@pytest.fixture
def full_world(world):
    """Both businesses with at least one row in every tenant table, so no check can pass on empty tables."""
    fill_every_table(world.a)
    fill_every_table(world.b)
    for table in tenant_tables():
        counts = rows_per_business(table)
        assert counts.get(world.a.business.pk) and counts.get(world.b.business.pk), f"{table} lacks rows"
    return world


def only(business: Business, seen: dict) -> None:
    """Every tenant table shows rows of ``business`` and of no other."""
    for table, counts in seen["tables"].items():
        assert set(counts) == {str(business.pk)}, f"{table}: {counts}"
    assert set(seen["customers"]) == {business.pk}


def nothing(seen: dict) -> None:
    assert all(counts == {} for counts in seen["tables"].values()), seen["tables"]
    assert seen["customers"] == []


# The policies, from the catalog.


def test_every_table_with_a_business_id_is_behind_an_enabled_forced_policy():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   COALESCE(bool_or(pg_get_expr(p.polqual, p.polrelid) LIKE '%%app.business_id%%'
                            AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%%app.business_id%%'), false)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'business_id' AND NOT a.attisdropped
            LEFT JOIN pg_policy p ON p.polrelid = c.oid AND p.polcmd = '*'
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
            GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity
            """
        )
        rows = cursor.fetchall()
    assert len(rows) >= 12  # memberships, eight customers tables, three evaluations tables
    unprotected = [name for name, enabled, forced, policy in rows if not (enabled and forced and policy)]
    assert unprotected == [], "add EnableRowLevelSecurity(table) (accounts/rls.py) to a migration for these"


def test_the_apps_database_role_is_bound_by_row_level_security():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False)


# Inside and outside a request.


@PROBE_URLS
def test_inside_a_request_for_a_unfiltered_queries_return_only_as_rows(full_world):
    for member in (full_world.a.owner, full_world.a.staff):
        only(full_world.a.business, client_for(member).get("/probe/").json())
    only(full_world.b.business, client_for(full_world.b.owner).get("/probe/").json())


@PROBE_URLS
def test_a_request_outside_the_gate_sees_no_tenant_rows(client, full_world):
    nothing(client.get("/probe/open/").json())


@PROBE_URLS
def test_a_signed_in_user_outside_the_gate_sees_only_their_own_memberships(full_world):
    member = full_world.a.owner
    elsewhere = MembershipFactory(user=member.user, business=full_world.b.business, role=Membership.Role.STAFF)
    seen = client_for(member).get("/probe/signed-in/").json()
    assert seen["tables"].pop("accounts_membership") == {
        str(full_world.a.business.pk): 1,
        str(elsewhere.business_id): 1,
    }
    nothing(seen)


def test_with_no_business_set_tenant_tables_look_empty(full_world):
    with tenancy.scope():
        assert Customer.objects.count() == 0
        assert all(rows_per_business(table) == {} for table in tenant_tables())
    assert Customer.objects.filter(business=full_world.b.business).exists()  # the bypass is back


def test_acting_for_a_business_sees_it_alone_and_cannot_write_anothers_rows(full_world):
    a, b = full_world.a.business, full_world.b.business
    with tenancy.scope(), tenancy.acting_for(a.pk):
        assert set(Customer.objects.values_list("business_id", flat=True)) == {a.pk}
        assert Customer.objects.filter(pk=full_world.b.objects["customer"].pk).update(name="Taken over") == 0
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            Customer.objects.create(business=b, name="Planted")
    assert Customer.objects.get(pk=full_world.b.objects["customer"].pk).name != "Taken over"


# Setting and restoring.


def test_acting_for_nests_and_restores_what_was_there_before(world):
    a, b = world.a.business.pk, world.b.business.pk
    with tenancy.scope(user_id=7):
        with tenancy.acting_for(a):
            assert settings_now() == (str(a), "", "off")
            with tenancy.acting_for(b, user_id=9):
                assert settings_now() == (str(b), "9", "off")
            assert settings_now() == (str(a), "", "off")
        assert settings_now() == ("", "7", "off")
    assert settings_now()[2] == "on"  # the test connection's own bypass


def test_a_failed_transaction_inside_acting_for_is_rolled_back_with_the_settings(world):
    with tenancy.scope():
        with (
            pytest.raises(DatabaseError),
            transaction.atomic(),
            tenancy.acting_for(world.a.business.pk),
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT 1 / 0")
        assert settings_now() == ("", "", "off")


def test_all_businesses_needs_a_reason_and_logs_it(world, caplog):
    with pytest.raises(ValueError, match="Say why"), tenancy.all_businesses(" "):
        pass
    with caplog.at_level(logging.INFO, logger="accounts.tenancy"), tenancy.scope():
        with tenancy.all_businesses("monthly export"):
            assert set(Customer.objects.values_list("business_id", flat=True)) >= {
                world.a.business.pk,
                world.b.business.pk,
            }
        assert Customer.objects.count() == 0
    assert "Row-level security bypassed: monthly export" in caplog.text


def test_the_gate_sets_the_business_and_restores_the_settings_even_when_the_view_fails(world):
    member = world.a.owner
    seen = {}

    @business_view
    def failing(request):
        seen["inside"] = settings_now()
        raise RuntimeError("the view failed")

    request = RequestFactory().get("/")
    request.user, request.session = member.user, SessionStore()
    with tenancy.scope(user_id=member.user.pk):
        with pytest.raises(RuntimeError):
            failing(request)
        assert seen["inside"] == (str(world.a.business.pk), str(member.user.pk), "off")
        assert settings_now() == ("", str(member.user.pk), "off")


# Persistent connections: one request's business never reaches the next.


@PROBE_URLS
def test_a_persistent_connection_does_not_carry_a_business_into_the_next_request(client, full_world):
    first = client_for(full_world.a.owner).get("/probe/").json()
    anonymous = client.get("/probe/open/").json()
    other = client_for(full_world.b.owner).get("/probe/").json()
    assert first["pid"] == anonymous["pid"] == other["pid"]  # one and the same database connection
    only(full_world.a.business, first)
    nothing(anonymous)
    only(full_world.b.business, other)


def wsgi_get(path: str, session_key: str | None = None) -> dict:
    """One request through Django's own WSGI handler, with every request signal (no test client)."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
    if session_key:
        environ["HTTP_COOKIE"] = f"sessionid={session_key}"
    setup_testing_defaults(environ)
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    try:
        body = b"".join(response)
    finally:
        response.close()  # sends request_finished, as a WSGI server does
    assert statuses == ["200 OK"], statuses
    return json.loads(body)


def test_a_connection_kept_between_requests_never_carries_a_business_into_the_next(
    transactional_db, full_world, settings, monkeypatch
):
    """CONN_MAX_AGE > 0, as in production: the same database connection serves three requests in a row."""
    settings.ROOT_URLCONF = "tests.accounts.rls_urls"
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    sessions = {}
    for tenant in (full_world.a, full_world.b):
        login = Client()
        login.force_login(tenant.owner.user)
        sessions[tenant.business.pk] = login.cookies["sessionid"].value
    first = wsgi_get("/probe/", sessions[full_world.a.business.pk])
    anonymous = wsgi_get("/probe/open/")
    other = wsgi_get("/probe/", sessions[full_world.b.business.pk])
    assert first["pid"] == anonymous["pid"] == other["pid"]  # one connection, kept open by CONN_MAX_AGE
    only(full_world.a.business, first)
    nothing(anonymous)
    only(full_world.b.business, other)
    connection.close()


def send_without_closing_the_connection(signal, **kwargs) -> None:
    """Send a request signal as Django's test client does: without closing the test's own connection."""
    signal.disconnect(close_old_connections)
    try:
        signal.send(sender=None, **kwargs)
    finally:
        signal.connect(close_old_connections)


def test_request_start_clears_a_business_left_on_the_connection(world):
    with tenancy.scope():
        tenancy._swap((str(world.a.business.pk), "5", "on"), connection.alias)  # as if a request had leaked
        send_without_closing_the_connection(request_started, environ={})
        assert settings_now() == ("", "", "off")
        assert Customer.objects.count() == 0


def test_request_end_returns_the_connection_to_its_defaults(world):
    tenancy._swap((str(world.a.business.pk), "5", "off"), connection.alias)
    send_without_closing_the_connection(request_finished)
    assert settings_now() == ("", "", "on")  # this test connection opens with the bypass on


# Work outside a request, as it runs in production (no bypass on the connection).


def test_seed_demo_fills_a_business_without_the_bypass(db):
    with tenancy.scope():
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            Customer.objects.create(business=Business.objects.create(name="Nobody's"), name="Unscoped")
        call_command(
            "seed_demo", "--business-name", "Scoped Co", "--customers", "3", "--months", "2", stdout=io.StringIO()
        )
    business = Business.objects.get(name="Scoped Co")
    assert Customer.objects.filter(business=business).count() == 3
    assert Membership.objects.filter(business=business).count() == 7  # an owner and six staff


def test_snapshot_command_stores_each_business_without_the_bypass(world):
    with tenancy.scope():
        call_command("snapshot_evaluations", stdout=io.StringIO())
    for tenant in (world.a, world.b):
        customers = Customer.objects.filter(business=tenant.business).count()
        assert MonthlySnapshot.objects.filter(business=tenant.business).count() == customers


def test_bench_command_seeds_and_times_without_the_bypass(db):
    out = io.StringIO()
    with tenancy.scope():
        call_command("bench_evaluations", customers=3, months=2, runs=1, stdout=out)
    assert "Benchmark Co: 3 customers" in out.getvalue()
    assert "all customers" in out.getvalue()
    for refresh in ("the night after today", "a day later", "the night that starts a month", "after new thresholds"):
        assert f"refresh all, {refresh}" in out.getvalue()
    assert re.search(r"verify_standings differences\s+0\s", out.getvalue())


def test_the_platform_admin_sees_every_business(client, full_world):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/customers/customer/")
    assert response.status_code == 200
    for tenant in (full_world.a, full_world.b):
        assert tenant.objects["customer"].name.encode() in response.content
    assert settings_now()[:2] == ("", "")


def test_a_signed_in_non_staff_user_gets_no_bypass_in_the_admin(full_world):
    client = client_for(full_world.a.owner)
    response = client.get("/admin/customers/customer/")
    assert response.status_code == 302
    assert full_world.b.objects["customer"].name.encode() not in response.content


# The set-up keeps the app's role bound.


def test_setup_refuses_a_database_url_whose_role_escapes_row_level_security(monkeypatch):
    for attributes, problem in (("t|f", "superuser"), ("f|t", "BYPASSRLS")):
        answer = subprocess.CompletedProcess([], 0, stdout=f"{attributes}\n")
        monkeypatch.setattr(ensure_db, "run", lambda cmd, answer=answer, **kwargs: answer)
        with pytest.raises(ensure_db.SetupError, match=problem):
            ensure_db.check_external_role("postgres://someone@127.0.0.1/keeporboot")
    assert ensure_db.role_problem("f|f") is None


def test_setup_accepts_the_role_the_tests_run_as():
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    ensure_db.check_external_role(url)  # raises SetupError if the role were a superuser or had BYPASSRLS
