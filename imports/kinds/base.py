"""What every kind of import shares: the rows it reads, what each becomes, the plan it writes."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from accounts import bulk
from accounts.models import Business

from ..values import ValueProblem, parse_amount, parse_date, parse_datetime

# The owner's choice for an unmatched client of a time file: add it as a customer.
NEW_CUSTOMER = "new"

NEW, UPDATE, UNCHANGED, DUPLICATE, ERROR, SKIP, UNMATCHED = (
    "new",
    "update",
    "unchanged",
    "duplicate",
    "error",
    "skip",
    "unmatched",
)


@dataclass
class Record:
    """One data row: its number in the file and its cells by our field names."""

    row: int
    values: dict[str, str]
    labels: dict[str, str]  # field → the column's header in the file, for messages

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()


@dataclass
class RowResult:
    row: int
    action: str
    summary: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)


if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class Context:
    business: Business
    month_first: bool
    duration_unit: str = "hours"
    assignments: dict[str, object] = field(default_factory=dict)
    created_by: User | None = None
    progress: Callable[[int, str], None] = lambda done, stage: None


@dataclass
class Plan:
    """What an import would do, row by row, and the writes that do it."""

    results: list[RowResult] = field(default_factory=list)
    apply: Callable[[], None] = lambda: None
    # Phone numbers (calls) or clients (time) that match no customer → their rows, for the owner to assign.
    unmatched_numbers: dict[str, int] = field(default_factory=dict)

    def count(self, action: str) -> int:
        return sum(1 for result in self.results if result.action == action)

    @property
    def error_count(self) -> int:
        return self.count(ERROR)

    def problems(self) -> list[str]:
        return [f"row {r.row}, {message}" for r in self.results for message in r.errors]


class RowErrors:
    """Collects a row's problems as 'Due date: '31/02/2026' is not a date'."""

    def __init__(self, record: Record):
        self.record = record
        self.messages: list[str] = []

    def add(self, name: str, message: str) -> None:
        self.messages.append(f"{self.record.labels.get(name, name)}: {message}")

    def required(self, name: str) -> str:
        value = self.record.get(name)
        if not value:
            self.add(name, "is empty")
        return value

    def amount(self, name: str) -> Decimal | None:
        value = self.record.get(name)
        if not value:
            return None
        try:
            return parse_amount(value)
        except ValueProblem as problem:
            self.add(name, str(problem))
            return None

    def date(self, name: str, context: Context) -> datetime.date | None:
        value = self.record.get(name)
        if not value:
            return None
        try:
            return parse_date(value, month_first=context.month_first)
        except ValueProblem as problem:
            self.add(name, str(problem))
            return None

    def datetime(self, name: str, context: Context) -> tuple[datetime.date, datetime.time | None] | None:
        value = self.record.get(name)
        if not value:
            return None
        try:
            return parse_datetime(value, month_first=context.month_first)
        except ValueProblem as problem:
            self.add(name, str(problem))
            return None


def _column(field: object) -> str:
    """A concrete field's column name (reverse relations and the like have none)."""
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise TypeError(f"{field} is not a column")
    return column


def copy_rows(model: type[models.Model], rows: list[dict]) -> None:
    """Insert many rows with COPY (``accounts.bulk``): the set-based write a 100,000-row file needs.

    Every row gives the same columns; ``created_at``/``updated_at`` are set here, as
    ``auto_now`` would. Any other column the rows leave out gets the model field's
    default (``version`` and the like): COPY is plain SQL, and a Django ``default``
    is not a database default, so leaving it out would insert NULL. Constraints,
    triggers and row-level security apply as for any insert.
    """
    if not rows:
        return
    now = timezone.now()
    given = [*rows[0], "created_at", "updated_at"]
    defaulted = [
        field
        for field in model._meta.concrete_fields
        if field.name not in given and field.attname not in given and field.has_default()
    ]
    fixed = [field for field in defaulted if not callable(field.default)]
    per_row = [field for field in defaulted if callable(field.default)]  # uuid4 and the like: one each
    fixed_values = [field.get_default() for field in fixed]
    columns = [
        *(_column(model._meta.get_field(name)) for name in given),
        *(_column(field) for field in fixed),
        *(_column(field) for field in per_row),
    ]
    bulk.copy_rows(
        model._meta.db_table,
        columns,
        ([*row.values(), now, now, *fixed_values, *(field.get_default() for field in per_row)] for row in rows),
    )


def chunks(items: list, size: int = 5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]
