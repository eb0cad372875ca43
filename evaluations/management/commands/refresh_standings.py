"""Recompute the stored standings (cron at night, or after loading records outside the app)."""

from django.core.management.base import BaseCommand

from accounts.commands import businesses_for_command
from accounts.tenancy import acting_for
from evaluations.standings import standings_refresh


class Command(BaseCommand):
    help = "Recompute every customer's standing, for every business or one (cron: `5 0 * * *`)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--business-id", type=int, help="Only this business.")

    def handle(self, *args, business_id: int | None = None, **options) -> None:
        for business in businesses_for_command(business_id, command="refresh_standings"):
            with acting_for(business.pk):
                count = standings_refresh(business=business)
            self.stdout.write(f"{business.name}: {count} standings refreshed.")
