"""Settings shared by every environment, read from environment variables.

Variables may also be put in a ``.env`` file at the project root (the database
set-up writes DATABASE_URL there); real environment variables win.
"""

from datetime import timedelta
from pathlib import Path

import environ
import pghistory
import structlog
from csp.constants import NONE, SELF

from config.env import env_bool, env_choice, env_int

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "pghistory",
    "procrastinate.contrib.django",
    "django_structlog",
    "accounts",
    "audit",
    "customers",
    "evaluations",
    "reports",
    "exports",
    "imports",
    "insights",
    "reminders",
]

MIDDLEWARE = [
    "accounts.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (the demo dashboard: 70 KB of HTML sent as 11 KB; static
    # files come compressed from whitenoise above). Django pads the output against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "accounts.middleware.QueryParameterGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.session_renewal.SessionRenewalMiddleware",  # the idle timeout, renewed every few minutes
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "accounts.middleware.TenancyMiddleware",  # row-level security: see accounts/tenancy.py
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.DatabaseUnavailableMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.current_business",
            ],
        },
    },
]

# PostgreSQL only: there is no SQLite fallback.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default="postgres://keeporboot:keeporboot@127.0.0.1:5432/keeporboot")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL's JIT compiler costs 80-150 ms per evaluation query and gains nothing
# on these short aggregates (measured with `make bench`), so it is off for the app.
# No statement may wait on a lock or run longer than gunicorn lets a worker live
# (config/gunicorn.conf.py, timeout 30 s): the page then answers 503 with
# Retry-After (accounts.middleware) instead of the worker being killed.
DB_STATEMENT_TIMEOUT_MS = env_int("KOB_DB_STATEMENT_TIMEOUT_MS", default=20_000)
DB_LOCK_TIMEOUT_MS = env_int("KOB_DB_LOCK_TIMEOUT_MS", default=5_000)
# Background work (imports, whole-business standings refreshes) runs in the task
# worker or a command, not under gunicorn: its transactions may take this long per
# statement (accounts.bulk.allow_long_statements).
KOB_TASK_STATEMENT_TIMEOUT_MS = env_int("KOB_TASK_STATEMENT_TIMEOUT_MS", default=15 * 60 * 1000)
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "options",
    env.str("KOB_PG_OPTIONS", default="-c jit=off")
    + f" -c statement_timeout={DB_STATEMENT_TIMEOUT_MS} -c lock_timeout={DB_LOCK_TIMEOUT_MS}",
)
# Sign-ups allowed per IP address (django-ratelimit syntax: count/period).
SIGNUP_RATE = env.str("KOB_SIGNUP_RATE", default="5/h")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# At least 12 characters, no upper limit: long passphrases are welcome.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes: after KOB_LOCKOUT_FAILURES failed sign-ins for one account from one
# address, that pair is refused for KOB_LOCKOUT_MINUTES (a success resets the count).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
KOB_LOCKOUT_FAILURES = env.int("KOB_LOCKOUT_FAILURES", default=5)
KOB_LOCKOUT_MINUTES = env.int("KOB_LOCKOUT_MINUTES", default=15)
AXES_FAILURE_LIMIT = KOB_LOCKOUT_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=KOB_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the wait is what the page says, not longer
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"

# One cache shared by every process (the database), so that throttles count
# across gunicorn workers: `make migrate` runs createcachetable. Its increment
# locks the row (accounts/cache.py), which is what django-ratelimit needs; its
# warning about backends it does not list is silenced for that reason.
CACHES = {
    "default": {"BACKEND": "accounts.cache.LockingDatabaseCache", "LOCATION": "kob_cache"},
}
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# Forms anyone can post (password reset, invitation links): this many posts per
# client address and form, then a "wait a moment" page (accounts/throttle.py).
KOB_THROTTLE_RATE = env.str("KOB_THROTTLE_RATE", default="10/15m")

# Sessions end after KOB_SESSION_IDLE_HOURS without a request and, unless "Keep
# me signed in" is ticked, when the browser closes. A signed-in request renews the
# session when its last renewal is KOB_SESSION_RENEW_SECONDS old
# (accounts.session_renewal): never a longer idle time, and no session write on
# every page (which SESSION_SAVE_EVERY_REQUEST cost: an UPDATE and a commit).
SESSION_COOKIE_AGE = env.int("KOB_SESSION_IDLE_HOURS", default=12) * 3600
SESSION_SAVE_EVERY_REQUEST = False
KOB_SESSION_RENEW_SECONDS = 5 * 60

# Two-factor sign-in (django-otp): an authenticator app (TOTP) plus one-time
# recovery codes. The issuer is the name the app shows next to the codes.
OTP_TOTP_ISSUER = "Keep or Boot"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # each business has its own zone, activated by accounts.access.business_view
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from the npm registry (package.json, pinned) and are
# served by the app itself through whitenoise: no CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A strict Content Security Policy: scripts, styles and data only from the app
# itself, no inline code (chart data travels through json_script, which is JSON,
# not script). The platform admin gets the same policy: Django 5.2's admin has no
# inline scripts or styles (tests/e2e/test_admin_csp.py opens its pages in Chromium).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# History of every change (accounts.history, audit/): database triggers write one
# event row per insert, update and delete. Who made a change travels with the
# event itself (a JSON context: user id and URL), so history rows need no shared
# table and stay the business's own. Every method carries it (a GET may create
# a business's default thresholds). Event tables index what they are read by
# (accounts.history), not every copied foreign key.
PGHISTORY_CONTEXT_FIELD = pghistory.ContextJSONField()
PGHISTORY_FOREIGN_KEY_FIELD = pghistory.ForeignKey(db_index=False)
# Imports: files larger than this are refused before they are read.
KOB_IMPORT_MAX_BYTES = env.int("KOB_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Keep or Boot <no-reply@localhost>")

# Absolute links in e-mails are built from this (services have no request to ask).
KOB_BASE_URL = env.str("KOB_BASE_URL", default="http://127.0.0.1:8000")
KOB_INVITATION_DAYS = env.int("KOB_INVITATION_DAYS", default=14)

MESSAGE_TAGS = {40: "danger"}  # Bootstrap's name for error

# Structured logs (django-structlog): one line per request (request_started,
# request_finished with request id, user id, business id, path, status code and
# duration) and per error. JSON for machines, or readable lines for a developer.
LOG_FORMAT = env_choice("DJANGO_LOG_FORMAT", default="json", choices=("json", "console"))
LOG_LEVEL = env_choice("DJANGO_LOG_LEVEL", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": structlog.processors.JSONRenderer()
            if LOG_FORMAT == "json"
            else structlog.dev.ConsoleRenderer(colors=False),
            "foreign_pre_chain": [
                structlog.contextvars.merge_contextvars,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
                structlog.stdlib.add_logger_name,
                structlog.stdlib.add_log_level,
            ],
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # procrastinate says at INFO level each task it registers, at every start-up.
    "loggers": {"procrastinate": {"level": "WARNING"}},
}
structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.filter_by_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        structlog.processors.UnicodeDecoder(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # no personal data in the logs beyond the user id

# Optional error reporting: set SENTRY_DSN to send errors to Sentry (nothing is sent without it).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
    )
