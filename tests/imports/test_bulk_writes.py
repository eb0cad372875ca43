"""A bulk import leaves the same trace as rows written one by one: a history event per record, fresh standings.

The history triggers run once per statement (``accounts.history``), reading the
inserted rows from the transition table, and the import refreshes the standings
its writes queued before it commits.
"""

import datetime

import pytest

from audit.selectors import tracked_kinds
from customers.models import Customer, Interaction, Invoice
from evaluations.models import Standing, StandingQueue
from evaluations.standings import standings_verify

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

TOGGL = ["User", "Email", "Client", "Project", "Description", "Start date", "Start time", "End date", "End time",
         "Duration", "Tags"]  # fmt: skip


def events(model):
    return tracked_kinds()[model._meta.label_lower].objects.order_by("pgh_id")


def test_every_imported_record_has_its_history_and_the_standings_are_fresh(business, run_import):
    day = datetime.date.today() - datetime.timedelta(days=40)
    customers = [["Name", "E-mail"], *([f"Client {n}", f"client{n}@example.com"] for n in range(12))]
    assert run_import("customers", csv_bytes(customers)).created == 12
    header = ["Invoice number", "Customer", "Issue date", "Invoice total"]
    invoices = [header, *([f"A-{n}", f"Client {n}", day.isoformat(), f"{100 + n}.00"] for n in range(12))]
    assert run_import("invoices", csv_bytes(invoices)).created == 12
    rows = [
        ["Olive Owner", "", f"Client {n % 12}", "Support", f"Job {n}", day.isoformat(), f"{8 + n % 9:02d}:00:00",
         day.isoformat(), f"{9 + n % 9:02d}:00:00", "01:00:00", ""]
        for n in range(60)
    ]  # fmt: skip
    job = run_import("time", csv_bytes([TOGGL, *rows]))
    assert (job.status, job.created) == ("done", 60)

    for model in (Customer, Invoice, Interaction):
        records = list(model.objects.filter(business=business).order_by("pk").values_list("pk", flat=True))
        recorded = events(model).filter(business=business).order_by("pgh_obj_id")
        assert list(recorded.values_list("pgh_obj_id", "pgh_label")) == [(pk, "insert") for pk in records]
    # The events carry the records' values, as a row-level trigger would have copied them.
    event = events(Interaction).filter(business=business).first()
    record = Interaction.objects.get(pk=event.pgh_obj_id)
    assert (event.customer_id, event.duration_minutes, event.hourly_cost, event.note) == (
        record.customer_id, 60, record.hourly_cost, record.note)  # fmt: skip

    assert not StandingQueue.objects.filter(business_id=business.pk).exists()
    assert Standing.objects.filter(business=business).count() == 12
    assert standings_verify(business) == []


def test_an_update_through_an_import_records_one_update_event(business, run_import):
    header = ["Name", "E-mail", "External id"]
    run_import("customers", csv_bytes([header, ["Acme", "old@example.com", "C-1"], ["Bolt", "", "C-2"]]))
    job = run_import("customers", csv_bytes([header, ["Acme", "new@example.com", "C-1"], ["Bolt", "", "C-2"]]))
    assert (job.updated, job.unchanged) == (1, 1)
    acme = Customer.objects.get(business=business, external_id="C-1")
    updates = events(Customer).filter(business=business, pgh_label="update")
    assert list(updates.values_list("pgh_obj_id", "email")) == [(acme.pk, "new@example.com")]
    assert standings_verify(business) == []
