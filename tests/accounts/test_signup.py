"""Sign-up: a person creates their account and business, confirms their e-mail, and is throttled."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Business, Membership, SignupConfirmation

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "first_name": "Nora",
    "email": "Nora@Example.com",
    "password1": "a-long-unusual-passphrase-42",
    "password2": "a-long-unusual-passphrase-42",
    "business_name": "Nora's Nails",
    "currency": "EUR",
    "time_zone": "Europe/Dublin",
    "default_hourly_cost": "38.50",
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def confirmation_link() -> str:
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def test_sign_in_page_links_to_sign_up(client):
    assert reverse("signup").encode() in client.get(reverse("login")).content


def test_sign_up_creates_account_business_and_owner_and_signs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), GOOD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    business = Business.objects.get(name="Nora's Nails")
    assert (business.currency, business.time_zone, business.default_hourly_cost) == (
        "EUR",
        "Europe/Dublin",
        Decimal("38.50"),
    )
    membership = Membership.objects.get(business=business)
    assert membership.role == Membership.Role.OWNER
    assert membership.user.email == "nora@example.com"
    assert membership.user.check_password(GOOD["password1"])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora@example.com"]
    home = client.get(reverse("home"))
    assert b"Please confirm your e-mail address" in home.content
    assert b"First steps" in home.content


def test_the_e_mail_is_sent_only_after_the_sign_up_commits(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("signup"), GOOD)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_confirmation_link_confirms_and_removes_the_banner(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), GOOD)
    response = client.get(confirmation_link(), follow=True)
    assert b"nora@example.com is confirmed" in response.content
    assert b"Please confirm your e-mail address" not in response.content
    assert SignupConfirmation.objects.get(email="nora@example.com").confirmed_at is not None


def test_confirmation_link_works_signed_out(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), GOOD)
    client.logout()
    response = client.get(confirmation_link())
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert SignupConfirmation.objects.get().confirmed_at is not None


def test_tampered_link_is_refused_and_confirms_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), GOOD)
    response = client.get(confirmation_link().rstrip("/") + "x/")
    assert response.status_code == 400
    assert b"not valid" in response.content
    assert SignupConfirmation.objects.get().confirmed_at is None


def test_expired_link_is_refused(client, django_capture_on_commit_callbacks, time_machine):
    time_machine.move_to("2026-03-01 10:00:00+00:00")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), GOOD)
    time_machine.move_to("2026-03-09 10:00:00+00:00")
    response = client.get(confirmation_link())
    assert response.status_code == 400
    assert b"expired" in response.content
    assert SignupConfirmation.objects.get().confirmed_at is None


def test_unconfirmed_owner_can_sign_in_again_and_ask_for_a_new_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), GOOD)
    client.logout()
    signed_in = client.post(reverse("login"), {"username": "nora@example.com", "password": GOOD["password1"]})
    assert signed_in.status_code == 302 and signed_in.url == reverse("home")
    response = client.post(reverse("signup_confirmation_resend"), follow=True)
    assert b"A new confirmation link is on its way" in response.content
    assert len(mail.outbox) == 2
    client.get(confirmation_link())
    assert SignupConfirmation.objects.get().confirmed_at is not None


def test_weak_password_is_refused_by_django_validators_and_nothing_is_created(client):
    response = client.post(reverse("signup"), {**GOOD, "password1": "password", "password2": "password"})
    assert response.status_code == 200
    assert b"This password is too common" in response.content
    assert not Business.objects.filter(name=GOOD["business_name"]).exists()
    assert mail.outbox == []


def test_password_like_the_e_mail_is_refused(client):
    data = {**GOOD, "password1": "nora@example.com1", "password2": "nora@example.com1"}
    response = client.post(reverse("signup"), data)
    assert b"too similar" in response.content
    assert not Business.objects.filter(name=GOOD["business_name"]).exists()


def test_passwords_that_differ_are_refused(client):
    response = client.post(reverse("signup"), {**GOOD, "password2": "something-else-entirely-9"})
    assert b"The two passwords differ" in response.content
    assert not Business.objects.filter(name=GOOD["business_name"]).exists()


def test_existing_e_mail_is_refused_with_a_way_forward(client):
    UserFactory(username="nora@example.com", email="nora@example.com")
    response = client.post(reverse("signup"), GOOD)
    assert b"An account with this e-mail already exists" in response.content
    assert not Business.objects.filter(name=GOOD["business_name"]).exists()


def test_negative_hourly_cost_is_refused(client):
    response = client.post(reverse("signup"), {**GOOD, "default_hourly_cost": "-1"})
    assert response.status_code == 200
    assert not Business.objects.filter(name=GOOD["business_name"]).exists()


def test_sign_ups_from_one_address_are_throttled_with_a_clear_message(client, settings):
    settings.SIGNUP_RATE = "2/h"
    for n in range(2):
        client.post(reverse("signup"), {**GOOD, "email": f"p{n}@example.com", "business_name": f"Shop {n}"})
        client.logout()
    response = client.post(reverse("signup"), {**GOOD, "email": "p9@example.com"})
    assert response.status_code == 429
    assert re.search(rb"Too many sign-ups from your address: try again in \d+ minutes?\.", response.content)
    assert Business.objects.filter(name__in=["Shop 0", "Shop 1"]).count() == 2
    assert not Business.objects.filter(name=GOOD["business_name"]).exists()


def test_throttle_counts_per_address(client, settings):
    settings.SIGNUP_RATE = "1/h"
    client.post(reverse("signup"), GOOD)
    client.logout()
    other = client.post(
        reverse("signup"), {**GOOD, "email": "x@example.com", "business_name": "X"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302
    assert Business.objects.filter(name__in=[GOOD["business_name"], "X"]).count() == 2


def test_signed_in_user_is_sent_home(owner_client):
    assert owner_client.get(reverse("signup")).url == reverse("home")


def test_members_not_signed_up_themselves_see_no_banner(owner_client):
    assert b"Please confirm your e-mail address" not in owner_client.get(reverse("home")).content


def test_resend_for_a_confirmed_member_sends_nothing(owner_client):
    response = owner_client.post(reverse("signup_confirmation_resend"), follow=True)
    assert b"already confirmed" in response.content
    assert mail.outbox == []


def test_resend_refuses_get_with_405(owner_client):
    assert owner_client.get(reverse("signup_confirmation_resend")).status_code == 405


def test_a_simultaneous_second_sign_up_is_refused_by_the_database(monkeypatch):
    """Both requests pass the "already exists" check; the unique user name stops the second."""
    from accounts import signup

    UserFactory(username="nora@example.com", email="nora@example.com")
    monkeypatch.setattr(signup, "email_taken", lambda email: False)
    with pytest.raises(ValidationError) as refused:
        signup.owner_signup(
            email="nora@example.com",
            password=GOOD["password1"],
            first_name="Nora",
            business_name="Second Nails",
            currency="EUR",
            time_zone="Europe/Dublin",
            default_hourly_cost=Decimal("30"),
            site_url="http://testserver/",
        )
    assert "already exists" in str(refused.value)
    assert not Business.objects.filter(name="Second Nails").exists()
