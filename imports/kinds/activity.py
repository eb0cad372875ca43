"""Importing calls from a phone system's log and time entries from a time tracker.

Both become ``Interaction`` rows with their minutes, the matched team member and
that person's hourly cost today (like a call logged by hand). A fingerprint of
the row's facts makes a re-import find what it already brought in.
"""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo
from dataclasses import dataclass

from django.db import connection

from customers.models import Customer, Interaction
from customers.models.interactions import SIGNALS

from ..values import ValueProblem, normalise_name, normalise_phone, parse_minutes, parse_time
from .base import (
    DUPLICATE,
    ERROR,
    NEW,
    NEW_CUSTOMER,
    SKIP,
    UNCHANGED,
    UNMATCHED,
    Context,
    Plan,
    Record,
    RowErrors,
    RowResult,
    copy_rows,
)
from .matching import CustomerIndex, MemberIndex

INBOUND = {"in", "inbound", "incoming", "received", "answered", "missed"}
OUTBOUND = {"out", "outbound", "outgoing", "placed", "dialed", "dialled"}
DEFAULT_TIME = datetime.time(12, 0)


@dataclass
class NewCustomer:
    """A time tracker's client the owner chose to add as a customer; created when the import writes."""

    name: str
    since: datetime.date
    customer_id: int | None = None


def fingerprint(*parts: object) -> str:
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def _when(errors: RowErrors, context: Context, time_field: str) -> datetime.datetime | None:
    parsed = errors.datetime("date", context)
    if not errors.record.get("date"):
        errors.add("date", "is empty")
    if parsed is None:
        return None
    date, time = parsed
    if time is None and errors.record.get(time_field):
        try:
            time = parse_time(errors.record.get(time_field))
        except ValueProblem as problem:
            errors.add(time_field, str(problem))
            return None
    zone = zoneinfo.ZoneInfo(context.business.time_zone)
    return datetime.datetime.combine(date, time or DEFAULT_TIME, tzinfo=zone)


def _minutes(errors: RowErrors, unit: str) -> int | None:
    value = errors.required("duration")
    if not value:
        return None
    try:
        return parse_minutes(value, plain_number=unit)
    except ValueProblem as problem:
        errors.add("duration", str(problem))
        return None


def plan(context: Context, records: list[Record], *, kind: str) -> Plan:
    customers = CustomerIndex(context.business)
    members = MemberIndex(context.business)
    phones = customers.phone_index(context.business.country) if kind == "calls" else {}
    candidates: list[tuple[RowResult, dict]] = []
    new_customers: dict[str, NewCustomer] = {}  # clients the owner chose to add as customers
    spellings: dict[str, str] = {}
    seen: dict[str, int] = {}
    result = Plan()
    for number, record in enumerate(records):
        context.progress(number + 1, "Checking rows")
        errors = RowErrors(record)
        if kind == "calls":
            row = _read_call(context, record, errors, phones)
        else:
            row = _read_time(context, record, errors, customers)
        when = _when(errors, context, "time" if kind == "calls" else "start_time")
        minutes = _minutes(errors, context.duration_unit)
        if errors.messages or row is None:
            label = record.get("phone") or record.get("client")
            result.results.append(RowResult(record.row, ERROR, label, errors=errors.messages))
            continue
        assert when is not None  # a row without errors has its time
        summary, customer_id, person_texts, note, direction = row
        what = "number" if kind == "calls" else "client"
        if customer_id is None:
            # One line per client however the file spells it ("ACME (support)", "Acme Support").
            listed = spellings.setdefault(normalise_name(summary), summary)
            result.unmatched_numbers[listed] = result.unmatched_numbers.get(listed, 0) + 1
            result.results.append(RowResult(record.row, UNMATCHED, summary, note=f"no customer has this {what}"))
            continue
        if customer_id == SKIP:
            result.results.append(RowResult(record.row, SKIP, summary, note=f"{what} skipped"))
            continue
        if minutes == 0:
            result.results.append(RowResult(record.row, SKIP, summary, note="no duration (a missed call?)"))
            continue
        if customer_id == NEW_CUSTOMER:
            customer_id = new_customers.setdefault(normalise_name(summary), NewCustomer(summary[:200], when.date()))
            customer_id.since = min(customer_id.since, when.date())
        member = members.find(*person_texts)
        person = normalise_name(person_texts[0])
        key = fingerprint(kind, when.isoformat(), normalise_name(summary), minutes, person, note)
        label = f"{summary}, {when:%Y-%m-%d %H:%M}, {minutes} min"
        if key in seen:
            result.results.append(RowResult(record.row, DUPLICATE, label, note=f"same as row {seen[key]}"))
            continue
        seen[key] = record.row
        who = member.display_name if member else "no team member matched: business default cost"
        if isinstance(customer_id, NewCustomer):
            who = f"new customer {customer_id.name}; {who}"
        outcome = RowResult(record.row, NEW, label, note=who)
        result.results.append(outcome)
        row_values = {
            "customer_id": customer_id,
            "handled_by_id": member.user_id if member else None,
            "kind": Interaction.Kind.CALL if kind == "calls" else Interaction.Kind.WORK,
            "occurred_at": when,
            "duration_minutes": minutes,
            "direction": direction,
            "note": note[:1000],
            "hourly_cost": member.effective_hourly_cost if member else context.business.default_hourly_cost,
            "import_fingerprint": key,
        }
        candidates.append((outcome, row_values))
    known = _known_fingerprints(context, [values["import_fingerprint"] for _, values in candidates])
    to_create = []
    for outcome, values in candidates:
        if values["import_fingerprint"] in known:
            outcome.action, outcome.note = UNCHANGED, "already imported"
        else:
            to_create.append(values)

    def apply() -> None:
        created = Customer.objects.bulk_create(
            Customer(business=context.business, created_by=context.created_by, name=new.name, customer_since=new.since)
            for new in new_customers.values()
        )
        for new, customer in zip(new_customers.values(), created, strict=True):
            new.customer_id = customer.pk
        defaults = {"business_id": context.business.pk, "created_by_id": getattr(context.created_by, "pk", None)}
        defaults |= {"in_scope": True} | dict.fromkeys(SIGNALS, False)
        rows = [defaults | values for values in to_create]
        for row in rows:
            if isinstance(row["customer_id"], NewCustomer):
                row["customer_id"] = row["customer_id"].customer_id
        copy_rows(Interaction, rows)

    result.apply = apply
    return result


