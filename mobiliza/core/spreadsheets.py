"""Writing tables as spreadsheets (XLSX and CSV) and sending them as downloads.

A table is a header and an iterable of rows; each cell is a string, a number (``int``,
``Decimal``), a date, ``None`` (blank) or a :class:`Money` (an amount with its currency).
Nothing is cut: a cell holds the whole value.

- **XLSX** (:func:`write_xlsx`): numbers are numbers, an amount has the number format
  of its currency's decimals (Babel's ``get_currency_precision``: two for USD, none for
  JPY), dates are dates; the header is bold and frozen, an auto-filter covers the data
  and the columns are as wide as their longest value among the first
  :data:`WIDTH_SAMPLE` rows (between :data:`MIN_WIDTH` and :data:`MAX_WIDTH`).
  openpyxl's write-only mode writes the rows one by one into a temporary file, which
  :func:`xlsx_response` serves; memory stays flat whatever the number of rows.
- **CSV** (:func:`csv_response`): UTF-8 with a BOM, streamed row by row from the
  iterable (a ``StreamingHttpResponse``), so the first bytes leave at once.

Text that a spreadsheet program would take for a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is kept as text: in XLSX as a string cell with
the "quote prefix" style (the value itself is unchanged, so an exported file imports
again as it was), in CSV behind a single quote. Real numbers such as ``-12.50`` are
left as they are.

Measured with 50,015 generated partners (the partner export, every column, SQLite, two
CPUs shared with other work): the CSV's first line leaves at 0.04 s and the whole of it
(41 MiB) in 40 s; the XLSX (8.9 MiB) takes 72 s, so a large one is written by a
background task (:mod:`mobiliza.core.exportjobs`). Peak memory (``tracemalloc``) is
23 MiB at 2,000 rows and 36 MiB at 20,000, for CSV and XLSX alike, against about 1 GB
when the rows and the workbook were kept in memory. See ``docs/performance.md``
("Exports").
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice
from typing import IO, Any
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.functional import Promise

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

# Records read from the database at a time while an export is written (``.iterator``): each
# chunk costs its query and one per prefetched relation, so memory stays flat.
EXPORT_CHUNK = 2000
WIDTH_SAMPLE = 500  # rows read to fit the column widths, before any row is written
MIN_WIDTH = 8
MAX_WIDTH = 60

# What a spreadsheet program reads as the start of a formula (OWASP's "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class Money:
    """An amount and its ISO 4217 currency: a number in XLSX, with the currency's decimals."""

    amount: Decimal | None
    currency: str


def currency_format(currency: str) -> str:
    """The XLSX number format of an amount in ``currency`` (``#,##0.00`` for USD)."""
    from babel.numbers import get_currency_precision

    places = get_currency_precision(currency) if currency else 2
    return "#,##0" + ("." + "0" * places if places else "")


def money_text(money: Money) -> str:
    """The amount with its currency's decimals (``1500000`` yen, ``12.50`` dollars), or
    with all of its own when it has more (nothing is rounded away)."""
    from babel.numbers import get_currency_precision

    assert money.amount is not None
    places = get_currency_precision(money.currency) if money.currency else 2
    shown = money.amount.quantize(Decimal(1).scaleb(-places))
    return f"{shown if shown == money.amount else money.amount:f}"


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program would run ``text`` as a formula (a number would not)."""
    return text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text)


def formula_unquoted(text: str) -> str:
    """A CSV cell as it was before :func:`csv_value` put a quote before its formula."""
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text


def _plain(value: Any) -> Any:
    if isinstance(value, Promise):  # a lazily translated label
        return str(value)
    if isinstance(value, str) and type(value) is not str:  # MissingTranslation and kin
        return str.__str__(value)
    return value


# --- CSV -----------------------------------------------------------------------------------


def csv_value(value: Any) -> Any:
    """A cell as CSV text: blank for None, the amount of a Money, formulas behind a quote."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, Money):
        return "" if value.amount is None else money_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


class _Line:
    """A file-like object that hands back what the csv writer wrote into it."""

    def write(self, text: str) -> str:
        return text


def csv_lines(
    header: list[Any], rows: Iterable[Iterable[Any]], *, bom: bool = True
) -> Iterator[bytes]:
    """The table as UTF-8 lines, the first one after a BOM unless ``bom`` is false."""
    writer = csv.writer(_Line())
    first = writer.writerow([csv_value(v) for v in header])
    yield first.encode("utf-8-sig" if bom else "utf-8")
    for row in rows:
        yield writer.writerow([csv_value(v) for v in row]).encode("utf-8")


