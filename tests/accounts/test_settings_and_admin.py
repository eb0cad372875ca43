import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from ..factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_production_passwords_are_hashed_with_argon2():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_no_sqlite_anywhere():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_production_settings_pass_check_deploy():
    # The browser tests allow async-unsafe ORM calls in this process; production must not.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "DJANGO_ALLOWED_HOSTS": "keeporboot.example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["accounts/business", "accounts/membership", "auth/user"])
def test_admin_lists_and_forms_open_for_platform_admins(client, world, model):
    admin = UserFactory(username="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(f"/admin/{model}/").status_code == 200
    assert client.get(f"/admin/{model}/add/").status_code == 200
    assert client.get(f"/admin/{model}/?q=Alpha").status_code == 200


@pytest.mark.django_db
def test_business_admin_shows_members_inline(client, world):
    client.force_login(UserFactory(username="root@example.com", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:accounts_business_change", args=[world.a.business.pk])).content.decode()
    assert world.a.owner.user.username in page


@pytest.mark.django_db
def test_error_pages_render(client, world):
    client.force_login(world.a.staff.user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client, world):
    client.force_login(world.a.owner.user)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
