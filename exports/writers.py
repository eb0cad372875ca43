"""Tables out as CSV (streamed), XLSX and a zip of CSV files, safe to open in a spreadsheet.

A table is a list of columns, each a header and a function of one row. Cells
are typed (text, Decimal, int, date, datetime, bool, list); text that a
spreadsheet would take for a formula (it starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is prefixed with a single quote, as OWASP
advises against CSV injection, and XLSX text cells are written as text, never
as formulas. Numbers and dates come from the database, not from people, and
are written as numbers and dates.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from accounts.tenancy import keep_scope

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made plain text (OWASP: prefix a single quote)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    doc: str = ""


@dataclass(frozen=True)
class Table:
    """A named list of columns: what one export file holds."""

    name: str
    title: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def _plain(value: Any, zone: ZoneInfo) -> Any:
    """A cell's value in a form both writers understand: text, Decimal, int, date, naive local datetime."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        # Shown in the business's time zone, as on screen; spreadsheets have no time zones.
        return value.astimezone(zone).replace(tzinfo=None, microsecond=0) if value.tzinfo else value
    if isinstance(value, (Decimal, int, float, datetime.date)):
        return value
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    return neutralise(str(value))


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def table_rows(table: Table, rows: Iterable, zone: ZoneInfo) -> Iterator[list[Any]]:
    for row in rows:
        yield [_plain(column.value(row), zone) for column in table.columns]


class _Echo:
    """A file-like object whose write returns the text, for streaming csv.writer output."""

    def write(self, text: str) -> str:
        return text


def csv_lines(table: Table, rows: Iterable, zone: ZoneInfo) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(table.headers)
    for values in table_rows(table, rows, zone):
        yield writer.writerow([_csv_text(value) for value in values])


def _download_name(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def csv_response(table: Table, rows: Iterable, *, zone: ZoneInfo, filename: str) -> StreamingHttpResponse:
    """Streamed row by row: the rows should be a queryset ``.iterator()``, so memory stays flat.

    Starts with a UTF-8 byte order mark so that Excel reads accents and symbols right.
    """

    def body() -> Iterator[str]:
        yield "\ufeff"
        yield from csv_lines(table, rows, zone)

    # The rows are read while the body is sent, after the view returned: same business as the view.
    response = StreamingHttpResponse(keep_scope(body()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _download_name(f"{filename}.csv")
    return response


def xlsx_file(tables: Iterable[tuple[Table, Iterable]], *, zone: ZoneInfo):
    """A workbook with one sheet per table, written row by row to a temporary file (write-only mode)."""
    workbook = Workbook(write_only=True)
    for table, rows in tables:
        sheet = workbook.create_sheet(title=table.title[:31])
        sheet.append(table.headers)
        for values in table_rows(table, rows, zone):
            sheet.append([_xlsx_cell(sheet, value) for value in values])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    workbook.save(handle)
    handle.seek(0)
    return handle


def _xlsx_cell(sheet, value: Any):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, even if it looks like a formula
        return cell
    return value


def xlsx_response(table: Table, rows: Iterable, *, zone: ZoneInfo, filename: str) -> FileResponse:
    handle = xlsx_file([(table, rows)], zone=zone)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)


def table_response(table: Table, rows: Iterable, *, fmt: str, zone: ZoneInfo, filename: str) -> StreamingHttpResponse:
    """The table in the format asked for (``csv`` or ``xlsx``); check ``fmt`` against FORMATS first."""
    if fmt == "xlsx":
        return xlsx_response(table, rows, zone=zone, filename=filename)
    return csv_response(table, rows, zone=zone, filename=filename)


def zip_file(files: Iterable[tuple[Table, Iterable]], *, zone: ZoneInfo, readme: str):
    """A zip of one CSV file per table plus README.txt, written to a temporary file."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        for table, rows in files:
            with archive.open(f"{table.name}.csv", "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                for line in csv_lines(table, rows, zone):
                    text.write(line)
                text.flush()
                text.detach()
    handle.seek(0)
    return handle


def readme_for(tables: Iterable[Table], *, intro: str) -> str:
    """The columns of each file, in plain words."""
    parts = [intro.strip(), ""]
    for table in tables:
        parts.append(f"{table.name}.csv: {table.title}")
        parts.extend(
            f"  - {column.header}: {column.doc}" if column.doc else f"  - {column.header}" for column in table.columns
        )
        parts.append("")
    return "\n".join(parts)
