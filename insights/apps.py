from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """What changed since last week, early warnings from the monthly snapshots, and the owners' weekly digest."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "insights"
