"""Writes for imports: upload, map columns, choose options, queue, and run.

An import runs in two steps that read the file the same way: the preview
(``import_plan``, read only) and the run (``import_execute``), which plans again
and writes everything in one transaction, or nothing when a row has an error and
the owner did not choose to import only the valid rows.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts import bulk
from accounts.models import Business
from accounts.tenancy import acting_for
from customers.models import Customer
from customers.services import constraint_error
from evaluations.models import StandingQueue
from evaluations.standings import standings_refresh

from .formats import FIELDS, FORMATS_BY_NAME, Format, recognise
from .kinds import activity, customers, invoices, payments
from .kinds.base import NEW_CUSTOMER, SKIP, Context, Plan, Record
from .models import ColumnMapping, Import, RememberedMatch
from .progress import ProgressWriter
from .tables import Table, TableProblem, normalise_header, read_table
from .values import date_order_evidence, normalise_name

logger = logging.getLogger(__name__)

PROBLEMS_KEPT = 200
DATE_FIELDS = ("customer_since", "issue_date", "due_date", "date")


def source_key(headers: list[str]) -> str:
    """Identifies a file's source by its set of headers, for remembered mappings."""
    return hashlib.sha256("\n".join(sorted(normalise_header(h) for h in headers if h)).encode()).hexdigest()


def _mapping_for(fmt: Format, headers: list[str]) -> dict[str, str]:
    by_normalised = {normalise_header(h): h for h in headers}
    return {
        name: by_normalised[normalise_header(header)]
        for name, header in fmt.columns.items()
        if normalise_header(header) in by_normalised
    }


def read(job: Import) -> Table:
    """The job's file as a table, its header row found as at upload."""
    return read_table(bytes(job.content), job.filename, is_header=lambda h: recognise(job.kind, h) is not None)


def records_of(job: Import, table: Table) -> list[Record]:
    positions = {header: i for i, header in enumerate(table.headers)}
    columns = {name: positions[header] for name, header in job.mapping.items() if header in positions}
    labels = {name: table.headers[i] for name, i in columns.items()}
    return [Record(row, {name: cells[i] for name, i in columns.items()}, labels) for row, cells in table.rows]


def _detect_date_order(job: Import, table: Table, fmt: Format | None) -> None:
    business = job.business
    if fmt is not None and fmt.date_order:
        job.date_order, job.date_order_known = fmt.date_order, True
        return
    columns = [table.headers.index(job.mapping[n]) for n in DATE_FIELDS if job.mapping.get(n) in table.headers]
    evidence = date_order_evidence(cells[i] for _, cells in table.rows for i in columns)
    job.date_order_known = evidence is not None
    default = "month" if business.dates_month_first else "day"
    job.date_order = evidence if evidence in Import.DateOrder.values else default


def check_size(size: int) -> None:
    """Refuse files over KOB_IMPORT_MAX_BYTES with a message that says what to do."""
    limit = settings.KOB_IMPORT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"This file is {size / 1_048_576:.1f} MB; files up to {limit / 1_048_576:.1f} MB can be imported. "
            "Split it into smaller files."
        )


def import_upload(
    *, business: Business, kind: str, filename: str, content: bytes, created_by=None, format_name: str = ""
) -> Import:
    """Store an uploaded file and recognise its format (or a mapping remembered for its source)."""
    check_size(len(content))
    if kind not in FIELDS:
        raise ValidationError(f"Unknown kind of import “{kind}”.")
    job = Import(business=business, kind=kind, filename=filename[:255], content=content, size=len(content))
    job.created_by = created_by
    try:
        table = read(job)
    except TableProblem as problem:
        raise ValidationError(str(problem)) from problem
    if not table.rows:
        raise ValidationError("The file has a header row but no rows of data.")
    job.headers = table.headers
    normalised = [normalise_header(h) for h in table.headers]
    fmt = FORMATS_BY_NAME.get(format_name) if format_name else recognise(kind, normalised)
    if format_name and (fmt is None or fmt.kind != kind):
        raise ValidationError(f"“{format_name}” is not a known format for {kind}.")
    remembered = (
        ColumnMapping.objects.filter(business=business, kind=kind, source_key=source_key(table.headers)).first()
        if fmt is None
        else None
    )
    if fmt is not None:
        job.format_name, job.mapping, job.duration_unit = fmt.name, _mapping_for(fmt, table.headers), fmt.duration_unit
        job.status = Import.Status.READY
    elif remembered is not None:
        job.mapping, job.status = remembered.mapping, Import.Status.READY
    else:
        job.status = Import.Status.NEEDS_MAPPING
    if fmt is None:
        job.duration_unit = "seconds" if kind == "calls" else "hours"
    job.rows_total = len(table.rows)
    _detect_date_order(job, table, fmt)
    job.save()
    return job


