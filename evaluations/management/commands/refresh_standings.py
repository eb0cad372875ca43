"""Recompute the stored standings (cron at night, or after loading records outside the app)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Business
from accounts.tenancy import acting_for, all_businesses
from evaluations.standings import standings_refresh


class Command(BaseCommand):
    help = "Recompute every customer's standing, for every business or one (cron: `5 0 * * *`)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--business-id", type=int, help="Only this business.")

    def handle(self, *args, business_id: int | None = None, **options) -> None:
        with all_businesses("refresh_standings: list the businesses to refresh"):
            businesses = Business.objects.order_by("pk")
            if business_id is not None:
                businesses = businesses.filter(pk=business_id)
            businesses = list(businesses)
        if business_id is not None and not businesses:
            raise CommandError(f"There is no business with id {business_id}.")
        for business in businesses:
            with acting_for(business.pk):
                count = standings_refresh(business=business)
            self.stdout.write(f"{business.name}: {count} standings refreshed.")
