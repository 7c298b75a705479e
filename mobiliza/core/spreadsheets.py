"""Writing tables as spreadsheets (XLSX and CSV) and sending them as downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def _plain(value: Any) -> Any:
    if isinstance(value, Promise):  # a lazily translated label
        return str(value)
    return value


def table_to_xlsx(header: list[str], rows: Iterable[list[Any]], title: str) -> bytes:
    """An XLSX workbook with a bold, frozen header row."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = str(title)[:31]
    sheet.append([_plain(v) for v in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_plain(v) for v in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_to_csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with a BOM, so that spreadsheet programs show accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_plain(v) for v in header])
    for row in rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_download(
    fmt: str, name: str, header: list[str], rows: Iterable[list[Any]], title: str
) -> HttpResponse:
    """The table as ``name.csv`` when ``fmt`` is "csv", else as ``name.xlsx``."""
    if fmt == "csv":
        return download(table_to_csv(header, rows), CSV_TYPE, f"{name}.csv")
    return download(table_to_xlsx(header, rows, title=title), XLSX_TYPE, f"{name}.xlsx")
