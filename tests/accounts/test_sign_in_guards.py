"""Sign-in lockout (django-axes), form throttles (django-ratelimit) and password rules."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from ..factories import PASSWORD, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failures_lock_the_account_from_that_address_for_15_minutes(world):
    user = world.a.owner.user
    client = Client()
    for _ in range(4):
        assert sign_in(client, user.username, "wrong-password").status_code == 200
    locked = sign_in(client, user.username, "wrong-password")
    assert locked.status_code == 429
    assert "Sign-in paused for this account" in locked.content.decode()
    assert "paused for 15 minutes" in locked.content.decode()
    right_password = sign_in(client, user.username, PASSWORD)
    assert right_password.status_code == 429, "the right password does not get through a lockout"
    assert "_auth_user_id" not in client.session
    # Another address is not locked out, and the lock ends after 15 minutes.
    assert sign_in(Client(), user.username, PASSWORD, address="198.51.100.9").status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14)):
        assert sign_in(Client(), user.username, PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert sign_in(Client(), user.username, PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_count(world):
    user = world.a.owner.user
    for _ in range(4):
        sign_in(Client(), user.username, "wrong-password")
    assert sign_in(Client(), user.username, PASSWORD).status_code == 302
    for _ in range(4):
        assert sign_in(Client(), user.username, "wrong-password").status_code == 200
    assert sign_in(Client(), user.username, PASSWORD).status_code == 302


def test_lockout_limits_come_from_the_environment():
    env = {**os.environ, "KOB_LOCKOUT_FAILURES": "3", "KOB_LOCKOUT_MINUTES": "40"}
    code = "from config.settings import base as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "3 0:40:00", result.stderr
    bad = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**env, "KOB_LOCKOUT_MINUTES": "a while"}, capture_output=True
    )
    assert bad.returncode != 0, "a mistyped value stops start-up"


@override_settings(KOB_THROTTLE_RATE="3/15m")
def test_password_reset_form_is_throttled_per_address(world):
    client = Client()
    for _ in range(3):
        response = client.post(reverse("password_reset"), {"email": "a@example.com"}, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 302
    refused = client.post(reverse("password_reset"), {"email": "a@example.com"}, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    other = Client().post(reverse("password_reset"), {"email": "a@example.com"}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 302
    assert Client().get(reverse("password_reset")).status_code == 200, "only posts count"


@override_settings(KOB_THROTTLE_RATE="2/15m")
def test_invitation_link_form_is_throttled(world):
    invitation = InvitationFactory(business=world.a.business, email="nina@example.com")
    link = reverse("invitation_open", args=[invitation.token])
    form = {"first_name": "Nina", "password1": "x", "password2": "y"}
    assert Client().post(link, form).status_code == 200
    assert Client().post(link, form).status_code == 200
    assert Client().post(link, form).status_code == 429


def test_shared_cache_counts_with_increments():
    cache.add("kob-test-counter", 1, 60)
    assert cache.incr("kob-test-counter") == 2
    assert cache.incr("kob-test-counter", 5) == 7
    with pytest.raises(ValueError):
        cache.incr("kob-test-missing")


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("tulip-grove")  # 11 characters
    validate_password("tulip-groves")


def test_long_passphrases_are_accepted():
    passphrase = "the quick brown fox paid every invoice on time for eighteen months!"
    assert len(passphrase) >= 64
    validate_password(passphrase)
    validate_password("x7" * 64)


def test_common_and_similar_passwords_are_refused():
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234")
    person = UserFactory.build(username="margaret.hamilton@example.com", first_name="Margaret", last_name="Hamilton")
    with pytest.raises(ValidationError, match="too similar"):
        validate_password("margaret.hamilton", person)
