"""Nightly: store this month's evaluation of every customer of every business (cron)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Business
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

    def handle(self, *args, month: datetime.date | None = None, business_id: int | None = None, **options) -> None:
        businesses = Business.objects.order_by("pk")
        if business_id is not None:
            businesses = businesses.filter(pk=business_id)
        for business in businesses:
            chosen = month or business_today(business)
            try:
                count = snapshot_month(business=business, month=chosen)
            except ValidationError as exc:
                raise CommandError(f"{business.name}: {' '.join(exc.messages)}") from exc
            self.stdout.write(f"{business.name}: {count} customers snapshotted for {chosen:%Y-%m}.")
