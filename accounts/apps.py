from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Businesses and people"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from . import tenancy

        # A persistent connection never carries one request's business into the next.
        request_started.connect(tenancy.reset_at_request_start, dispatch_uid="tenancy_reset_at_request_start")
        request_finished.connect(tenancy.reset_at_request_end, dispatch_uid="tenancy_reset_at_request_end")
