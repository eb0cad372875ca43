"""Two-factor sign-in with real TOTP codes computed here, as a phone's app would."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor

from ..conftest import client_for
from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice) -> str:
    """What the authenticator app shows right now."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def turn_on(user, when) -> tuple[TOTPDevice, list[str]]:
    with time_machine.travel(when, tick=False):
        device = two_factor.two_factor_setup_start(user=user)
        codes = two_factor.two_factor_setup_confirm(device=device, code=code_for(device))
    assert codes is not None
    return device, codes


def password_step(client: Client, username: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, **extra})


def test_person_turns_two_factor_on_in_their_settings(world):
    client = client_for(world.a.staff)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        page = client.get(reverse("security")).content.decode()
        assert "Set up two-factor sign-in" in page
        client.post(reverse("security"), {"action": "start"})
        page = client.get(reverse("security")).content.decode()
        assert reverse("security_qr") in page
        qr = client.get(reverse("security_qr"))
        assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content and b"<script" not in qr.content
        device = TOTPDevice.objects.get(user=world.a.staff.user)
        assert not device.confirmed
        wrong = client.post(reverse("security"), {"action": "confirm", "code": "000000"})
        assert "That code is not right" in wrong.content.decode()
    with time_machine.travel(start + datetime.timedelta(seconds=5), tick=False):
        response = client.post(reverse("security"), {"action": "confirm", "code": code_for(device)})
    page = response.content.decode()
    assert "Two-factor sign-in is on" in page
    assert page.count('<li class="col">') == 10, "ten recovery codes, shown once"
    device.refresh_from_db()
    assert device.confirmed
    assert two_factor.two_factor_enabled(world.a.staff.user)


def test_sign_in_asks_for_the_code_after_the_password(world):
    user = world.a.owner.user
    start = timezone.now()
    device, _ = turn_on(user, start)
    later = start + datetime.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        client = Client()
        response = password_step(client, user.username)
        assert response.url == reverse("login_code")
        assert "_auth_user_id" not in client.session, "the password alone does not sign in"
        assert client.get(reverse("home")).url.startswith(reverse("login"))
        wrong = client.post(reverse("login_code"), {"code": "123456" if code_for(device) != "123456" else "654321"})
        assert "That code is not right" in wrong.content.decode()
    with time_machine.travel(later + datetime.timedelta(seconds=40), tick=False):  # past the throttle's delay
        response = client.post(reverse("login_code"), {"code": code_for(device)})
        assert response.status_code == 302 and response.url == reverse("home")
        assert client.get(reverse("home")).status_code == 200
        assert client.session["otp_device_id"] == device.persistent_id


def test_a_recovery_code_signs_in_once(world):
    user = world.a.owner.user
    _, codes = turn_on(user, timezone.now())
    client = Client()
    password_step(client, user.username)
    assert client.post(reverse("login_code"), {"code": codes[0]}).url == reverse("home")
    again = Client()
    password_step(again, user.username)
    assert "That code is not right" in again.post(reverse("login_code"), {"code": codes[0]}).content.decode()
    assert two_factor.recovery_codes_left(user) == 9


def test_five_wrong_codes_send_the_person_back_to_the_password(world):
    user = world.a.owner.user
    turn_on(user, timezone.now())
    client = Client()
    password_step(client, user.username)
    for _ in range(4):
        client.post(reverse("login_code"), {"code": "not-a-code"})
    response = client.post(reverse("login_code"), {"code": "not-a-code"})
    assert response.url == reverse("login")
    assert client.get(reverse("login_code")).url == reverse("login")


def test_the_code_step_expires_after_five_minutes(world):
    user = world.a.owner.user
    device, _ = turn_on(user, timezone.now() - datetime.timedelta(minutes=10))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        password_step(client, user.username)
    with time_machine.travel(start + datetime.timedelta(minutes=6), tick=False):
        assert client.post(reverse("login_code"), {"code": code_for(device)}).url == reverse("login")
        assert "_auth_user_id" not in client.session


def test_code_page_without_the_password_step_goes_back_to_sign_in(client):
    assert client.get(reverse("login_code")).url == reverse("login")


def test_turning_off_needs_a_current_code(world):
    user = world.a.owner.user
    start = timezone.now()
    device, _ = turn_on(user, start)
    client = client_for(world.a.owner)
    with time_machine.travel(start + datetime.timedelta(minutes=1), tick=False):
        refused = client.post(reverse("security"), {"action": "disable", "code": "12"})
        assert "not right" in refused.content.decode()
        assert two_factor.two_factor_enabled(user)
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):  # past the throttle's delay
        client.post(reverse("security"), {"action": "disable", "code": code_for(device)})
    assert not two_factor.two_factor_enabled(user)
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_business_can_require_two_factor_and_members_without_it_set_it_up(world, owner_client):
    owner_client.post(
        reverse("business_settings"),
        {
            "name": "Alpha Plumbing",
            "currency": "USD",
            "time_zone": "UTC",
            "default_hourly_cost": "50",
            "require_two_factor": "on",
        },
    )
    world.a.business.refresh_from_db()
    assert world.a.business.require_two_factor
    staff = client_for(world.a.staff)
    response = staff.get(reverse("customer_list"))
    assert response.status_code == 302 and response.url == reverse("security")
    page = staff.get(reverse("security")).content.decode()
    assert "Alpha Plumbing require" in page
    turn_on(world.a.staff.user, timezone.now())
    assert staff.get(reverse("customer_list")).status_code == 200
    # Another business's members are not affected.
    assert client_for(world.b.staff).get(reverse("customer_list")).status_code == 200


def test_people_without_two_factor_sign_in_with_the_password_alone(world):
    client = Client()
    assert password_step(client, world.a.staff.user.username).url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_admin_sign_in_goes_through_the_app(client):
    UserFactory(username="root@example.com", is_staff=True, is_superuser=True)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"


def test_qr_code_is_404_when_nothing_is_being_set_up(world):
    assert client_for(world.a.staff).get(reverse("security_qr")).status_code == 404


def test_security_pages_need_sign_in(client):
    for name in ("security", "security_qr"):
        assert client.get(reverse(name)).url.startswith(reverse("login"))


def test_qr_code_refuses_post(world):
    assert client_for(world.a.staff).post(reverse("security_qr")).status_code == 405
