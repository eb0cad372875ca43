"""Shared set-up for import tests: a business with an owner, and helpers that build files in the test."""

from __future__ import annotations

import io
import threading

import pytest
from procrastinate.contrib.django import app

from accounts.models import Membership
from imports import services

from ..factories import BusinessFactory, MembershipFactory


@pytest.fixture
def business(db):
    business = BusinessFactory(name="Delta Repairs", time_zone="Europe/London", country="GB", currency="GBP")
    MembershipFactory(business=business, role=Membership.Role.OWNER, user__first_name="Olive", user__last_name="Owner")
    return business


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_worker_once() -> None:
    """The real procrastinate worker until the queue is empty, in its own thread.

    As in production it runs apart from the web process; a thread also keeps it
    clear of the event loop the browser tests leave in the main thread.
    """

    def work():
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the worker did not finish"


@pytest.fixture
def run_import(business):
    """Upload a file and run the import at once; returns the finished Import."""

    def run(kind: str, content: bytes, *, filename: str = "file.csv", valid_only: bool = False, target=None, **kwargs):
        target = target or business
        job = services.import_upload(business=target, kind=kind, filename=filename, content=content, **kwargs)
        job.valid_only = valid_only
        job.save()
        return services.import_execute(import_id=job.pk, business_id=target.pk)

    return run
