"""Record this week's verdicts (what "What changed since last week" compares with), or earlier weeks' too."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.commands import businesses_for_command
from accounts.tenancy import acting_for
from evaluations.services import business_today
from insights.services import weekly_verdicts_backfill, weekly_verdicts_record


class Command(BaseCommand):
    help = (
        "Store every customer's verdict for this week (send_digest does it too), and with --backfill N the N weeks "
        "before, each evaluated from the records on its Monday. A week already recorded is kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--business-id", type=int, help="Only this business.")
        parser.add_argument("--backfill", type=int, default=0, help="Also the N weeks before this one (0 to 12).")

    def handle(self, *args, business_id: int | None = None, backfill: int = 0, **options) -> None:
        if not 0 <= backfill <= 12:
            raise CommandError("--backfill must be between 0 and 12 weeks.")
        for business in businesses_for_command(business_id, command="record_weekly_verdicts"):
            today = business_today(business)
            with acting_for(business.pk):
                earlier = weekly_verdicts_backfill(business=business, today=today, weeks=backfill)
                now = weekly_verdicts_record(business=business, today=today)
            if options.get("verbosity", 1):
                self.stdout.write(
                    f"{business.name}: {now} verdicts recorded for this week, {earlier} for earlier weeks."
                )
