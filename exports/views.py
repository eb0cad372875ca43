"""Downloads: every list as CSV or XLSX (``?format=``), filtered as on screen, and the whole business as a zip.

Staff download what they can see on their pages (customers, invoices, payments,
interactions without costs); cost entries, costs of time and the whole-business
zip are for owners. Rows are read with ``.iterator()``: one query per table and
flat memory, whatever the size of the business.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.http import FileResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from accounts.access import BusinessRequest, business_view
from customers.lists.reading import read_list

from . import records
from .writers import FORMATS, readme_for, table_response, zip_file

CHUNK = 2000

README_INTRO = """
Everything {business} keeps in Keep or Boot, exported on {today}: one CSV file
per kind of record (UTF-8, comma separated, first row = column names; dates are
YYYY-MM-DD, times are local to {zone}, amounts are in {currency} with a dot for
decimals). Text that a spreadsheet could run as a formula starts with a single
quote. Files refer to each other by the "id" and "number" columns.
"""


class BadFilter(ValueError):
    pass


def _format(request: BusinessRequest) -> str:
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise BadFilter(f"Unknown format “{fmt}”: choose csv or xlsx.")
    return fmt


def _filename(request: BusinessRequest, what: str) -> str:
    return f"{slugify(request.business.name) or 'business'}-{what}-{timezone.localdate().isoformat()}"


def _zone(request: BusinessRequest) -> ZoneInfo:
    return ZoneInfo(request.business.time_zone)


def _export(build):
    """Turn a bad ``format``, date or filter into a 400 that says what to fix."""

    def view(request: BusinessRequest) -> HttpResponseBase:
        try:
            return build(request)
        except BadFilter as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")

    view.__name__ = build.__name__
    view.__doc__ = build.__doc__
    return view


def _download(request: BusinessRequest, fmt: str, table, rows, name: str) -> HttpResponseBase:
    """The table as a file: rows read in chunks as the file is written, named after the business."""
    return table_response(
        table, rows.iterator(chunk_size=CHUNK), fmt=fmt, zone=_zone(request), filename=_filename(request, name)
    )


@require_GET
@business_view
@_export
def export_customers(request: BusinessRequest) -> HttpResponseBase:
    """The customers list with the filters and order of the page (``q``, ``status``, ``tag``, ``sort``)."""
    fmt = _format(request)
    rows = records.customer_rows(
        business=request.business,
        today=timezone.localdate(),
        search=request.GET.get("q", "").strip(),
        status=request.GET.get("status", ""),
        tag=request.GET.get("tag", ""),
        sort=request.GET.get("sort", "name"),
    )
    return _download(request, fmt, records.CUSTOMERS, rows, "customers")


def _list_download(request: BusinessRequest, key: str, table, name: str) -> HttpResponseBase:
    """The list ``key`` exactly as its page shows it: the page's own filters, rows and order."""
    fmt = _format(request)
    listed = read_list(request, key)
    if listed.rows is None:
        raise BadFilter(" ".join(listed.problems))
    return _download(request, fmt, table, listed.rows, name)


@require_GET
@business_view
@_export
def export_invoices(request: BusinessRequest) -> HttpResponseBase:
    """The invoice list's filters (``customer``, ``from``, ``to``, ``dates``, ``status``, ``sort``)."""
    return _list_download(request, "invoices", records.invoices_table(timezone.localdate()), "invoices")


@require_GET
@business_view
@_export
def export_payments(request: BusinessRequest) -> HttpResponseBase:
    """The payment list's filters (``customer``, ``from``, ``to``, ``method``, ``sort``)."""
    return _list_download(request, "payments", records.PAYMENTS, "payments")


@require_GET
@business_view
@_export
def export_interactions(request: BusinessRequest) -> HttpResponseBase:
    """The interaction list's filters; owners also get each one's hourly cost and staff cost, staff the time only."""
    table = records.interactions_table(with_costs=request.membership.is_owner)
    return _list_download(request, "interactions", table, "interactions")


@require_GET
@business_view(owner_only=True)
@_export
def export_cost_entries(request: BusinessRequest) -> HttpResponseBase:
    """The cost list's filters (``customer``, ``from``, ``to``, ``kind``, ``sort``)."""
    return _list_download(request, "cost_entries", records.COST_ENTRIES, "cost-entries")


@require_GET
@business_view(owner_only=True)
def export_business(request: BusinessRequest) -> FileResponse:
    """The whole business as a zip of CSV files with a README of the columns: the owner's data is never locked in."""
    business, today, zone = request.business, timezone.localdate(), _zone(request)
    tables = records.business_tables(business=business, today=today, zone=zone)
    intro = README_INTRO.format(
        business=business.name, today=today, zone=business.time_zone, currency=business.currency
    )
    readme = readme_for([table for table, _ in tables], intro=intro)
    handle = zip_file([(table, rows.iterator(chunk_size=CHUNK)) for table, rows in tables], zone=zone, readme=readme)
    return FileResponse(
        handle, as_attachment=True, filename=f"{_filename(request, 'all-data')}.zip", content_type="application/zip"
    )
