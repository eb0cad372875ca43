"""Streamed downloads read their rows after the view returned: under row-level security they keep its business."""

import pytest
from django.urls import reverse

from accounts.tenancy import scope

pytestmark = pytest.mark.django_db


def test_streamed_csv_reads_the_business_rows_with_row_level_security_on(owner_client, world):
    with scope():  # no business, no bypass on the connection: as in production between requests
        response = owner_client.get(reverse("export_customers"), {"format": "csv"})
        assert response.streaming
        body = b"".join(response.streaming_content).decode()
    assert world.a.objects["customer"].name in body
    assert world.b.objects["customer"].name not in body
