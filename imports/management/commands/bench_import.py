"""`make bench-import`: generate a Toggl time report of N rows, import it, print how long it took.

A benchmark, not a test: the goal is 100,000 rows in under 60 s on the project's
2-core machine. The bench business ("Import Bench Co") is created once with its
customers and team; its imported time entries are removed before each run so every
run writes all rows.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import random
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection

from accounts.models import Business, Membership
from accounts.tenancy import acting_for, all_businesses
from customers.models import Customer, Interaction
from imports import services
from imports.models import Import

BENCH_NAME = "Import Bench Co"
CUSTOMERS = 2000
PEOPLE = 20


class Command(BaseCommand):
    help = "Time importing a generated N-row time-tracker file (default 100,000)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=9)

    def handle(self, *args, **options):
        with all_businesses("find or create the import benchmark business"):
            business, _ = Business.objects.get_or_create(
                name=BENCH_NAME, defaults={"time_zone": "Europe/London", "country": "GB", "currency": "GBP"}
            )
        with acting_for(business.pk):
            names = self._prepare(business)
            content = self._file(names, options["rows"], random.Random(options["seed"]))  # noqa: S311
            self.stdout.write(f"Generated {options['rows']:,} rows ({len(content) / 1_048_576:.1f} MB).")
            cpu_before = self._cpu_seconds()
            started = time.perf_counter()
            job = services.import_upload(business=business, kind="time", filename="bench.csv", content=content)
            uploaded = time.perf_counter()
            job = services.import_execute(import_id=job.pk, business_id=business.pk)
            finished = time.perf_counter()
            cpu = {name: after - cpu_before[name] for name, after in self._cpu_seconds().items()}
            Import.objects.filter(pk=job.pk).delete()
        self.stdout.write(
            f"{job.get_status_display()}: created {job.created}, updated {job.updated}, "
            f"unchanged {job.unchanged}, errors {job.errors}"
        )
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in getattr(job, "phase_seconds", {}).items())
        self.stdout.write(f"read and recognise {uploaded - started:.1f} s, {phases}")
        self.stdout.write(
            f"total {finished - started:.1f} s (goal: under 60 s for 100,000 rows); "
            f"load average {' '.join(f'{load:.2f}' for load in os.getloadavg())} on {os.cpu_count()} cores"
        )
        # On a busy machine the wall time is mostly waiting for a core; the CPU time used is steadier.
        self.stdout.write("CPU time used: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in cpu.items()))

    def _cpu_seconds(self) -> dict[str, float]:
        """CPU seconds used so far by this process and, when it runs on this machine, its database backend."""
        times = os.times()
        used = {"Python": times.user + times.system}
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return used  # the database runs elsewhere
        used["PostgreSQL"] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        return used

    def _prepare(self, business: Business) -> list[str]:
        Interaction.objects.filter(business=business).exclude(import_fingerprint="").delete()
        if not Customer.objects.filter(business=business).exists():
            Customer.objects.bulk_create(
                Customer(business=business, name=f"Client {n:05d}", customer_since=datetime.date(2024, 1, 1))
                for n in range(CUSTOMERS)
            )
        return list(Customer.objects.filter(business=business).values_list("name", flat=True))

    def _file(self, names: list[str], rows: int, rng: random.Random) -> bytes:
        people = [f"Person {n}" for n in range(PEOPLE)] + [
            m.user.get_full_name() for m in Membership.objects.filter(business__name=BENCH_NAME).select_related("user")
        ]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["User", "Email", "Client", "Project", "Description", "Start date", "Start time", "End date",
                         "End time", "Duration", "Tags"])  # fmt: skip
        start = datetime.datetime(2025, 1, 1, 8, 0)
        for n in range(rows):
            begin = start + datetime.timedelta(minutes=7 * n)
            minutes = rng.randint(5, 180)
            end = begin + datetime.timedelta(minutes=minutes)
            writer.writerow(
                [rng.choice(people), "", rng.choice(names), "Support", f"Task {n}", begin.date().isoformat(),
                 begin.strftime("%H:%M:%S"), end.date().isoformat(), end.strftime("%H:%M:%S"),
                 f"{minutes // 60:02d}:{minutes % 60:02d}:00", ""]
            )  # fmt: skip
        return buffer.getvalue().encode()
