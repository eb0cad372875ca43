"""The platform admin sees imports read-only, without the stored file, and with no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from imports import services

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_imports_without_a_query_per_row(client, world):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:imports_import_changelist")
    with CaptureQueriesContext(connection) as before:
        assert client.get(url, {"q": "csv"}).status_code == 200
    for _ in range(5):
        services.import_upload(business=world.b.business, kind="customers", filename="more.csv", content=b"Name\nA\n")
    with CaptureQueriesContext(connection) as after:
        response = client.get(url, {"q": "csv"})
    assert len(after) == len(before)
    assert "7 imports" in response.content.decode()  # one per tenant, and these five
    job = world.a.objects["import"]
    page = client.get(reverse("admin:imports_import_change", args=[job.pk]))
    assert page.status_code == 200
    assert "Content:" not in page.content.decode()  # the stored file is not shown
