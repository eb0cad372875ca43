"""What can be imported (the kinds and their fields) and the files recognised without mapping.

A format names, for each of our fields, the header it has in that tool's
export (compared with ``tables.normalise_header``). Our own template per kind
uses the field labels as headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .tables import normalise_header


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    required: bool = False


KIND_LABELS = {
    "customers": "Customers",
    "invoices": "Invoices",
    "payments": "Payments",
    "calls": "Calls (phone system call log)",
    "time": "Time entries (time tracker)",
}

FIELDS: dict[str, list[Field]] = {
    "customers": [
        Field("name", "Name", required=True),
        Field("external_id", "External id"),
        Field("email", "E-mail"),
        Field("phone", "Phone"),
        Field("contact_person", "Contact person"),
        Field("address", "Address"),
        Field("tags", "Tags"),
        Field("customer_since", "Customer since"),
    ],
    "invoices": [
        Field("number", "Invoice number", required=True),
        Field("customer", "Customer", required=True),
        Field("customer_email", "Customer e-mail"),
        Field("customer_external_id", "Customer external id"),
        Field("issue_date", "Issue date", required=True),
        Field("due_date", "Due date"),
        Field("amount", "Invoice total"),
        Field("line_amount", "Line amount"),
        Field("quantity", "Quantity"),
        Field("unit_amount", "Unit price"),
        Field("description", "Description"),
        Field("amount_paid", "Amount paid"),
        Field("amount_due", "Amount due"),
        Field("transaction_type", "Transaction type"),
    ],
    "payments": [
        Field("invoice_number", "Invoice number", required=True),
        Field("date", "Payment date", required=True),
        Field("amount", "Amount", required=True),
        Field("reference", "Reference"),
        Field("method", "Method"),
    ],
    "calls": [
        Field("date", "Date and time", required=True),
        Field("time", "Time"),
        Field("phone", "Phone number", required=True),
        Field("direction", "Direction"),
        Field("duration", "Duration", required=True),
        Field("staff", "Staff member"),
        Field("note", "Note"),
    ],
    "time": [
        Field("date", "Date", required=True),
        Field("client", "Client", required=True),
        Field("person", "Person"),
        Field("first_name", "First name"),
        Field("last_name", "Last name"),
        Field("person_email", "Person e-mail"),
        Field("duration", "Duration", required=True),
        Field("start_time", "Start time"),
        Field("project", "Project"),
        Field("task", "Task"),
        Field("notes", "Notes"),
    ],
}


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    kind: str
    # our field → the header in the file (compared normalised)
    columns: dict[str, str]
    # headers that must all be present for the file to be recognised
    signature: tuple[str, ...]
    # "day" or "month" when the tool always writes dates one way; None: read from the data
    date_order: str | None = None
    # how a plain number in the duration column is meant
    duration_unit: str = "hours"
    extra: dict = field(default_factory=dict)

    def matches(self, normalised_headers: list[str]) -> bool:
        present = set(normalised_headers)
        return all(normalise_header(header) in present for header in self.signature)


def _template(kind: str) -> Format:
    columns = {f.name: f.label for f in FIELDS[kind]}
    required = tuple(f.label for f in FIELDS[kind] if f.required)
    return Format(
        name=f"template_{kind}",
        label=f"Keep or Boot template ({KIND_LABELS[kind].lower()})",
        kind=kind,
        columns=columns,
        signature=required,
        duration_unit="minutes",
    )


FORMATS: list[Format] = [
    *(_template(kind) for kind in FIELDS),
    Format(
        name="xero_invoices",
        label="Xero sales invoices",
        kind="invoices",
        columns={
            "customer": "ContactName",
            "customer_email": "EmailAddress",
            "number": "InvoiceNumber",
            "issue_date": "InvoiceDate",
            "due_date": "DueDate",
            "amount": "Total",
            "line_amount": "LineAmount",
            "quantity": "Quantity",
            "unit_amount": "UnitAmount",
            "description": "Description",
        },
        signature=("ContactName", "InvoiceNumber", "InvoiceDate", "DueDate"),
        date_order="day",
    ),
    Format(
        name="xero_payments",
        label="Xero payments",
        kind="payments",
        columns={"invoice_number": "InvoiceNumber", "date": "Date", "amount": "Amount", "reference": "Reference"},
        signature=("InvoiceNumber", "Date", "Amount"),
        date_order="day",
    ),
    Format(
        name="quickbooks_customers",
        label="QuickBooks Online customer list",
        kind="customers",
        columns={
            "name": "Customer",
            "contact_person": "Full name",
            "email": "Email",
            "phone": "Phone Numbers",
            "address": "Billing Address",
        },
        signature=("Customer", "Email", "Phone Numbers"),
        date_order="month",
    ),
    Format(
        name="quickbooks_invoice_list",
        label="QuickBooks Online Invoice List report",
        kind="invoices",
        columns={
            "issue_date": "Date",
            "transaction_type": "Transaction type",
            "number": "Num",
            "customer": "Name",
            "description": "Memo/Description",
            "due_date": "Due date",
            "amount": "Amount",
            "amount_due": "Open balance",
        },
        signature=("Date", "Transaction type", "Num", "Name", "Amount"),
        date_order="month",
    ),
    Format(
        name="harvest_time",
        label="Harvest detailed time report",
        kind="time",
        columns={
            "date": "Date",
            "client": "Client",
            "project": "Project",
            "task": "Task",
            "notes": "Notes",
            "duration": "Hours",
            "first_name": "First Name",
            "last_name": "Last Name",
        },
        signature=("Date", "Client", "Hours", "First Name", "Last Name"),
        duration_unit="hours",
    ),
    Format(
        name="toggl_time",
        label="Toggl Track detailed report",
        kind="time",
        columns={
            "person": "User",
            "person_email": "Email",
            "client": "Client",
            "project": "Project",
            "notes": "Description",
            "date": "Start date",
            "start_time": "Start time",
            "duration": "Duration",
        },
        signature=("User", "Client", "Start date", "Start time", "Duration"),
        duration_unit="hours",
    ),
]
FORMATS_BY_NAME = {f.name: f for f in FORMATS}


def formats_for(kind: str) -> list[Format]:
    return [f for f in FORMATS if f.kind == kind]


def recognise(kind: str, normalised_headers: list[str]) -> Format | None:
    """The known format of this kind whose header row this is (the most specific first)."""
    candidates = [f for f in formats_for(kind) if f.matches(normalised_headers)]
    return max(candidates, key=lambda f: len(f.signature), default=None)


def template_headers(kind: str) -> list[str]:
    return [f.label for f in FIELDS[kind]]
