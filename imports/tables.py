"""Turning an uploaded CSV or XLSX file into a header row and data rows of text.

Files come as people have them: UTF-8 with or without a byte-order mark or
Windows-1252, comma, semicolon or tab separated, quoted cells holding commas and
line breaks, report titles above the header and total rows below the data.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

HEADER_SEARCH_ROWS = 15
_TOTAL = re.compile(r"^(grand\s+)?total\b(\s+for\b.*)?:?$|^total\s*:", re.IGNORECASE)


class TableProblem(ValueError):
    """The file cannot be read at all; the message says why."""


@dataclass
class Table:
    headers: list[str]
    # (row number as a spreadsheet shows it, cells as text), blank and total rows left out.
    rows: list[tuple[int, list[str]]]


def normalise_header(text: str) -> str:
    """Header cells compared without case, asterisks (Xero's required marks) or extra spaces."""
    return " ".join(text.replace("*", " ").casefold().split())


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, which can decode any byte but five."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _csv_rows(content: bytes) -> list[list[str]]:
    text = decode(content)
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        # Title rows above the header confuse the sniffer: count instead.
        delimiter = max(",;\t", key=sample.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ") if value.time() != datetime.time(0) else value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableProblem("This file could not be opened as an Excel workbook (.xlsx).") from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def is_xlsx(content: bytes, filename: str) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04"


def is_blank(cells: Iterable[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def is_total_row(cells: list[str]) -> bool:
    first = next((cell.strip() for cell in cells if cell.strip()), "")
    return bool(_TOTAL.match(first))


def default_header_row(rows: list[list[str]]) -> int:
    """The first of the top rows with as many filled cells as the fullest of them."""
    top = rows[:HEADER_SEARCH_ROWS]
    filled = [sum(1 for cell in row if cell.strip()) for row in top]
    most = max(filled, default=0)
    if most == 0:
        raise TableProblem("The file is empty.")
    return filled.index(most)


def read_table(content: bytes, filename: str, *, is_header: Callable[[list[str]], bool] | None = None) -> Table:
    """Read the file; ``is_header`` recognises a known header row among the top rows."""
    rows = _xlsx_rows(content) if is_xlsx(content, filename) else _csv_rows(content)
    if not rows:
        raise TableProblem("The file is empty.")
    header_index = None
    if is_header is not None:
        header_index = next(
            (i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if is_header([normalise_header(c) for c in row])),
            None,
        )
    if header_index is None:
        header_index = default_header_row(rows)
    headers = [cell.strip() for cell in rows[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    data = []
    for index in range(header_index + 1, len(rows)):
        cells = [cell.strip() for cell in rows[index][:width]]
        cells += [""] * (width - len(cells))
        if is_blank(cells) or is_total_row(cells):
            continue
        data.append((index + 1, cells))
    return Table(headers=headers, rows=data)
