"""Nightly: store this month's evaluation of every customer of every business (cron)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.commands import businesses_for_command
from accounts.tenancy import acting_for
from evaluations.periods import add_months, month_start
from evaluations.services import business_today, snapshot_month


def parse_month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as exc:
        raise CommandError(f"“{value}” is not a month: use YYYY-MM, for example 2026-03.") from exc


class Command(BaseCommand):
    help = (
        "Store a monthly snapshot of every customer's figures, ratings and verdict. "
        "Re-running replaces that month's snapshot only; other months are never touched."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--month", type=parse_month, help="YYYY-MM (default: the current month in each business's time zone)"
        )
        parser.add_argument("--business-id", type=int, help="Only this business.")
        parser.add_argument(
            "--backfill",
            type=int,
            default=0,
            metavar="N",
            help="Also store the N months before (for a new installation or imported history).",
        )

    def handle(
        self,
        *args,
        month: datetime.date | None = None,
        business_id: int | None = None,
        backfill: int = 0,
        **options,
    ) -> None:
        if not 0 <= backfill <= 120:
            raise CommandError("--backfill must be between 0 and 120 months.")
        for business in businesses_for_command(business_id, command="snapshot_evaluations"):
            chosen = month_start(month or business_today(business))
            for back in range(backfill, -1, -1):
                target = add_months(chosen, -back)
                try:
                    with acting_for(business.pk):
                        count = snapshot_month(business=business, month=target)
                except ValidationError as exc:
                    raise CommandError(f"{business.name}: {' '.join(exc.messages)}") from exc
                if options.get("verbosity", 1):
                    self.stdout.write(f"{business.name}: {count} customers snapshotted for {target:%Y-%m}.")