@transaction.atomic
def import_map_columns(*, job: Import, mapping: dict[str, str]) -> Import:
    """Save the owner's column mapping on the import and remember it for the business and source."""
    missing = [f.label for f in FIELDS[job.kind] if f.required and not mapping.get(f.name)]
    if missing:
        raise ValidationError(f"Choose a column for: {', '.join(missing)}.")
    unknown = [header for header in mapping.values() if header and header not in job.headers]
    if unknown:
        raise ValidationError(f"The file has no column {', '.join(unknown)}.")
    job.mapping = {name: header for name, header in mapping.items() if header}
    job.status = Import.Status.READY
    table = read(job)
    _detect_date_order(job, table, None)
    job.save(update_fields=["mapping", "status", "date_order", "date_order_known", "updated_at"])
    ColumnMapping.objects.update_or_create(
        business=job.business,
        kind=job.kind,
        source_key=source_key(job.headers),
        defaults={"mapping": job.mapping, "created_by": job.created_by},
    )
    return job


@transaction.atomic
def import_set_options(*, job: Import, date_order: str, assignments: dict[str, str]) -> Import:
    """The owner's answers on the preview: how dates are written, and whose the unmatched numbers or clients are.

    ``assignments`` maps a number (calls) or a client as the file writes it (time) to a
    customer id, "skip", or for a client "new" (add it as a customer). Customer and skip
    choices are remembered for the business's later files (``RememberedMatch``).
    """
    if date_order not in Import.DateOrder.values:
        raise ValidationError("Choose whether dates are written day first or month first.")
    choices = {text.strip(): value for text, value in assignments.items() if value and text.strip()}
    allowed = {SKIP, NEW_CUSTOMER} if job.kind == "time" else {SKIP}
    ids = {value for value in choices.values() if value not in allowed}
    if not all(value.isdigit() and len(value) < 19 for value in ids):
        raise ValidationError("Choose a customer, or what to do with these rows.")
    wanted = {int(value) for value in ids}
    found = set(Customer.objects.filter(business=job.business, pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        raise ValidationError("Choose customers of this business.")
    by_key = {_match_key(job.kind, text): (text, value) for text, value in choices.items()}
    by_key.pop("", None)
    job.date_order, job.date_order_known = date_order, True
    job.assignments = {key: value for key, (_, value) in by_key.items()}
    job.save(update_fields=["date_order", "date_order_known", "assignments", "updated_at"])
    for key, (text, value) in by_key.items():
        if value != NEW_CUSTOMER:
            customer_id = None if value == SKIP else int(value)
            RememberedMatch.objects.update_or_create(
                business=job.business,
                kind=job.kind,
                key=key[:200],
                defaults={"label": text[:200], "customer_id": customer_id, "skip": customer_id is None},
            )
    return job


def _match_key(kind: str, text: str) -> str:
    """How a number or a client is looked up: E.164 as the preview lists it, or the normalised name."""
    return text if kind == "calls" else normalise_name(text)


def context_for(job: Import, progress=None) -> Context:
    """What the rows are read against; the owner's remembered matches first, this file's choices over them."""
    remembered = {}
    if job.kind in ("calls", "time"):
        matches = RememberedMatch.objects.filter(business=job.business, kind=job.kind)
        remembered = {
            key: SKIP if skip else str(customer_id)
            for key, customer_id, skip in matches.values_list("key", "customer_id", "skip")
        }
    return Context(
        business=job.business,
        month_first=job.month_first,
        duration_unit=job.duration_unit,
        assignments=remembered | job.assignments,
        created_by=job.created_by,
        progress=progress or (lambda done, stage: None),
    )


def import_plan(*, job: Import, progress=None, limit: int | None = None) -> Plan:
    """What the import would do with every row, or the first ``limit`` rows (reads only)."""
    records = records_of(job, read(job))[:limit]
    context = context_for(job, progress)
    if job.kind == "customers":
        return customers.plan(context, records)
    if job.kind == "invoices":
        return invoices.plan(context, records)
    if job.kind == "payments":
        return payments.plan(context, records)
    return activity.plan(context, records, kind=job.kind)


@transaction.atomic
def import_queue(*, job: Import, valid_only: bool) -> Import:
    """Hand the import to the worker (after this transaction commits), once.

    The row is locked first: of two "Import" clicks arriving together, the second
    waits for the first to commit, then reads "queued" and is refused, so the
    file is queued once.
    """
    from .tasks import run_import

    status = Import.objects.select_for_update().filter(pk=job.pk, business=job.business_id).values_list("status")
    job.status = status.get()[0]
    if job.status not in (Import.Status.READY, Import.Status.STOPPED, Import.Status.FAILED):
        raise ValidationError("This import has already started.")
    job.valid_only, job.status, job.stage, job.rows_done = valid_only, Import.Status.QUEUED, "Waiting to start", 0
    job.save(update_fields=["valid_only", "status", "stage", "rows_done", "updated_at"])
    transaction.on_commit(lambda: run_import.defer(import_id=job.pk, business_id=job.business_id))
    return job


def import_execute(*, import_id: int, business_id: int) -> Import:
    """Run an import: plan every row, then write all of it in one transaction, or nothing.

    Called by the worker and by ``manage.py import_records``; acts for the one business.
    """
    with acting_for(business_id):
        job = Import.objects.select_related("business").get(pk=import_id, business_id=business_id)
        job.status, job.stage = Import.Status.RUNNING, "Checking rows"
        job.save(update_fields=["status", "stage", "updated_at"])
        progress = ProgressWriter(job.pk, business_id, job.rows_total)
        try:
            _execute(job, progress)
        except ValidationError as exc:
            _fail(job, exc.messages)
        except Exception:
            # Tell the owner instead of leaving the page at "Importing…"; the worker logs the error.
            _fail(job, ["The import stopped on an unexpected error. Nothing was imported."])
            raise
        finally:
            progress.close()
            job.finished_at = timezone.now()
            job.rows_done = job.rows_total
            job.stage = job.get_status_display()
            job.save()
        return job


def _fail(job: Import, messages: list[str]) -> None:
    job.status, job.problems = Import.Status.FAILED, messages[:PROBLEMS_KEPT]
    job.created = job.updated = 0


def _execute(job: Import, progress: ProgressWriter) -> None:
    phases = job.phase_seconds = {}  # where the time goes, for the log and `make bench-import`
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        phases[name] = round(time.perf_counter() - clock, 2)
        clock = time.perf_counter()

    with transaction.atomic():
        bulk.allow_long_statements()  # a large file's writes outlast a web request's limit
        plan = import_plan(job=job, progress=lambda done, stage: progress(done // 2, stage))
        lap("check rows")
        job.errors = plan.error_count
        job.problems = plan.problems()[:PROBLEMS_KEPT]
        job.created, job.updated, job.unchanged = plan.count("new"), plan.count("update"), plan.count("unchanged")
        if plan.error_count and not job.valid_only:
            job.status = Import.Status.STOPPED
            job.created = job.updated = 0
            return
        progress(job.rows_total // 2, "Writing", force=True)
        try:
            with transaction.atomic():
                plan.apply()
                lap("write rows and history")
                # Check the deferred same-business foreign keys now, so a refusal becomes a message here.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                lap("check constraints")
        except IntegrityError as exc:
            raise constraint_error(exc) from exc
        progress(job.rows_total * 9 // 10, "Updating the verdicts", force=True)
        _refresh_standings(job.business)
        lap("refresh standings")
        job.status = Import.Status.DONE
    logger.info("Import %s wrote %s rows; seconds per phase: %s", job.pk, job.rows_total, phases)


def _refresh_standings(business: Business) -> None:
    """Recompute, in the import's transaction, the standings of the customers its writes queued.

    The database triggers queued every customer whose records the import touched,
    as they would for rows written one by one; refreshing them here means the
    dashboard shows the imported figures as soon as the import commits.
    """
    queued = StandingQueue.objects.filter(business_id=business.pk).values_list("customer_id", flat=True)
    standings_refresh(business=business, customer_ids=list(queued))
