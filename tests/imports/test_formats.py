"""Each recognised format, from a sample file built here (never real data), imports without mapping."""

import datetime
from decimal import Decimal

import pytest

from customers.models import Customer, Interaction, Invoice
from imports.models import Import

from ..factories import CustomerFactory, InvoiceFactory, MembershipFactory
from .conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

XERO_HEADER = [
    "*ContactName", "EmailAddress", "POAddressLine1", "*InvoiceNumber", "Reference", "*InvoiceDate", "*DueDate",
    "Total", "InventoryItemCode", "*Description", "*Quantity", "*UnitAmount", "Discount", "LineAmount",
    "*AccountCode", "*TaxType", "Currency",
]  # fmt: skip


def xero_line(contact, email, number, issued, due, total, description, quantity, unit, line):
    return [contact, email, "", number, "", issued, due, total, "", description, quantity, unit, "", line, "200",
            "Tax Exempt", "GBP"]  # fmt: skip


def test_xero_sales_invoices_group_lines_by_number_and_read_dates_day_first(business, run_import):
    content = csv_bytes(
        [
            XERO_HEADER,
            xero_line("Acme Ltd", "acme@example.com", "INV-0001", "13/01/2026", "12/02/2026", "150.00",
                      "Support", "1", "100.00", "100.00"),
            xero_line("Acme Ltd", "acme@example.com", "INV-0001", "13/01/2026", "12/02/2026", "150.00",
                      "Extra, on site", "2", "25.00", "50.00"),
            xero_line("Bolt & Co", "bolt@example.com", "INV-0002", "02/03/2026", "01/04/2026", "1,200.00",
                      "Project", "1", "1200", "1200"),
        ]
    )  # fmt: skip
    job = run_import("invoices", content)
    assert job.format_name == "xero_invoices"
    assert (job.status, job.created, job.errors) == ("done", 2, 0)
    first = Invoice.objects.get(business=business, number="INV-0001")
    assert first.amount == Decimal("150.00")
    assert (first.issue_date, first.due_date) == (datetime.date(2026, 1, 13), datetime.date(2026, 2, 12))
    assert first.customer.name == "Acme Ltd"
    assert first.customer.email == "acme@example.com"
    assert Invoice.objects.get(business=business, number="INV-0002").amount == Decimal("1200.00")
    assert Customer.objects.filter(business=business).count() == 2


def test_xero_payments(business, run_import):
    invoice = InvoiceFactory(
        business=business,
        customer=CustomerFactory(business=business),
        number="INV-0007",
        issue_date=datetime.date(2026, 1, 2),
        due_date=datetime.date(2026, 2, 1),
        amount=Decimal("300.00"),
    )
    content = csv_bytes(
        [["InvoiceNumber", "Date", "Amount", "Reference"], ["INV-0007", "05/02/2026", "300.00", "BACS 99"]]
    )
    job = run_import("payments", content)
    assert (job.format_name, job.status, job.created) == ("xero_payments", "done", 1)
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("300.00")
    assert invoice.paid_in_full_on == datetime.date(2026, 2, 5)
    assert invoice.payments.get().note == "BACS 99"


def test_quickbooks_customer_list_with_title_rows(business, run_import):
    content = csv_bytes(
        [
            ["Customer Contact List"],
            ["Delta Repairs"],
            [],
            ["Customer", "Full name", "Phone Numbers", "Email", "Billing Address"],
            ["Acme Ltd", "Ann Acme", "020 7946 0000", "ann@acme.example", "1 High St\nLondon"],
            ["Bolt & Co", "", "", "bolt@example.com", ""],
        ]
    )
    job = run_import("customers", content)
    assert (job.format_name, job.status, job.created) == ("quickbooks_customers", "done", 2)
    acme = Customer.objects.get(business=business, name="Acme Ltd")
    assert (acme.contact_person, acme.phone, acme.address) == ("Ann Acme", "020 7946 0000", "1 High St\nLondon")


def test_quickbooks_invoice_list_skips_title_rows_total_row_and_credit_memos(business, run_import):
    CustomerFactory(business=business, name="Acme Ltd")
    content = csv_bytes(
        [
            ["Delta Repairs"],
            ["Invoice List"],
            ["January 1 - March 31, 2026"],
            [],
            ["", "Date", "Transaction type", "Num", "Name", "Memo/Description", "Due date", "Amount", "Open balance"],
            ["", "01/05/2026", "Invoice", "1001", "Acme Ltd", "January support", "02/04/2026", "$1,000.00", "$0.00"],
            ["", "02/05/2026", "Invoice", "1002", "Acme Ltd", "", "03/07/2026", "$250.50", "$250.50"],
            ["", "02/09/2026", "Credit Memo", "1003", "Acme Ltd", "", "", "($50.00)", "($50.00)"],
            [],
            ["TOTAL", "", "", "", "", "", "", "$1,200.50", "$200.50"],
        ]
    )
    job = run_import("invoices", content)
    assert (job.format_name, job.status, job.created, job.errors) == ("quickbooks_invoice_list", "done", 2, 0)
    invoice = Invoice.objects.get(business=business, number="1001")
    assert (invoice.issue_date, invoice.due_date, invoice.amount) == (
        datetime.date(2026, 1, 5),
        datetime.date(2026, 2, 4),
        Decimal("1000.00"),
    )
    assert invoice.note == "January support"
    assert not Invoice.objects.filter(business=business, number="1003").exists()


