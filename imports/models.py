"""An uploaded file on its way in, and the column mappings owners have taught us."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from customers.models.base import BusinessOwned

from .formats import FORMATS_BY_NAME, KIND_LABELS


class Kind(models.TextChoices):
    CUSTOMERS = "customers", KIND_LABELS["customers"]
    INVOICES = "invoices", KIND_LABELS["invoices"]
    PAYMENTS = "payments", KIND_LABELS["payments"]
    CALLS = "calls", KIND_LABELS["calls"]
    TIME = "time", KIND_LABELS["time"]


class Import(BusinessOwned):
    """One file an owner brings in: what it holds, how it is read, and how far it got.

    The file itself is kept in the row (the worker may run on another machine), and
    the progress and the outcome are written here so the page can show them after a
    reload.
    """

    class Status(models.TextChoices):
        NEEDS_MAPPING = "needs_mapping", "Columns to map"
        READY = "ready", "Ready to preview"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        STOPPED = "stopped", "Stopped by errors"
        FAILED = "failed", "Failed"

    class DateOrder(models.TextChoices):
        DAY_FIRST = "day", "Day first (31/01/2026)"
        MONTH_FIRST = "month", "Month first (01/31/2026)"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(default=0)
    format_name = models.CharField(max_length=40, blank=True, help_text="Empty when the owner mapped the columns.")
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    date_order = models.CharField(max_length=5, choices=DateOrder.choices, blank=True)
    date_order_known = models.BooleanField(default=False)
    duration_unit = models.CharField(max_length=8, default="hours")
    # Unmatched phone numbers of a call log: E.164 → customer id, or "skip".
    assignments = models.JSONField(default=dict, blank=True)
    valid_only = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.READY)
    stage = models.CharField(max_length=100, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Not stored: seconds per phase of the run that just ended, for the log and `make bench-import`.
    phase_seconds: dict[str, float]

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["business", "id"], name="import_business_id"),
            models.CheckConstraint(
                condition=Q(kind__in=["customers", "invoices", "payments", "calls", "time"]), name="import_kind_valid"
            ),
            models.CheckConstraint(condition=Q(rows_done__lte=models.F("rows_total")), name="import_progress_bounded"),
        ]
        indexes = [models.Index(fields=["business", "-created_at"], name="import_business_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.filename}"

    @property
    def format_label(self) -> str:
        known = FORMATS_BY_NAME.get(self.format_name)
        return known.label if known else ""

    @property
    def percent_done(self) -> int:
        if self.status in (self.Status.DONE, self.Status.STOPPED):
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.STOPPED, self.Status.FAILED)

    @property
    def month_first(self) -> bool:
        return self.date_order == self.DateOrder.MONTH_FIRST


class ColumnMapping(BusinessOwned):
    """How a business's files from one source map to our fields, remembered for next time.

    The source is the file's set of headers (``source_key``), so next month's export
    from the same tool is read without asking again.
    """

    kind = models.CharField(max_length=12, choices=Kind.choices)
    source_key = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["business", "kind", "source_key"], name="columnmapping_one_per_source"),
        ]


class RememberedMatch(BusinessOwned):
    """Whose a name or number in the owner's files is, when it matches no customer: chosen once, used again.

    A time tracker's client written "ACME (support)", a caller's number that is not on
    the customer's record: the owner assigns it to a customer or skips its rows on the
    preview, and later files from the same business follow that choice.
    """

    kind = models.CharField(max_length=12, choices=[(k, v) for k, v in Kind.choices if k in ("calls", "time")])
    # The E.164 number (calls) or the client's normalised name (time).
    key = models.CharField(max_length=200)
    label = models.CharField(max_length=200, help_text="As the file wrote it.")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    skip = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["business", "kind", "key"], name="rememberedmatch_one_per_key"),
            models.CheckConstraint(condition=Q(kind__in=["calls", "time"]), name="rememberedmatch_kind_valid"),
            models.CheckConstraint(
                condition=Q(customer__isnull=True, skip=True) | Q(customer__isnull=False, skip=False),
                name="rememberedmatch_customer_or_skip",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} → {'skipped' if self.skip else self.customer_id}"
