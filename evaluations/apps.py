from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"

    def ready(self) -> None:
        from customers import changes

        from .standings import standings_refresh_changed

        # Every write to a customer's records refreshes its standing in the same transaction.
        changes.subscribe(standings_refresh_changed)
