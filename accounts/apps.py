from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Businesses and people"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import pre_migrate

        from . import tenancy

        # A persistent connection never carries one request's business into the next.
        request_started.connect(tenancy.reset_at_request_start, dispatch_uid="tenancy_reset_at_request_start")
        request_finished.connect(tenancy.reset_at_request_end, dispatch_uid="tenancy_reset_at_request_end")
        # Migrations read and write every business's rows (data migrations), by name.
        pre_migrate.connect(tenancy.bypass_for_migrations, dispatch_uid="tenancy_bypass_for_migrations")

        from . import request_logging

        # One JSON line per request with its business (django-structlog).
        request_logging.connect()

        from django.contrib.auth.signals import user_logged_in

        from .session_renewal import stamp_at_sign_in

        # A new session counts as just renewed: the next pages write nothing.
        user_logged_in.connect(stamp_at_sign_in, dispatch_uid="session_renewal_stamp_at_sign_in")
