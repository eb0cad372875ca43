"""An owner imports customers and a Xero invoice file in a real browser: upload, preview, import, progress."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from customers.models import Customer, Invoice

from ..factories import PASSWORD, BusinessFactory, MembershipFactory
from ..imports.conftest import csv_bytes, run_worker_once

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Recent enough for the dashboard's last twelve months, whenever the test runs.
_ISSUED = datetime.date.today() - datetime.timedelta(days=60)
ISSUED, DUE = _ISSUED.strftime("%d/%m/%Y"), (_ISSUED + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
WORKED = (_ISSUED + datetime.timedelta(days=3)).isoformat()


@pytest.fixture
def business():
    business = BusinessFactory(name="Epsilon Electrical", time_zone="Europe/London", country="GB", currency="GBP")
    MembershipFactory(business=business, role="owner", user__username="owner@example.com")
    return business


def upload(page, kind: str, name: str, content: bytes) -> None:
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("What the file holds").select_option(kind)
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Upload and preview").click()


def test_owner_imports_customers_xero_invoices_and_toggl_time_then_sees_verdicts(
    page, live_server, sign_in, shot, business
):
    sign_in("owner@example.com", PASSWORD)
    customers = csv_bytes(
        [["Name", "E-mail", "Phone"], ["Acme Ltd", "acme@example.com", "020 7946 0000"], ["Bolt & Co", "bad", ""]]
    )
    upload(page, "customers", "customers.csv", customers)
    expect(page.get_by_text("New: 1")).to_be_visible()
    expect(page.get_by_role("list", name="Problems")).to_contain_text("row 3, E-mail: 'bad' is not an e-mail address")
    shot("customers-preview")
    page.get_by_role("button", name="Import the 1 valid row").click()
    expect(page.get_by_role("heading", name="Importing…")).to_be_visible()
    shot("customers-queued")
    run_worker_once()
    # The page polls the progress endpoint and shows the outcome when the worker is done.
    expect(page.get_by_role("status")).to_contain_text("Imported: created 1, updated 0, unchanged 0")
    shot("customers-done")
    assert list(Customer.objects.filter(business=business).values_list("name", flat=True)) == ["Acme Ltd"]

    xero = csv_bytes(
        [
            ["*ContactName", "EmailAddress", "*InvoiceNumber", "*InvoiceDate", "*DueDate", "Total", "*Description",
             "*Quantity", "*UnitAmount", "LineAmount", "Currency"],
            ["Acme Ltd", "acme@example.com", "INV-1", ISSUED, DUE, "150.00", "Support", "1", "100",
             "100", "GBP"],
            ["Acme Ltd", "acme@example.com", "INV-1", ISSUED, DUE, "150.00", "Visit", "1", "50", "50",
             "GBP"],
        ]
    )  # fmt: skip
    upload(page, "invoices", "xero.csv", xero)
    expect(page.get_by_text("Recognised format: Xero sales invoices")).to_be_visible()
    expect(page.get_by_role("cell", name="INV-1 (2 lines): 150.00 to Acme Ltd (matched by e-mail)")).to_be_visible()
    shot("invoices-preview")
    page.get_by_role("button", name="Import", exact=True).click()
    run_worker_once()
    expect(page.get_by_role("status")).to_contain_text("Imported: created 1")
    shot("invoices-done")
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("Imported: created 1")
    invoice = Invoice.objects.get(business=business, number="INV-1")
    assert (str(invoice.amount), invoice.customer.name) == ("150.00", "Acme Ltd")

    toggl = csv_bytes(
        [
            ["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time",
             "End date", "End time", "Duration", "Tags"],
            ["Olive", "owner@example.com", "Acme Ltd", "Support", "", "Server rebuild", "Yes", WORKED, "09:00:00",
             WORKED, "13:00:00", "04:00:00", ""],
        ]
    )  # fmt: skip
    upload(page, "time", "toggl.csv", toggl)
    expect(page.get_by_text("Recognised format: Toggl Track detailed report")).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()
    run_worker_once()
    expect(page.get_by_role("status")).to_contain_text("Imported: created 1")
    shot("time-done")

    page.get_by_role("link", name="Dashboard", exact=True).click()
    ranked = page.get_by_role("region", name="Customers ranked by profit")
    row = ranked.get_by_role("row").filter(has_text="Acme Ltd")
    expect(row).to_contain_text(re.compile(r"Keep|Watch|Renegotiate|Boot"))
    # Four hours at the owner's £50 cost it more than its £150 of invoices brought.
    expect(row).to_contain_text("150")
    expect(row.locator("td.text-danger")).to_have_count(1)
    shot("dashboard")
