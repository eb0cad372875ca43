"""The import pages: upload, map, preview, run, progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customers.models import Customer
from imports import services
from imports.models import Import

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db


def upload(client, kind: str, content: bytes, name: str = "file.csv"):
    return client.post(reverse("import_start"), {"kind": kind, "file": SimpleUploadedFile(name, content)})


def test_upload_preview_and_queue(owner_client, world):
    content = csv_bytes([["Name", "E-mail"], ["Acme", "acme@example.com"], ["Bolt", "nope"]])
    response = upload(owner_client, "customers", content)
    job = Import.objects.filter(business=world.a.business).latest("id")
    assert response.url == reverse("import_detail", args=[job.pk])
    page = owner_client.get(response.url).content.decode()
    assert "New: 1" in page and "Error: 1" in page
    assert "row 3, E-mail: &#x27;nope&#x27; is not an e-mail address" in page
    assert "Import the 1 valid row" in page
    response = owner_client.post(reverse("import_run", args=[job.pk]), {"valid_only": "1"})
    job.refresh_from_db()
    assert (job.status, job.valid_only) == ("queued", True)
    progress = owner_client.get(reverse("import_progress", args=[job.pk])).json()
    assert progress == {"status": "queued", "stage": "Waiting to start", "percent": 0, "finished": False}
    page = owner_client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "data-progress-url" in page and "js/imports.js" in page
    # Nothing is written until the worker runs it.
    assert not Customer.objects.filter(business=world.a.business, name="Acme").exists()
    services.import_execute(import_id=job.pk, business_id=world.a.business.pk)
    page = owner_client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "Imported: created 1, updated 0, unchanged 0, 1 row with errors left out" in page
    assert owner_client.get(reverse("import_progress", args=[job.pk])).json()["finished"] is True


def test_unknown_columns_go_to_mapping_then_preview(owner_client, world):
    response = upload(owner_client, "customers", csv_bytes([["Client", "Mail"], ["Acme", "a@example.com"]]))
    job = Import.objects.filter(business=world.a.business).latest("id")
    assert response.url == reverse("import_mapping", args=[job.pk])
    assert owner_client.get(reverse("import_detail", args=[job.pk])).url == reverse("import_mapping", args=[job.pk])
    response = owner_client.post(reverse("import_mapping", args=[job.pk]), {"name": "Client", "email": "Mail"})
    assert response.url == reverse("import_detail", args=[job.pk])
    assert "New: 1" in owner_client.get(response.url).content.decode()


def test_unreadable_and_oversized_files_get_a_clear_message(owner_client, world, settings):
    response = upload(owner_client, "customers", b"", "empty.csv")
    assert "The submitted file is empty" in response.content.decode()
    response = upload(owner_client, "customers", b"PK\x03\x04broken", "broken.xlsx")
    assert "could not be opened as an Excel workbook" in response.content.decode()
    settings.KOB_IMPORT_MAX_BYTES = 1024
    response = upload(owner_client, "customers", b"Name\n" + b"x" * 2048)
    assert "files up to 0.0 MB can be imported" in response.content.decode()
    assert not Import.objects.filter(business=world.a.business, filename__in=["broken.xlsx", "file.csv"]).exists()


@pytest.mark.parametrize("name", ["import_run", "import_options"])
def test_post_only_views_refuse_get(owner_client, world, name):
    job = world.a.objects["import"]
    assert owner_client.get(reverse(name, args=[job.pk])).status_code == 405


# Every request through the tenancy gate runs a fixed number of statements the page itself does
# not: 5 for row-level security (confine on request start, set the person, set the business,
# restore on leaving the gate, reset on request end) and 3 for the session renewed on every
# request (SAVEPOINT, UPDATE django_session, RELEASE). Measured: 8, the same for 1 or 300 rows.
PER_REQUEST = 5 + 3


def test_import_list_does_not_grow_with_imports(owner_client, world, django_assert_max_num_queries):
    for _ in range(15):
        services.import_upload(business=world.a.business, kind="customers", filename="c.csv", content=b"Name\nAcme\n")
    with django_assert_max_num_queries(8 + PER_REQUEST):
        response = owner_client.get(reverse("import_start"))
    assert response.content.decode().count("c.csv") == 15


def test_preview_queries_do_not_grow_with_rows(owner_client, world, django_assert_max_num_queries):
    rows = [["Name", "E-mail"], *([f"C{n}", f"c{n}@example.com"] for n in range(300))]
    job = services.import_upload(business=world.a.business, kind="customers", filename="c.csv", content=csv_bytes(rows))
    with django_assert_max_num_queries(10 + PER_REQUEST):
        response = owner_client.get(reverse("import_detail", args=[job.pk]))
    assert "New: 300" in response.content.decode()


def test_preview_of_a_long_file_checks_the_first_rows_and_says_so(owner_client, world, monkeypatch):
    from imports import views

    monkeypatch.setattr(views, "PREVIEW_CHECKED_ROWS", 10)
    rows = [["Name"], *([f"C{n}"] for n in range(25))]
    job = services.import_upload(business=world.a.business, kind="customers", filename="c.csv", content=csv_bytes(rows))
    page = owner_client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "New: 10" in page
    assert "The preview checked the first 10 of 25 rows" in page


def test_time_clients_that_match_no_customer_are_listed_and_the_choice_is_applied(owner_client, world):
    content = csv_bytes([["Date", "Client", "Duration"], ["2026-01-15", "Zeta Studio", "45"]])
    response = upload(owner_client, "time", content)
    page = owner_client.get(response.url).content.decode()
    assert "Clients that match no customer" in page
    assert 'name="assign:Zeta Studio"' in page and "Add “Zeta Studio” as a new customer" in page
    job = Import.objects.filter(business=world.a.business).latest("id")
    response = owner_client.post(
        reverse("import_options", args=[job.pk]), {"date_order": "day", "assign:Zeta Studio": "new"}
    )
    assert response.url == reverse("import_detail", args=[job.pk])
    page = owner_client.get(response.url).content.decode()
    assert "Clients that match no customer" not in page
    assert "new customer Zeta Studio" in page
    refused = owner_client.post(
        reverse("import_options", args=[job.pk]), {"date_order": "day", "assign:Zeta Studio": "12abc"}, follow=True
    )
    assert "Choose a customer, or what to do with these rows." in refused.content.decode()
