"""The weekly owner digest for cron: every business (or one), printing what it sends."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from accounts.commands import businesses_for_command
from accounts.models import Business
from accounts.tenancy import acting_for
from evaluations.services import business_today
from insights.services import WeekRun, digest_week_send


class Command(BaseCommand):
    help = (
        "E-mail this week's digest to each owner who has not had it (opted-out owners are skipped). "
        "Never sends the same owner the same week twice. Cron: 20 7 * * 1"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--business-id", type=int, help="Only this business.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; record and send nothing.")

    def handle(self, *args, business_id: int | None = None, dry_run: bool = False, **options) -> None:
        for business in businesses_for_command(business_id, command="send_digest"):
            with acting_for(business.pk):
                run = digest_week_send(business=business, today=business_today(business), dry_run=dry_run)
            self._print(business, run, dry_run)

    def _print(self, business: Business, run: WeekRun, dry_run: bool) -> None:
        digest = run.digest
        contents = (
            f"changed verdicts: {len(digest.verdict_changes)}, notice dates: {digest.notice_count}, "
            f"invoices past 60/90 days: {digest.late_count}, concentration warnings: {len(digest.concentration)}, "
            f"trending worse: {digest.early_count}"
        )
        self.stdout.write(f"{business.name} (id {business.pk}), week of {run.week:%Y-%m-%d}: {contents}.")
        for recipient in run.recipients:
            if recipient.outcome == "send":
                if dry_run:
                    status = "would send"
                elif recipient.email in run.sent:
                    status = "sent"
                elif recipient.email in run.failed:
                    status = "FAILED (see the log)"
                else:
                    status = "already sent"
            else:
                status = f"skipped: {recipient.outcome}"
            self.stdout.write(f"  {recipient.email or recipient.user.get_username()}: {status}")
        if not run.recipients:
            self.stdout.write("  no owner to send to")
