"""Check that the stored standings equal the same computed now; list every difference (there should be none)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.commands import businesses_for_command
from accounts.tenancy import acting_for
from evaluations.standings import standings_verify


class Command(BaseCommand):
    help = "Recompute every standing and list any difference from the stored one (exit status 1 if any)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--business-id", type=int, help="Only this business.")

    def handle(self, *args, business_id: int | None = None, **options) -> None:
        businesses = businesses_for_command(business_id, command="verify_standings")
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