def _known_fingerprints(context: Context, fingerprints: list[str]) -> set[str]:
    """Which of these rows were imported before: one array parameter, not 100,000 placeholders.

    ``<> ''`` repeats the unique index's condition, so PostgreSQL can use that index.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT import_fingerprint FROM customers_interaction "
            "WHERE business_id = %s AND import_fingerprint <> '' AND import_fingerprint = ANY(%s)",
            [context.business.pk, fingerprints],
        )
        return {row[0] for row in cursor.fetchall()}


def _read_call(context: Context, record: Record, errors: RowErrors, phones: dict[str, int]):
    raw = errors.required("phone")
    number = normalise_phone(raw, context.business.country)
    if raw and number is None:
        errors.add("phone", f"'{raw}' is not a phone number")
        return None
    direction_text = record.get("direction").casefold()
    direction = Interaction.Direction.OUTBOUND if direction_text in OUTBOUND else Interaction.Direction.INBOUND
    if direction_text and direction_text not in INBOUND | OUTBOUND:
        errors.add("direction", f"'{record.get('direction')}' is not inbound or outbound")
    if number is None:
        return None
    assigned = context.assignments.get(number)
    customer_id: int | str | None = phones.get(number)  # an id, SKIP, or None when unmatched
    if customer_id is None and assigned is not None:
        customer_id = assigned if assigned == SKIP else int(str(assigned))
    return number, customer_id, (record.get("staff"),), record.get("note"), direction


def _read_time(context: Context, record: Record, errors: RowErrors, customers: CustomerIndex):
    client = errors.required("client")
    if not client:
        return None
    if len(client) > 200:
        errors.add("client", "is longer than 200 characters")
        return None
    match = customers.find(name=client)
    # A client no customer is called: as the owner chose on the preview (now or for an earlier file).
    customer_id = match.customer_id if match else context.assignments.get(normalise_name(client))
    if isinstance(customer_id, str) and customer_id not in (SKIP, NEW_CUSTOMER):
        customer_id = int(customer_id)
    person = record.get("person") or f"{record.get('first_name')} {record.get('last_name')}".strip()
    note = " / ".join(part for part in (record.get("project"), record.get("task"), record.get("notes")) if part)
    direction = Interaction.Direction.OUTBOUND
    return client, customer_id, (person, record.get("person_email")), note, direction
