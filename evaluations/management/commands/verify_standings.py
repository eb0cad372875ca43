"""Check that the stored standings equal the same computed now; list every difference (there should be none)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Business
from accounts.tenancy import acting_for, all_businesses
from evaluations.standings import standings_verify


class Command(BaseCommand):
    help = "Recompute every standing and list any difference from the stored one (exit status 1 if any)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--business-id", type=int, help="Only this business.")

    def handle(self, *args, business_id: int | None = None, **options) -> None:
        with all_businesses("verify_standings: list the businesses to check"):
            businesses = Business.objects.order_by("pk")
            if business_id is not None:
                businesses = businesses.filter(pk=business_id)
            businesses = list(businesses)
        if business_id is not None and not businesses:
            raise CommandError(f"There is no business with id {business_id}.")
        total = 0
        for business in businesses:
            with acting_for(business.pk):
                differences = standings_verify(business)
            for d in differences:
                self.stdout.write(
                    f"{business.name}: customer {d.customer_id} {d.what}: stored {d.stored!r}, now {d.fresh!r}"
                )
            self.stdout.write(f"{business.name}: {len(differences)} differences.")
            total += len(differences)
        if total:
            raise CommandError(f"{total} differences between stored and fresh standings.")
