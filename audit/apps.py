from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Reading the history of every change: the record pages' History sections and Recent changes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
