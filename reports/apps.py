from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """What people read: the home page's lists, the owner's dashboard and reports, letters and charts."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
