"""Importing customers: matched by external id, then e-mail, then name; new ones created, changes updated."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from customers.models import Customer

from .base import DUPLICATE, NEW, UNCHANGED, UPDATE, Context, Plan, Record, RowErrors, RowResult, chunks
from .matching import CustomerIndex

UPDATABLE = ("name", "email", "phone", "external_id", "contact_person", "address", "tags")
LIMITS = {"name": 200, "email": 254, "phone": 50, "external_id": 100, "contact_person": 200}


def read_customer(record: Record, errors: RowErrors) -> dict:
    """The customer fields a row gives (only those it fills)."""
    values: dict[str, Any] = {"name": errors.required("name")}
    for name in ("external_id", "email", "phone", "contact_person", "address"):
        if record.get(name):
            values[name] = record.get(name)
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.add("email", f"'{values['email']}' is not an e-mail address")
    for name, limit in LIMITS.items():
        if len(values.get(name, "")) > limit:
            errors.add(name, f"is longer than {limit} characters")
    if record.get("tags"):
        values["tags"] = sorted({tag.strip()[:50] for tag in re.split(r"[,;|]", record.get("tags")) if tag.strip()})
    return values


def plan(context: Context, records: list[Record]) -> Plan:
    index = CustomerIndex(context.business)
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(context.business.time_zone))
    seen: dict[int | str, int] = {}
    to_create: list[Customer] = []
    to_update: dict[int, dict] = {}
    result = Plan()
    for number, record in enumerate(records):
        errors = RowErrors(record)
        values = read_customer(record, errors)
        since = errors.date("customer_since", context)
        if errors.messages:
            result.results.append(RowResult(record.row, "error", values.get("name", ""), errors=errors.messages))
            continue
        external_id, email = values.get("external_id", ""), values.get("email", "")
        match = index.find(external_id=external_id, email=email, name=values["name"])
        if match and match.customer_id in seen:
            result.results.append(
                RowResult(record.row, DUPLICATE, values["name"], note=f"same customer as row {seen[match.customer_id]}")
            )
            continue
        if match is None:
            key = f"new-{number}"
            index.add(key, values)
            seen[key] = record.row
            to_create.append(
                Customer(
                    business=context.business,
                    created_by=context.created_by,
                    customer_since=since or today,
                    **values,
                )
            )
            result.results.append(RowResult(record.row, NEW, values["name"], note="new customer"))
            continue
        seen[match.customer_id] = record.row
        existing = index.rows[match.customer_id]
        changes = {name: value for name, value in values.items() if name in UPDATABLE and existing[name] != value}
        if changes.get("email", "").casefold() == existing["email"].casefold():
            changes.pop("email", None)  # the same address in other capitals
        if isinstance(match.customer_id, str):
            result.results.append(RowResult(record.row, DUPLICATE, values["name"], note="same customer as above"))
        elif changes:
            to_update[match.customer_id] = changes
            existing.update(changes)
            what = ", ".join(name.replace("_", " ") for name in changes)
            result.results.append(
                RowResult(record.row, UPDATE, values["name"], note=f"matched by {match.matched_by}; changes {what}")
            )
        else:
            result.results.append(
                RowResult(record.row, UNCHANGED, values["name"], note=f"matched by {match.matched_by}")
            )
        context.progress(number + 1, "Checking rows")

    def apply() -> None:
        for batch in chunks(to_create):
            Customer.objects.bulk_create(batch)
        if to_update:
            customers = Customer.objects.filter(business=context.business, pk__in=to_update).order_by("pk")
            changed = []
            for customer in customers:
                for name, value in to_update[customer.pk].items():
                    setattr(customer, name, value)
                changed.append(customer)
            fields = sorted({name for changes in to_update.values() for name in changes} | {"updated_at"})
            for customer in changed:
                customer.updated_at = timezone.now()
            Customer.objects.bulk_update(changed, fields, batch_size=2000)

    result.apply = apply
    return result
