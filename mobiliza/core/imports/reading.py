"""Reading an uploaded spreadsheet safely: CSV in any common encoding and separator, XLSX.

Everything a file could use to exhaust the server is refused *before* it is parsed: the
upload's size; an XLSX's zip members' declared sizes, their actual sizes while they are
unpacked (a declared size can lie), their compression ratio and the total unpacked size;
a DOCTYPE or entity declaration in any of its XML parts (entity expansion, read with
defusedxml); the sheet's dimensions as its cells name them (a sheet whose only cells are
A1 and XFD1048576 would make the parser allocate the whole range); the number of cells;
and the time spent. A NUL character is refused with the row and column it is in, so that
a file is never accepted by the preview and refused by the confirm step.

:func:`read_spreadsheet` returns every row (blank ones too, numbered as the spreadsheet
shows them); finding the header row is :mod:`mobiliza.core.imports.columns`' work.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from mobiliza.core.spreadsheets import formula_unquoted

XLSX_MAGIC = b"PK\x03\x04"
OLD_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
CHUNK = 1024 * 1024


class SpreadsheetError(Exception):
    """The file cannot be read as a table; the message (translated) says why, for the user."""


@dataclass(frozen=True)
class Limits:
    """How much a file may hold. ``settings.IMPORT_LIMITS`` overrides any of these."""

    max_rows: int = 200_000
    max_columns: int = 500
    max_cells: int = 3_000_000
    max_unpacked: int = 100 * 1024 * 1024  # all of an XLSX's members, unpacked
    max_member: int = 80 * 1024 * 1024  # one member, unpacked
    max_ratio: int = 200  # unpacked / packed, for members above a megabyte
    max_seconds: float = 60.0

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(**getattr(settings, "IMPORT_LIMITS", {}))


@dataclass
class Sheet:
    """The rows of a file: (row number as the spreadsheet shows it, cells)."""

    rows: list[tuple[int, list[Any]]]
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


class _Clock:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.start = time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self.start > self.limits.max_seconds:
            raise SpreadsheetError(
                _("Reading the file took longer than %(seconds)s seconds; it was stopped.")
                % {"seconds": int(self.limits.max_seconds)}
            )


def check_size(size: int) -> None:
    limit = settings.MAX_UPLOAD_SIZE
    if size > limit:
        raise SpreadsheetError(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def read_spreadsheet(data: bytes, limits: Limits | None = None) -> Sheet:
    """The rows of a CSV or XLSX file's content, or a :class:`SpreadsheetError`."""
    limits = limits or Limits.from_settings()
    clock = _Clock(limits)
    check_size(len(data))
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    if data.startswith(OLD_XLS_MAGIC):
        raise SpreadsheetError(
            _("Old Excel files (.xls) are not accepted: save it as .xlsx or as CSV and try again.")
        )
    if data.startswith(XLSX_MAGIC):
        sheet = _read_xlsx(data, limits, clock)
    elif _is_other_binary(data):
        raise SpreadsheetError(_("This file is neither a CSV nor an XLSX spreadsheet."))
    else:
        sheet = _read_csv(data, limits, clock)
    _check_rows(sheet.rows, limits, clock)
    return sheet


def _is_other_binary(data: bytes) -> bool:
    """An image, a PDF, an archive…: a known kind of file that is no text table."""
    import filetype

    return filetype.guess(data[:8192]) is not None


