"""A new owner's first hour in a real browser (issue 9): sign up, confirm, import what they have, see verdicts.

Customers (one bad row left out), a Xero sales invoice export and a Toggl Track
detailed report, each built in the test, go through upload, preview, import and
the progress page; the real procrastinate worker runs the imports. A Toggl client
that matches no customer is added as a new customer from the preview.
"""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from accounts.models import Business
from customers.models import Customer, Interaction, Invoice

from ..imports.conftest import csv_bytes, run_worker_once

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "copper-lantern-meadow-58"
# Recent enough for the dashboard's last twelve months, whenever the test runs.
_ISSUED = datetime.date.today() - datetime.timedelta(days=60)
ISSUED, DUE = _ISSUED.strftime("%d/%m/%Y"), (_ISSUED + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
WORKED = (_ISSUED + datetime.timedelta(days=3)).isoformat()


def upload(page, kind: str, name: str, content: bytes) -> None:
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("What the file holds").select_option(kind)
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Upload and preview").click()


def import_and_wait(page, button: str = "Import") -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("heading", name="Importing…")).to_be_visible()
    run_worker_once()
    # The page polls the progress endpoint and shows the outcome when the worker is done.
    expect(page.get_by_role("status")).to_contain_text("Imported: created")


def sign_up_and_confirm(page, live_server, shot) -> Business:
    cache.clear()  # the sign-up throttle counts per address; start from none
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Create an account for your business").click()
    page.get_by_label("Your first name").fill("Olive")
    page.get_by_label("E-mail").fill("olive@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Business name").fill("Epsilon Electrical")
    page.get_by_label("Currency").select_option("GBP")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_label("Default cost of one staff hour").fill("50.00")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Epsilon Electrical")).to_be_visible()
    expect(page.get_by_role("region", name="First steps")).to_be_visible()
    shot("signed-up")
    # The confirmation e-mail went to the locmem outbox shared with the live server.
    assert [message.to for message in mail.outbox] == [["olive@example.com"]]
    page.goto(re.search(r"https?://\S+", mail.outbox[0].body).group(0))
    expect(page.get_by_role("status")).to_contain_text("olive@example.com is confirmed")
    return Business.objects.get(name="Epsilon Electrical")


def test_sign_up_import_customers_xero_invoices_and_toggl_time_then_see_verdicts(page, live_server, shot):
    business = sign_up_and_confirm(page, live_server, shot)

    customers = csv_bytes(
        [["Name", "E-mail", "Phone"], ["Acme Ltd", "acme@example.com", "020 7946 0000"], ["Bolt & Co", "bad", ""]]
    )
    upload(page, "customers", "customers.csv", customers)
    expect(page.get_by_text("New: 1")).to_be_visible()
    expect(page.get_by_role("list", name="Problems")).to_contain_text("row 3, E-mail: 'bad' is not an e-mail address")
    shot("customers-preview")
    import_and_wait(page, "Import the 1 valid row")
    expect(page.get_by_role("status")).to_contain_text("Imported: created 1, updated 0, unchanged 0")
    assert list(Customer.objects.filter(business=business).values_list("name", flat=True)) == ["Acme Ltd"]

    xero = csv_bytes(
        [
            ["*ContactName", "EmailAddress", "*InvoiceNumber", "*InvoiceDate", "*DueDate", "Total", "*Description",
             "*Quantity", "*UnitAmount", "LineAmount", "Currency"],
            ["Acme Ltd", "acme@example.com", "INV-1", ISSUED, DUE, "150.00", "Support", "1", "100", "100", "GBP"],
            ["Acme Ltd", "acme@example.com", "INV-1", ISSUED, DUE, "150.00", "Visit", "1", "50", "50", "GBP"],
        ]
    )  # fmt: skip
    upload(page, "invoices", "xero.csv", xero)
    expect(page.get_by_text("Recognised format: Xero sales invoices")).to_be_visible()
    expect(page.get_by_role("cell", name="INV-1 (2 lines): 150.00 to Acme Ltd (matched by e-mail)")).to_be_visible()
    shot("invoices-preview")
    import_and_wait(page)
    expect(page.get_by_role("status")).to_contain_text("Imported: created 1")
    page.reload()  # the outcome survives a reload
    expect(page.get_by_role("status")).to_contain_text("Imported: created 1")
    invoice = Invoice.objects.get(business=business, number="INV-1")
    assert (str(invoice.amount), invoice.customer.name) == ("150.00", "Acme Ltd")

    toggl = csv_bytes(
        [
            ["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time",
             "End date", "End time", "Duration", "Tags"],
            ["Olive", "olive@example.com", "Acme Ltd", "Support", "", "Server rebuild", "Yes", WORKED, "09:00:00",
             WORKED, "13:00:00", "04:00:00", ""],
            ["Olive", "olive@example.com", "Zeta Studio", "Setup", "", "Wi-Fi survey", "Yes", WORKED, "14:00:00",
             WORKED, "15:00:00", "01:00:00", ""],
        ]
    )  # fmt: skip
    upload(page, "time", "toggl.csv", toggl)
    expect(page.get_by_text("Recognised format: Toggl Track detailed report")).to_be_visible()
    expect(page.get_by_role("heading", name="Clients that match no customer")).to_be_visible()
    page.get_by_label("Customer for Zeta Studio").select_option(label="Add “Zeta Studio” as a new customer")
    shot("time-unmatched-client")
    page.get_by_role("button", name="Apply and preview again").click()
    expect(page.get_by_text("New: 2")).to_be_visible()
    import_and_wait(page)
    expect(page.get_by_role("status")).to_contain_text("Imported: created 2")
    shot("time-done")
    zeta = Customer.objects.get(business=business, name="Zeta Studio")
    assert Interaction.objects.filter(business=business, customer=zeta, duration_minutes=60).count() == 1

    page.get_by_role("link", name="Dashboard", exact=True).click()
    ranked = page.get_by_role("region", name="Customers ranked by profit")
    acme = ranked.get_by_role("row").filter(has_text="Acme Ltd")
    expect(acme).to_contain_text(re.compile(r"Keep|Watch|Renegotiate|Boot"))
    # Four hours at £50 cost Acme more than its £150 of invoices brought.
    expect(acme).to_contain_text("150")
    expect(acme.locator("td.text-danger")).to_have_count(1)
    expect(ranked.get_by_role("row").filter(has_text="Zeta Studio")).to_contain_text(
        re.compile(r"Keep|Watch|Renegotiate|Boot")
    )
    shot("dashboard")

    page.get_by_role("link", name="Home").first.click()
    checklist = page.get_by_role("region", name="First steps")
    for step in ("customers", "invoices", "time"):
        expect(checklist.locator(f'[data-step="{step}"]')).to_contain_text("Done")
    shot("first-steps-after-imports")
