"""Import a file for one business from the command line: what the import page does, for scripts."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Business
from accounts.tenancy import acting_for
from imports import services
from imports.formats import FIELDS, FORMATS_BY_NAME
from imports.models import Import


class Command(BaseCommand):
    help = "Import customers, invoices, payments, calls or time entries from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("--business-id", type=int, required=True)
        parser.add_argument("--kind", required=True, choices=list(FIELDS))
        parser.add_argument("--format", default="", choices=["", *FORMATS_BY_NAME], help="skip recognition")
        parser.add_argument("--valid-only", action="store_true", help="import the valid rows even if some have errors")
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        business_id = options["business_id"]
        with acting_for(business_id):
            business = Business.objects.filter(pk=business_id).first()
            if business is None:
                raise CommandError(f"There is no business with id {business_id}.")
            try:
                job = services.import_upload(
                    business=business,
                    kind=options["kind"],
                    filename=path.name,
                    content=path.read_bytes(),
                    format_name=options["format"],
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            if job.status == Import.Status.NEEDS_MAPPING:
                raise CommandError(
                    "The columns of this file are not recognised. Map them once on the import page "
                    "(they are remembered for this business), or give --format."
                )
            job.valid_only = options["valid_only"]
            job.save(update_fields=["valid_only"])
            job = services.import_execute(import_id=job.pk, business_id=business_id)
        for problem in job.problems:
            self.stderr.write(problem)
        self.stdout.write(
            f"created {job.created}, updated {job.updated}, unchanged {job.unchanged}, errors {job.errors}"
        )
        if job.status != Import.Status.DONE:
            raise CommandError(f"Nothing was imported ({job.get_status_display().lower()}).")