def column_letter(position: int) -> str:
    """The spreadsheet's name of a column: 1 → A, 27 → AA."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _too_big(rows: int, columns: int, limits: Limits) -> None:
    if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_cells:
        raise SpreadsheetError(
            _(
                "The sheet reaches row %(rows)s and column %(column)s; at most %(max_rows)s "
                "rows, %(max_columns)s columns and %(max_cells)s cells are accepted. Delete "
                "what is beyond your table (or save it again) and try again."
            )
            % {
                "rows": rows,
                "column": column_letter(columns),
                "max_rows": limits.max_rows,
                "max_columns": limits.max_columns,
                "max_cells": limits.max_cells,
            }
        )


def _check_rows(rows: list[tuple[int, list[Any]]], limits: Limits, clock: _Clock) -> None:
    width = max((len(cells) for _number, cells in rows), default=0)
    _too_big(len(rows), width, limits)
    for index, (number, cells) in enumerate(rows):
        if index % 5000 == 0:
            clock.check()
        for position, cell in enumerate(cells, start=1):
            if isinstance(cell, str) and "\x00" in cell:
                raise SpreadsheetError(
                    _(
                        "Row %(row)s, column %(column)s holds a NUL character, which a "
                        "spreadsheet cannot hold: the file is damaged or is not a table."
                    )
                    % {"row": number, "column": column_letter(position)}
                )


# --- CSV -------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError as exc:
                raise SpreadsheetError(
                    _("The file could not be read as text in %(encoding)s.") % {"encoding": name}
                ) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|").delimiter
    except csv.Error:
        # The line with most separators is the header or a data row, not a title.
        counts = {d: max((line.count(d) for line in lines), default=0) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(data: bytes, limits: Limits, clock: _Clock) -> Sheet:
    text, encoding = _decode(data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if number > limits.max_rows:
                _too_big(number, len(record), limits)
            if number % 5000 == 0:
                clock.check()
            # A cell our own export quoted so that no spreadsheet runs it as a formula
            # ("'=SUM(A1)") reads back as it was written.
            rows.append((number, [formula_unquoted(cell) for cell in record]))
    except csv.Error as exc:
        raise SpreadsheetError(
            _("The CSV file could not be read near row %(row)s: %(error)s.")
            % {"row": reader.line_num, "error": str(exc)}
        ) from exc
    if not rows:
        raise SpreadsheetError(_("The file is empty."))
    return Sheet(rows=rows, encoding=encoding, delimiter=delimiter)


# --- XLSX ------------------------------------------------------------------------------------

_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"([0-9]{1,7})\"")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _damaged() -> SpreadsheetError:
    return SpreadsheetError(
        _("This file is not an XLSX spreadsheet that can be read (is it damaged?).")
    )


def _unpacked_too_big(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The spreadsheet unpacks to more than %(limit)s; it cannot be read. Save only "
            "the table in a new file and try again."
        )
        % {"limit": filesizeformat(limits.max_unpacked)}
    )


def _unpack(archive: zipfile.ZipFile, limits: Limits, clock: _Clock) -> dict[str, bytes]:
    """The members that matter (XML parts), unpacked with their sizes checked as they grow."""
    members = archive.infolist()
    declared = 0
    for info in members:
        declared += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.file_size > limits.max_member
            or declared > limits.max_unpacked
            or (info.file_size > CHUNK and ratio > limits.max_ratio)
        ):
            raise _unpacked_too_big(limits)
    unpacked: dict[str, bytes] = {}
    total = 0
    for info in members:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        parts: list[bytes] = []
        size = 0
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                total += len(chunk)
                # The declared size may lie: the actual bytes are counted as they come.
                if size > info.file_size or size > limits.max_member or total > limits.max_unpacked:
                    raise _unpacked_too_big(limits)
                if size > CHUNK and size / max(info.compress_size, 1) > limits.max_ratio:
                    raise _unpacked_too_big(limits)
                parts.append(chunk)
                clock.check()
        unpacked[info.filename] = b"".join(parts)
    return unpacked


def _refuse_entities(name: str, content: bytes) -> None:
    """An XML part with a DOCTYPE (entity declarations, external references) is refused;
    defusedxml reads the prolog, where a DOCTYPE must be, without expanding anything."""
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import XMLParser

    if not _DTD.search(content):
        return
    parser = XMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(content[:65536])
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise SpreadsheetError(
            _(
                "The spreadsheet's part %(part)s declares XML entities or a document type, "
                "which spreadsheets do not need; it was refused."
            )
            % {"part": name}
        ) from exc
    except Exception as exc:  # a malformed prolog
        raise _damaged() from exc
    # A DOCTYPE further in is not where XML allows one: the part is malformed.
    raise _damaged()


def _first_sheet_name(parts: dict[str, bytes]) -> str:
    from defusedxml.ElementTree import fromstring

    try:
        workbook = fromstring(parts["xl/workbook.xml"])
        rels = fromstring(parts["xl/_rels/workbook.xml.rels"])
    except Exception as exc:
        raise _damaged() from exc
    sheet = next((e for e in workbook.iter() if e.tag.endswith("}sheet")), None)
    if sheet is None:
        raise SpreadsheetError(_("The file is empty."))
    rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
    for rel in rels.iter():
        if rel.attrib.get("Id") == rel_id:
            target = rel.attrib.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise _damaged()


def _check_dimensions(content: bytes, limits: Limits, clock: _Clock) -> None:
    """The sheet's extent as its cells and rows name it, checked before it is parsed."""
    max_row = max_column = 0
    for match in _CELL_REF.finditer(content):
        max_column = max(max_column, _column_number(match.group(1)))
        max_row = max(max_row, int(match.group(2)))
    clock.check()
    for match in _ROW_REF.finditer(content):
        max_row = max(max_row, int(match.group(1)))
    cells = sum(1 for _match in _CELL_TAG.finditer(content))
    clock.check()
    _too_big(max_row, max_column, limits)
    if cells > limits.max_cells:
        _too_big(cells, 1, limits)


def _read_xlsx(data: bytes, limits: Limits, clock: _Clock) -> Sheet:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _damaged() from exc
    with archive:
        try:
            parts = _unpack(archive, limits, clock)
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as exc:
            raise _damaged() from exc
    for name, content in parts.items():
        _refuse_entities(name, content)
    sheet_name = _first_sheet_name(parts)
    if sheet_name not in parts:
        raise _damaged()
    _check_dimensions(parts[sheet_name], limits, clock)
    # Only now, with every size known to be within the limits, is the file parsed.
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise SpreadsheetError(_("The file is empty."))
        records = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, TypeError, OSError) as exc:
        raise _damaged() from exc
    clock.check()
    if not records:
        raise SpreadsheetError(_("The file is empty."))
    rows = [(number, list(cells)) for number, cells in enumerate(records, start=1)]
    return Sheet(rows=rows, encoding="XLSX")
