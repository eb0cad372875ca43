"""Reading downloads back: CSV (streamed) and XLSX responses as rows."""

import csv
import io

import openpyxl
import pytest


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    return list(workbook.active.iter_rows(values_only=True))


def xlsx_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(body(response))).active


@pytest.fixture
def as_dicts():
    def convert(rows) -> list[dict]:
        header, *data = rows
        return [dict(zip(header, row, strict=True)) for row in data]

    return convert
