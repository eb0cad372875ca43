"""The promises of an import: errors named by row and column, all or nothing, no duplicates, tenancy."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from customers.models import Customer, Interaction, Invoice, Payment
from imports import services
from imports.models import ColumnMapping, Import, RememberedMatch

from ..factories import BusinessFactory, CustomerFactory, InvoiceFactory
from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

CUSTOMERS = [["Name", "E-mail", "Phone", "External id"]]


def test_errors_are_named_by_row_and_column_and_nothing_is_written(business, run_import):
    content = csv_bytes(
        [
            ["Invoice number", "Customer", "Issue date", "Due date", "Invoice total"],
            ["A-1", "Acme", "01/02/2026", "15/02/2026", "100"],
            ["A-2", "Acme", "31/02/2026", "15/03/2026", "100"],
            ["A-3", "", "01/02/2026", "", "ten"],
            ["A-4", "Acme", "01/03/2026", "01/02/2026", "-5"],
        ]
    )
    job = run_import("invoices", content)
    assert job.status == Import.Status.STOPPED
    assert (job.created, job.errors) == (0, 3)
    assert job.problems == [
        "row 3, Issue date: '31/02/2026' is not a date",
        "row 4, Customer: is empty",
        "row 4, Invoice total: 'ten' is not an amount",
        "row 5, Invoice total: -5.00 is not more than zero",
        "row 5, Due date: 2026-02-01 is before the issue date 2026-03-01",
    ]
    assert not Invoice.objects.filter(business=business).exists()
    assert not Customer.objects.filter(business=business).exists()


def test_one_bad_row_commits_nothing_and_valid_only_imports_the_rest(business, run_import):
    content = csv_bytes([*CUSTOMERS, ["Acme", "acme@example.com", "", ""], ["Bolt", "not-an-email", "", ""]])
    stopped = run_import("customers", content)
    assert stopped.status == "stopped"
    assert stopped.problems == ["row 3, E-mail: 'not-an-email' is not an e-mail address"]
    assert not Customer.objects.filter(business=business).exists()
    done = run_import("customers", content, valid_only=True)
    assert (done.status, done.created, done.errors) == ("done", 1, 1)
    assert list(Customer.objects.filter(business=business).values_list("name", flat=True)) == ["Acme"]


def test_reimport_creates_no_duplicates_and_updates_what_changed(business, run_import):
    first = csv_bytes([*CUSTOMERS, ["Acme", "acme@example.com", "", "X1"], ["Bolt", "bolt@example.com", "", ""]])
    assert run_import("customers", first).created == 2
    again = run_import("customers", first)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = csv_bytes([*CUSTOMERS, ["Acme Limited", "acme@example.com", "0207 946 0000", "X1"]])
    job = run_import("customers", changed)
    assert (job.created, job.updated) == (0, 1)
    acme = Customer.objects.get(business=business, external_id="X1")
    assert (acme.name, acme.phone) == ("Acme Limited", "0207 946 0000")
    assert Customer.objects.filter(business=business).count() == 2


def test_customers_are_matched_by_external_id_then_email_then_name_and_the_preview_says_which(business):
    CustomerFactory(business=business, name="Acme", email="a@example.com", external_id="X1")
    CustomerFactory(business=business, name="Bolt", email="b@example.com")
    CustomerFactory(business=business, name="Crane & Sons", email="")
    content = csv_bytes(
        [
            *CUSTOMERS,
            ["Acme Renamed", "", "", "X1"],
            ["Bolt Ltd", "B@example.com", "", ""],
            ["crane  & SONS", "", "", ""],
            ["Crane & Sons", "", "", ""],
            ["Delta", "", "", ""],
        ]
    )
    job = services.import_upload(business=business, kind="customers", filename="c.csv", content=content)
    plan = services.import_plan(job=job)
    assert [(r.row, r.action, r.note) for r in plan.results] == [
        (2, "update", "matched by external id; changes name"),
        (3, "update", "matched by e-mail; changes name"),
        (4, "update", "matched by name; changes name"),
        (5, "duplicate", "same customer as row 4"),
        (6, "new", "new customer"),
    ]


def test_invoice_reimport_updates_amount_and_keeps_payments_consistent(business, run_import):
    header = ["Invoice number", "Customer", "Issue date", "Due date", "Invoice total"]
    run_import("invoices", csv_bytes([header, ["A-1", "Acme", "2026-02-01", "2026-03-01", "100.00"]]))
    invoice = Invoice.objects.get(business=business, number="A-1")
    Payment.objects.create(
        business=business, invoice=invoice, invoice_issue_date=invoice.issue_date, date=datetime.date(2026, 2, 5),
        amount=Decimal("100.00"),
    )  # fmt: skip
    job = run_import("invoices", csv_bytes([header, ["A-1", "Acme", "2026-02-01", "2026-03-01", "150.00"]]))
    assert (job.created, job.updated) == (0, 1)
    invoice.refresh_from_db()
    assert (invoice.amount, invoice.amount_paid, invoice.paid_in_full_on) == (
        Decimal("150.00"),
        Decimal("100.00"),
        None,
    )
    assert Invoice.objects.filter(business=business).count() == 1


def test_payments_keep_payment_record_rules(business, run_import):
    InvoiceFactory(
        business=business, customer=CustomerFactory(business=business), number="A-1",
        issue_date=datetime.date(2026, 2, 1), due_date=datetime.date(2026, 3, 1), amount=Decimal("100.00"),
    )  # fmt: skip
    header = ["Invoice number", "Payment date", "Amount", "Reference"]
    too_much = run_import(
        "payments", csv_bytes([header, ["A-1", "2026-02-10", "60", ""], ["A-1", "2026-02-11", "60", ""]])
    )
    assert too_much.problems == ["row 3, Amount: 60.00 is more than the open balance of 40.00 on invoice A-1"]
    too_early = run_import("payments", csv_bytes([header, ["A-1", "2026-01-10", "60", ""]]))
    assert too_early.problems == ["row 2, Payment date: 2026-01-10 is before the invoice's issue date 2026-02-01"]
    assert not Payment.objects.filter(business=business).exists()
    ok = csv_bytes([header, ["A-1", "2026-02-10", "60", "first"], ["A-1", "2026-02-10", "60", "first"]])
    job = run_import("payments", ok)
    assert (job.status, job.created) == ("done", 1)
    assert run_import("payments", ok).created == 0


def test_calls_match_customers_by_normalised_phone_and_list_unmatched_numbers(business, run_import):
    acme = CustomerFactory(business=business, name="Acme", phone="020 7946 0000")
    bolt = CustomerFactory(business=business, name="Bolt", phone="")
    content = csv_bytes(
        [
            ["Date and time", "Phone number", "Direction", "Duration", "Staff member"],
            ["15/01/2026 10:00", "+44 20 7946 0000", "inbound", "12", "Olive Owner"],
            ["15/01/2026 11:00", "07700 900123", "outbound", "5", ""],
            ["15/01/2026 12:00", "07700 900123", "outbound", "3", ""],
            ["15/01/2026 12:30", "07700 900999", "in", "0", ""],
        ],
        delimiter=";",
    )
    job = services.import_upload(business=business, kind="calls", filename="calls.csv", content=content)
    plan = services.import_plan(job=job)
    assert plan.unmatched_numbers == {"+447700900123": 2, "+447700900999": 1}
    assert [r.action for r in plan.results] == ["new", "unmatched", "unmatched", "unmatched"]
    services.import_set_options(
        job=job, date_order="day", assignments={"+447700900123": str(bolt.pk), "+447700900999": "skip"}
    )
    job = services.import_execute(import_id=job.pk, business_id=business.pk)
    assert (job.status, job.created) == ("done", 3)
    calls = Interaction.objects.filter(business=business).order_by("occurred_at")
    assert [(c.customer_id, c.duration_minutes, c.direction) for c in calls] == [
        (acme.pk, 12, "inbound"),
        (bolt.pk, 5, "outbound"),
        (bolt.pk, 3, "outbound"),
    ]
    assert calls[0].handled_by.get_full_name() == "Olive Owner"


def test_calls_and_time_are_not_imported_twice(business, run_import):
    CustomerFactory(business=business, name="Acme", phone="020 7946 0000")
    content = csv_bytes([["Date and time", "Phone number", "Duration"], ["2026-01-15 10:00", "02079460000", "12"]])
    assert run_import("calls", content).created == 1
    again = run_import("calls", content)
    assert (again.created, again.unchanged) == (0, 1)
    assert Interaction.objects.filter(business=business).count() == 1


def test_unmatched_time_clients_are_assigned_added_or_skipped_and_remembered(business):
    acme = CustomerFactory(business=business, name="Acme Ltd")
    header = ["Date", "Client", "Duration", "Notes"]  # our own template: minutes
    content = csv_bytes(
        [
            header,
            ["2026-01-15", "ACME (support)", "90", "Printer"],
            ["2026-01-16", "Acme (Support)", "30", "Toner"],
            ["2026-01-14", "Nobody Ltd", "120", "Audit"],
            ["2026-01-17", "Internal", "180", "Admin"],
            ["2026-01-18", "Acme Ltd", "60", "Visit"],
        ]
    )
    job = services.import_upload(business=business, kind="time", filename="time.csv", content=content)
    plan = services.import_plan(job=job)
    assert plan.unmatched_numbers == {"ACME (support)": 2, "Nobody Ltd": 1, "Internal": 1}
    assert [r.action for r in plan.results] == ["unmatched", "unmatched", "unmatched", "unmatched", "new"]
    assert plan.results[0].note == "no customer has this client"
    with pytest.raises(ValidationError, match="Choose customers of this business"):
        other = CustomerFactory(business=BusinessFactory())
        services.import_set_options(job=job, date_order="day", assignments={"Internal": str(other.pk)})
    services.import_set_options(
        job=job,
        date_order="day",
        assignments={"ACME (support)": str(acme.pk), "Nobody Ltd": "new", "Internal": "skip"},
    )
    job = services.import_execute(import_id=job.pk, business_id=business.pk)
    assert (job.status, job.created, job.errors) == ("done", 4, 0)
    nobody = Customer.objects.get(business=business, name="Nobody Ltd")
    assert nobody.customer_since == datetime.date(2026, 1, 14)
    entries = Interaction.objects.filter(business=business).order_by("occurred_at")
    assert [(e.customer_id, e.duration_minutes, e.kind) for e in entries] == [
        (nobody.pk, 120, "work"),
        (acme.pk, 90, "work"),
        (acme.pk, 30, "work"),
        (acme.pk, 60, "work"),
    ]
    assert set(RememberedMatch.objects.filter(business=business).values_list("kind", "key", "customer", "skip")) == {
        ("time", "acme support", acme.pk, False),
        ("time", "internal", None, True),
    }

    # Next month's file: the choices hold without asking again; the new customer matches by name.
    later = csv_bytes([header, ["2026-02-02", "Acme (support)", "1", "x"], ["2026-02-03", "Internal", "1", "y"],
                       ["2026-02-04", "Nobody Ltd", "1", "z"]])  # fmt: skip
    job = services.import_upload(business=business, kind="time", filename="time2.csv", content=later)
    plan = services.import_plan(job=job)
    assert plan.unmatched_numbers == {}
    assert [r.action for r in plan.results] == ["new", "skip", "new"]
    assert services.import_execute(import_id=job.pk, business_id=business.pk).created == 2


def test_call_numbers_assigned_once_are_remembered_for_later_logs(business, run_import):
    bolt = CustomerFactory(business=business, name="Bolt", phone="")
    content = csv_bytes([["Date and time", "Phone number", "Duration"], ["2026-01-15 10:00", "07700 900123", "5"]])
    job = services.import_upload(business=business, kind="calls", filename="calls.csv", content=content)
    services.import_set_options(job=job, date_order="day", assignments={"+447700900123": str(bolt.pk)})
    assert services.import_execute(import_id=job.pk, business_id=business.pk).created == 1
    later = csv_bytes([["Date and time", "Phone number", "Duration"], ["2026-02-15 10:00", "07700900123", "7"]])
    job = run_import("calls", later)
    assert (job.status, job.created) == ("done", 1)
    assert Interaction.objects.filter(business=business, customer=bolt).count() == 2


def test_a_new_customer_is_only_offered_for_time_clients(business):
    content = csv_bytes([["Date and time", "Phone number", "Duration"], ["2026-01-15 10:00", "07700 900123", "5"]])
    job = services.import_upload(business=business, kind="calls", filename="calls.csv", content=content)
    with pytest.raises(ValidationError, match="Choose a customer"):
        services.import_set_options(job=job, date_order="day", assignments={"+447700900123": "new"})
    assert not RememberedMatch.objects.filter(business=business).exists()


def test_ambiguous_dates_default_from_the_business_country_and_can_be_changed(business):
    content = csv_bytes([["Name", "Customer since"], ["Acme", "03/04/2025"]])
    job = services.import_upload(business=business, kind="customers", filename="c.csv", content=content)
    assert (job.date_order, job.date_order_known) == ("day", False)
    business.country = "US"
    business.save()
    job = services.import_upload(business=business, kind="customers", filename="c.csv", content=content)
    assert job.date_order == "month"
    services.import_set_options(job=job, date_order="day", assignments={})
    services.import_execute(import_id=job.pk, business_id=business.pk)
    assert Customer.objects.get(business=business).customer_since == datetime.date(2025, 4, 3)


def test_encodings_and_separators(business, run_import):
    rows = [["Name", "E-mail", "Address"], ["Café Müller", "cafe@example.com", "1 Rue, Paris\nFrance"]]
    for content in (
        b"\xef\xbb\xbf" + csv_bytes(rows),
        csv_bytes(rows, encoding="cp1252", delimiter=";"),
        csv_bytes(rows, delimiter="\t"),
        b"\r\n" + csv_bytes(rows) + b"\r\n,,\r\n",
    ):
        Customer.objects.filter(business=business).delete()
        job = run_import("customers", content)
        assert (job.status, job.created) == ("done", 1)
        customer = Customer.objects.get(business=business)
        assert (customer.name, customer.address) == ("Café Müller", "1 Rue, Paris\nFrance")


def test_unknown_columns_are_mapped_once_and_remembered(business):
    content = csv_bytes([["Client name", "Mail"], ["Acme", "acme@example.com"]])
    job = services.import_upload(business=business, kind="customers", filename="c.csv", content=content)
    assert job.status == Import.Status.NEEDS_MAPPING
    with pytest.raises(ValidationError, match="Choose a column for: Name"):
        services.import_map_columns(job=job, mapping={"email": "Mail"})
    services.import_map_columns(job=job, mapping={"name": "Client name", "email": "Mail"})
    assert ColumnMapping.objects.filter(business=business, kind="customers").count() == 1
    again = services.import_upload(business=business, kind="customers", filename="c2.csv", content=content)
    assert (again.status, again.mapping) == ("ready", {"name": "Client name", "email": "Mail"})
    other = BusinessFactory()
    elsewhere = services.import_upload(business=other, kind="customers", filename="c.csv", content=content)
    assert elsewhere.status == Import.Status.NEEDS_MAPPING


def test_files_over_the_limit_are_refused(business, settings):
    settings.KOB_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="files up to 0.0 MB can be imported"):
        services.import_upload(business=business, kind="customers", filename="c.csv", content=b"Name\n" + b"x" * 200)
    assert not Import.objects.filter(business=business).exists()


def test_an_import_never_reads_or_writes_another_business(business, run_import):
    other = BusinessFactory(country="GB")
    theirs = CustomerFactory(business=other, name="Acme", email="acme@example.com", phone="020 7946 0000")
    InvoiceFactory(business=other, customer=theirs, number="A-1")
    job = run_import("customers", csv_bytes([*CUSTOMERS, ["Acme", "acme@example.com", "", ""]]))
    assert job.created == 1  # not matched to the other business's Acme
    payments = run_import(
        "payments", csv_bytes([["Invoice number", "Payment date", "Amount"], ["A-1", "2026-02-10", "10"]])
    )
    assert payments.problems == ["row 2, Invoice number: there is no invoice A-1 in this business"]
    calls = services.import_upload(
        business=business, kind="calls", filename="c.csv",
        content=csv_bytes([["Date and time", "Phone number", "Duration"], ["2026-01-15 10:00", "02079460000", "3"]]),
    )  # fmt: skip
    assert services.import_plan(job=calls).unmatched_numbers == {"+442079460000": 1}
    with pytest.raises(ValidationError, match="customers of this business"):
        services.import_set_options(job=calls, date_order="day", assignments={"+442079460000": str(theirs.pk)})
    theirs.refresh_from_db()
    assert (theirs.name, Customer.objects.filter(business=other).count()) == ("Acme", 1)
    assert not Payment.objects.filter(business=other).exists()


def test_iso_dates_or_telling_dates_are_not_asked_about(business):
    iso = csv_bytes([["Name", "Customer since"], ["Acme", "2025-04-03"]])
    telling = csv_bytes([["Name", "Customer since"], ["Acme", "03/04/2025"], ["Bolt", "04/25/2025"]])
    iso_job = services.import_upload(business=business, kind="customers", filename="c.csv", content=iso)
    telling_job = services.import_upload(business=business, kind="customers", filename="c.csv", content=telling)
    assert (iso_job.date_order_known, telling_job.date_order_known, telling_job.date_order) == (True, True, "month")
