from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Businesses and people"

    def ready(self) -> None:
        from . import request_logging

        request_logging.connect()