def test_harvest_detailed_time_becomes_work_with_minutes_and_member(business, run_import):
    customer = CustomerFactory(business=business, name="Acme Ltd")
    member = MembershipFactory(
        business=business, user__first_name="Sam", user__last_name="Stone", hourly_cost=Decimal("40.00")
    )
    content = csv_bytes(
        [
            ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?",
             "First Name", "Last Name", "Roles", "Employee?", "Billable Rate", "Billable Amount", "Currency"],
            ["2026-01-15", "Acme Ltd", "Retainer", "", "Support", "Printer", "1.5", "1.5", "Yes", "Sam", "Stone", "",
             "Yes", "80", "120", "GBP"],
        ]
    )  # fmt: skip
    job = run_import("time", content)
    assert (job.format_name, job.status, job.created) == ("harvest_time", "done", 1)
    work = Interaction.objects.get(business=business)
    assert (work.customer, work.handled_by, work.kind, work.duration_minutes) == (customer, member.user, "work", 90)
    assert work.hourly_cost == Decimal("40.00")
    assert work.note == "Retainer / Support / Printer"


def test_toggl_detailed_report_uses_start_time_in_the_business_zone(business, run_import):
    CustomerFactory(business=business, name="Acme Ltd")
    MembershipFactory(business=business, user__username="sam@example.com", user__email="sam@example.com")
    content = csv_bytes(
        [
            ["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time",
             "End date", "End time", "Duration", "Tags", "Amount ()"],
            ["Sam", "sam@example.com", "Acme Ltd", "Site", "", "Network fix", "Yes", "2026-07-01", "09:00:00",
             "2026-07-01", "10:15:00", "01:15:00", "", ""],
        ]
    )  # fmt: skip
    job = run_import("time", content)
    assert (job.format_name, job.status, job.created) == ("toggl_time", "done", 1)
    work = Interaction.objects.get(business=business)
    assert work.duration_minutes == 75
    assert work.handled_by.username == "sam@example.com"
    # 09:00 in London in July is 08:00 UTC.
    assert work.occurred_at == datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize("kind", ["customers", "invoices", "payments", "calls", "time"])
def test_our_own_template_is_recognised(owner_client, world, kind):
    from imports.formats import template_headers

    response = owner_client.get("/imports/template/", {"kind": kind})
    assert response.status_code == 200
    header = response.content.decode().strip().split(",")
    assert header == template_headers(kind)
    job_response = owner_client.post(
        "/imports/", {"kind": kind, "file": _named(response.content + b"\r\n" + b",".join(b"x" for _ in header))}
    )
    job = Import.objects.filter(business=world.a.business).latest("id")
    assert job_response.status_code == 302
    assert (job.format_name, job.status) == (f"template_{kind}", "ready")


def _named(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("template.csv", content, content_type="text/csv")


def test_xlsx_file_with_real_dates_and_numbers(business, run_import):
    content = xlsx_bytes(
        [
            ["Name", "E-mail", "Customer since", "Tags"],
            ["Acme Ltd", "acme@example.com", datetime.datetime(2024, 3, 1), "vip; retainer"],
            ["Bolt & Co", None, datetime.date(2025, 11, 30), None],
        ]
    )
    job = run_import("customers", content, filename="customers.xlsx")
    assert (job.status, job.created) == ("done", 2)
    acme = Customer.objects.get(business=business, name="Acme Ltd")
    assert (acme.customer_since, acme.tags) == (datetime.date(2024, 3, 1), ["retainer", "vip"])


def test_open_balance_in_the_file_is_reported_not_invented_as_payments(business):
    from imports import services

    content = csv_bytes(
        [
            ["Date", "Transaction type", "Num", "Name", "Due date", "Amount", "Open balance"],
            ["01/05/2026", "Invoice", "1001", "Acme Ltd", "02/04/2026", "1,000.00", "400.00"],
            ["01/06/2026", "Invoice", "1002", "Acme Ltd", "02/05/2026", "500.00", "500.00"],
        ]
    )
    job = services.import_upload(business=business, kind="invoices", filename="i.csv", content=content)
    notes = [r.note for r in services.import_plan(job=job).results]
    assert notes == [
        "the file says 600.00 paid, 0.00 recorded here: import the payments to record them with their dates",
        "",
    ]
