"""Test-only pages that run deliberately unfiltered queries (see test_row_level_security.py)."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path

from accounts.access import business_view
from customers.models import Customer

from ..tenant_tables import rows_per_business, tenant_tables


def visible(request: HttpRequest) -> JsonResponse:
    """What this request can see of every tenant table, with no business filter at all."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return JsonResponse(
        {
            "pid": pid,
            "tables": {table: {str(k): v for k, v in rows_per_business(table).items()} for table in tenant_tables()},
            "customers": sorted(Customer.objects.values_list("business_id", flat=True)),
        }
    )


urlpatterns = [
    path("probe/", business_view(visible)),
    path("probe/signed-in/", visible),
    path("probe/open/", login_not_required(visible)),
]