def table_to_csv(header: list[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with a BOM, so that spreadsheet programs show accents right."""
    return b"".join(csv_lines(header, rows))


def _in_language(language: str, lines: Iterator[bytes]) -> Iterator[bytes]:
    # The rows are made while the response is sent, after the view (and the locale
    # middleware) returned: translate them in the language of the request.
    with translation.override(language):
        yield from lines


def csv_response(
    filename: str, header: list[Any], rows: Iterable[Iterable[Any]], *, bom: bool = True
) -> StreamingHttpResponse:
    """The table streamed as a CSV download named ``filename``."""
    lines = _in_language(translation.get_language() or "en", csv_lines(header, rows, bom=bom))
    response = StreamingHttpResponse(lines, content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


# --- XLSX ----------------------------------------------------------------------------------


def _text_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, Money):
        value = value.amount
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, Decimal):
        return len(f"{value:,f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _widths(header: list[Any], sample: list[list[Any]]) -> list[int]:
    widths = []
    for index, title in enumerate(header):
        longest = max(
            [_text_length(title) + 2]  # room for the filter's button
            + [_text_length(row[index]) for row in sample if index < len(row)]
        )
        widths.append(min(max(longest + 1, MIN_WIDTH), MAX_WIDTH))
    return widths


def write_xlsx(
    handle: IO[bytes],
    header: list[Any],
    rows: Iterable[Iterable[Any]],
    title: str,
    *,
    progress: Callable[[int], None] | None = None,
    every: int = 1000,
) -> int:
    """Write the table as a workbook into ``handle``; returns the number of data rows.

    ``progress(rows written)`` is called after every ``every`` rows (a background job's).
    """
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(title=str(title)[:31] or "Sheet")
    header = [_plain(v) for v in header]
    plain_rows = ([_plain(v) for v in row] for row in rows)
    sample = list(islice(plain_rows, WIDTH_SAMPLE))
    for index, width in enumerate(_widths(header, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    bold = Font(bold=True)
    formats: dict[str, str] = {}

    def header_cell(value: Any) -> Any:
        cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
        cell.data_type = "s"
        cell.font = bold
        cell.alignment = Alignment(vertical="top")
        return cell

    def cell_of(value: Any) -> Any:
        if isinstance(value, Money):
            if value.amount is None:
                return None
            if value.currency not in formats:
                formats[value.currency] = currency_format(value.currency)
            cell = WriteOnlyCell(sheet, value=value.amount)
            cell.number_format = formats[value.currency]
            return cell
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            # XLSX has no time zones: the reader's local time, as the pages show it.
            value = timezone.localtime(value).replace(tzinfo=None)
        if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
            # Control characters (a vertical tab pasted from a word processor) cannot be
            # stored in XLSX's XML at all; they are dropped rather than failing the file.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if isinstance(value, str) and looks_like_formula(value):
            # openpyxl takes a leading "=" for a formula; keep the text as text, marked
            # so that a spreadsheet program does not take it for one when it is edited.
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return value

    sheet.append([header_cell(v) for v in header])
    count = 0
    for row in chain(sample, plain_rows):
        sheet.append([cell_of(v) for v in row])
        count += 1
        if progress is not None and count % every == 0:
            progress(count)
    last_column = get_column_letter(max(len(header), 1))
    sheet.auto_filter.ref = f"A1:{last_column}{count + 1}"
    workbook.save(handle)
    return count


def table_to_xlsx(header: list[Any], rows: Iterable[Iterable[Any]], title: str) -> bytes:
    """The table as XLSX bytes (for small tables and tests)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, header, rows, title)
    return buffer.getvalue()


def xlsx_response(
    filename: str, header: list[Any], rows: Iterable[Iterable[Any]], title: str
) -> HttpResponseBase:
    """The table as an XLSX download: written into a temporary file, then sent from it."""
    handle = tempfile.TemporaryFile()  # removed when the response closes it
    write_xlsx(handle, header, rows, title)
    handle.seek(0)
    return file_download(handle, XLSX_TYPE, filename)


# --- Downloads -----------------------------------------------------------------------------


def content_disposition(filename: str) -> str:
    """An RFC 6266 attachment header: an ASCII ``filename`` and the exact ``filename*``."""
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_")
    fallback = fallback.replace("\\", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_download(handle: IO[bytes], content_type: str, filename: str) -> FileResponse:
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def table_download(
    fmt: str, name: str, header: list[Any], rows: Iterable[Iterable[Any]], title: str
) -> HttpResponseBase:
    """The table as ``name.csv`` when ``fmt`` is "csv", else as ``name.xlsx``."""
    if fmt == "csv":
        return csv_response(f"{name}.csv", header, rows)
    return xlsx_response(f"{name}.xlsx", header, rows, title=title)


def dated_name(label: Any, day: datetime.date | None = None) -> str:
    """A download's name in the reader's language: ``socios-2026-12-03``."""
    from django.utils.text import slugify

    return f"{slugify(str(label), allow_unicode=True)}-{(day or timezone.localdate()).isoformat()}"
