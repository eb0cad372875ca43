"""Send the payment reminders due today, for cron (the task runner does the same every morning)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from accounts.commands import businesses_for_command
from accounts.tenancy import acting_for, all_businesses
from evaluations import formatting
from reminders.models import ReminderSettings, step_name
from reminders.selectors import DueReminder
from reminders.sending import SendReport, reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the payment reminders due today on each business's schedule, and list the customers to call "
        "(cron: `0 9 * * *`). Safe to run again: a reminder is never sent twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--business-id", type=int, help="Only this business.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent; send and record nothing.")

    def handle(self, *args, business_id: int | None = None, dry_run: bool = False, **options) -> None:
        businesses = businesses_for_command(business_id, command="send_reminders")
        with all_businesses("send_reminders: which businesses have reminders on"):
            enabled = set(ReminderSettings.objects.filter(enabled=True).values_list("business_id", flat=True))
        if business_id is None and not enabled:
            self.stdout.write("No business has payment reminders switched on (Reminders page): nothing sent.")
        for business in businesses:
            if business.pk not in enabled:
                if business_id is not None:
                    self.stdout.write(f"{business.name}: reminders are switched off (Reminders page); nothing sent.")
                continue
            with acting_for(business.pk):
                report = reminders_send(business=business, dry_run=dry_run)
            self.write_report(report)

    def write_report(self, report: SendReport) -> None:
        business = report.business
        verb = "would e-mail" if report.dry_run else "e-mailed"
        self.stdout.write(
            f"{business.name} ({report.today:%b %-d, %Y}): {verb} {len(report.emailed)}, "
            f"to call {len(report.to_call)}, not sent {len(report.failed)}, "
            f"already sent {len(report.already_claimed)}."
        )
        for item in report.emailed:
            self.stdout.write(f"  {verb}  {self.describe(report, item)} to {item.email}")
        for item in report.to_call:
            self.stdout.write(f"  to call  {self.describe(report, item)}: {item.phone or 'no phone on record'}")
        for item, reason in report.failed:
            self.stdout.write(f"  NOT SENT  {self.describe(report, item)} to {item.email}: {reason}")

    @staticmethod
    def describe(report: SendReport, item: DueReminder) -> str:
        amount = formatting.money(item.balance, report.business.currency_symbol)
        return f"invoice {item.invoice_number}, {item.customer_name}, {amount} open, {step_name(item.step.days)},"
