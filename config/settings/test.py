"""Tests: the real PostgreSQL server, a throwaway database, fast hashing."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Test code (factories, assertions) sees every business: each test connection
# opens with the row-level-security bypass on. Requests still run confined:
# the middleware and the access gate turn it off for the request, and it comes
# back when the request ends (accounts/tenancy.py). The RLS tests turn it off.
DATABASES["default"]["OPTIONS"]["options"] += " -c app.rls_bypass=on"  # noqa: F405
# Lets several people (or helpers) run the suite side by side on one server.
DATABASES["default"]["TEST"] = {"NAME": env.str("KOB_TEST_DB", default="test_keeporboot")}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Argon2 is deliberately slow; tests check that production uses it (tests/accounts).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
