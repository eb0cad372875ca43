"""`manage.py import_records` for scripts, and the background worker that runs imports from the page."""

import pytest
from django.core.management import CommandError, call_command
from procrastinate.contrib.django.models import ProcrastinateJob

from customers.models import Customer
from imports import services
from imports.models import Import

from .conftest import csv_bytes, run_worker_once


@pytest.mark.django_db
def test_command_prints_counts(business, tmp_path, capsys):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes([["Name", "E-mail"], ["Acme", "acme@example.com"], ["Bolt", ""]]))
    call_command("import_records", "--business-id", business.pk, "--kind", "customers", str(path))
    assert capsys.readouterr().out.strip() == "created 2, updated 0, unchanged 0, errors 0"
    call_command("import_records", "--business-id", business.pk, "--kind", "customers", str(path))
    assert capsys.readouterr().out.strip() == "created 0, updated 0, unchanged 2, errors 0"


@pytest.mark.django_db
def test_command_fails_when_errors_stop_the_import(business, tmp_path, capsys):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes([["Name", "E-mail"], ["Acme", "acme@example.com"], ["", "x@example.com"]]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_records", "--business-id", business.pk, "--kind", "customers", str(path))
    captured = capsys.readouterr()
    assert captured.out.strip() == "created 0, updated 0, unchanged 0, errors 1"
    assert "row 3, Name: is empty" in captured.err
    # This business's: the shared demo businesses (tests/demo_data.py) stay committed all session.
    assert not Customer.objects.filter(business=business).exists()
    call_command("import_records", "--business-id", business.pk, "--kind", "customers", "--valid-only", str(path))
    assert capsys.readouterr().out.strip() == "created 1, updated 0, unchanged 0, errors 1"


@pytest.mark.django_db
def test_command_with_a_named_format_and_unknown_columns(business, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(csv_bytes([["Who", "Mail"], ["Acme", "acme@example.com"]]))
    with pytest.raises(CommandError, match="not recognised"):
        call_command("import_records", "--business-id", business.pk, "--kind", "customers", str(path))
    with pytest.raises(CommandError, match="not a known format for customers"):
        call_command(
            "import_records",
            "--business-id",
            business.pk,
            "--kind",
            "customers",
            "--format",
            "xero_payments",
            str(path),
        )


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_import_and_records_the_outcome(business):
    content = csv_bytes([["Name", "E-mail"], *([f"Customer {n}", f"c{n}@example.com"] for n in range(50))])
    job = services.import_upload(business=business, kind="customers", filename="c.csv", content=content)
    services.import_queue(job=job, valid_only=False)
    # The queue's table is not emptied between tests (procrastinate's models are unmanaged): find this job.
    queued = ProcrastinateJob.objects.filter(task_name="imports.run_import", args__import_id=job.pk)
    assert list(queued.values_list("status", flat=True)) == ["todo"]
    job.refresh_from_db()
    assert job.status == Import.Status.QUEUED
    run_worker_once()
    assert list(queued.values_list("status", flat=True)) == ["succeeded"]
    job.refresh_from_db()
    assert (job.status, job.created, job.percent_done) == ("done", 50, 100)
    assert Customer.objects.filter(business=business).count() == 50


@pytest.mark.django_db
def test_a_constraint_the_checks_did_not_foresee_fails_cleanly(business, run_import):
    from ..factories import ContractFactory, CustomerFactory, InvoiceFactory

    # An invoice tied to a contract cannot move to another customer: the database refuses.
    acme = CustomerFactory(business=business, name="Acme")
    CustomerFactory(business=business, name="Bolt")
    contract = ContractFactory(business=business, customer=acme)
    InvoiceFactory(business=business, customer=acme, contract=contract, number="A-1")
    header = ["Invoice number", "Customer", "Issue date", "Invoice total"]
    job = run_import("invoices", csv_bytes([header, ["A-1", "Bolt", "2026-02-01", "100"]]))
    assert (job.status, job.created, job.updated) == ("failed", 0, 0)
    assert job.problems
    assert Customer.objects.get(business=business, invoices__number="A-1").name == "Acme"


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_import_transaction_is_open(business):
    from django.db import transaction

    from imports.progress import ProgressWriter

    job = services.import_upload(business=business, kind="customers", filename="c.csv", content=b"Name\nA\nB\nC\nD\n")
    writer = ProgressWriter(job.pk, business.pk, total=4)
    try:
        with transaction.atomic():
            Customer.objects.create(
                business=business, name="Written in the open transaction", customer_since="2026-01-01"
            )
            writer(2, "Checking rows", force=True)
            seen = Import.objects.filter(pk=job.pk).values_list("rows_done", "stage").get()
            assert seen == (2, "Checking rows")
            writer(3, "Writing")  # within half a second of the last: not written
            assert Import.objects.get(pk=job.pk).rows_done == 2
    finally:
        writer.close()
    assert Import.objects.get(pk=job.pk).percent_done == 50


@pytest.mark.django_db(transaction=True)
def test_two_import_clicks_at_once_queue_the_file_once(business):
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connections, transaction

    content = csv_bytes([["Name"], ["Acme"]])
    job = services.import_upload(business=business, kind="customers", filename="c.csv", content=content)
    # Each click's request read the import before either queued it: both saw "ready".
    first_copy, second_copy = Import.objects.get(pk=job.pk), Import.objects.get(pk=job.pk)
    first_queued, first_may_commit = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def first_click() -> None:
        try:
            with transaction.atomic():
                services.import_queue(job=first_copy, valid_only=False)
                first_queued.set()
                first_may_commit.wait(timeout=30)  # holds the row lock, as a slow request would
            outcomes["first"] = "queued"
        finally:
            connections.close_all()

    def second_click() -> None:
        try:
            services.import_queue(job=second_copy, valid_only=False)
            outcomes["second"] = "queued"
        except ValidationError as exc:
            outcomes["second"] = " ".join(exc.messages)
        finally:
            connections.close_all()

    first = threading.Thread(target=first_click)
    first.start()
    assert first_queued.wait(timeout=30)
    second = threading.Thread(target=second_click)
    second.start()
    second.join(timeout=1)
    assert second.is_alive(), "the second click must wait for the first one's lock"
    first_may_commit.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert outcomes == {"first": "queued", "second": "This import has already started."}
    queued = ProcrastinateJob.objects.filter(task_name="imports.run_import", args__import_id=job.pk)
    assert queued.count() == 1
