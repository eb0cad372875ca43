"""``manage.py seed_demo``: the demo business, once; or a large generated business for benchmarks."""

from __future__ import annotations

import datetime
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.demo import (
    BENCHMARK_OWNER_EMAIL,
    BENCHMARK_PASSWORD,
    DEMO_BUSINESS,
    DEMO_OWNER,
    DEMO_STAFF,
    ensure_benchmark_business,
    ensure_demo_business,
    ensure_demo_team,
)
from accounts.models import Business
from accounts.tenancy import acting_for, all_businesses
from customers.demo.generator import DEFAULT_SEED, DEMO_CUSTOMERS, DEMO_MONTHS, BusinessNotEmpty, demo_data_create
from customers.demo.writer import Totals
from customers.models import Customer


def has_customers(business: Business) -> bool:
    with acting_for(business.pk):
        return Customer.objects.filter(business=business).exists()


class Command(BaseCommand):
    help = (
        "Create the demo business with its logins and fill it once with about 40 customers and 18 months of "
        "history. It never changes a business that already has customers. With --business-name, fill a "
        "separate business instead (for benchmarks), e.g. --business-name 'Benchmark Co' --customers 10000 "
        "--months 20."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--business-name", help=f"Default: the demo business, “{DEMO_BUSINESS}”.")
        parser.add_argument("--customers", type=int, help=f"How many customers (default {DEMO_CUSTOMERS}).")
        parser.add_argument("--months", type=int, default=DEMO_MONTHS, help="Months of history ending today.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed (same seed, same data).")
        parser.add_argument("--owner-email", default=BENCHMARK_OWNER_EMAIL, help="Owner login of a new business.")
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Pretend today is YYYY-MM-DD.")

    def handle(self, *args, **options) -> None:
        # Outside a request, and across businesses: it finds or creates one by name, users and memberships.
        with all_businesses("seeding demo data"):
            self._seed(options)

    def _seed(self, options) -> None:
        name = (options["business_name"] or DEMO_BUSINESS).strip()
        customers = options["customers"] or DEMO_CUSTOMERS
        if options["customers"] is not None and not 1 <= options["customers"] <= 1_000_000:
            raise CommandError("--customers must be between 1 and 1,000,000.")
        if not 1 <= options["months"] <= 120:
            raise CommandError("--months must be between 1 and 120.")
        demo = name == DEMO_BUSINESS
        if demo:
            business, created = ensure_demo_business()
            with acting_for(business.pk):
                existing = Customer.objects.filter(business=business).count()
            if existing:
                self.stdout.write(
                    f"The demo business “{business.name}” already has {existing} customers: nothing changed."
                )
                self._print_demo_logins()
                return
            ensure_demo_team(business)
            self.stdout.write(f"{'Created' if created else 'Filling'} the demo business “{business.name}”.")
        else:
            found = Business.objects.filter(name=name).order_by("id").first()
            if found is not None and has_customers(found):
                raise CommandError(f"“{name}” already has customers: nothing was changed. Pick another name.")
            if found is None:
                business, created = ensure_benchmark_business(name, options["owner_email"])
            else:
                business, created = found, False
            self.stdout.write(f"Filling “{business.name}” with {customers:,} customers and {options['months']} months.")
        started = time.monotonic()

        def progress(totals: Totals) -> None:
            self.stdout.write(
                f"  {totals.customers:,} / {customers:,} customers, {totals.interactions:,} interactions, "
                f"{totals.invoices:,} invoices ({time.monotonic() - started:.0f} s)"
            )

        try:
            totals = demo_data_create(
                business=business,
                customers=customers,
                months=options["months"],
                seed=options["seed"],
                characters=demo,
                today=options["today"],
                progress=progress if customers > 1000 else None,
            )
        except BusinessNotEmpty as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        except ValueError as error:  # e.g. an existing business without members to handle its customers
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s:"))
        for field in Totals.names():
            self.stdout.write(f"  {field.replace('_', ' ')}: {getattr(totals, field):,}")
        if demo:
            if options["today"] is None:
                # A year of monthly snapshots, so the reports show how customers changed.
                self.stdout.write("Storing the last 12 months' snapshots of every customer…")
                call_command("snapshot_evaluations", business_id=business.pk, backfill=11, verbosity=0)
                # Last week's verdicts, so the dashboard's "What changed since last week" has a week to compare with.
                call_command("record_weekly_verdicts", business_id=business.pk, backfill=1, verbosity=0)
            self._print_demo_logins()
        elif created:
            self.stdout.write(f"  Owner login: {options['owner_email']} / {BENCHMARK_PASSWORD}")

    def _print_demo_logins(self) -> None:
        self.stdout.write(f"  Owner login: {DEMO_OWNER[0]} / {DEMO_OWNER[1]}")
        self.stdout.write(f"  Staff login: {DEMO_STAFF[0]} / {DEMO_STAFF[1]}")
