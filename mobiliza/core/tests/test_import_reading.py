"""Reading uploads safely: what a hostile or broken file meets before anything is parsed."""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest
from django.utils import translation

from mobiliza.core.imports.reading import Limits, SpreadsheetError, read_spreadsheet


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """The same workbook with one of its parts replaced (compressed as Excel does)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = content if info.filename == name else source.read(info)
            target.writestr(info.filename, body)
    return out.getvalue()


def refused(data: bytes, language: str = "en", limits: Limits | None = None) -> str:
    started = time.monotonic()
    with translation.override(language), pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(data, limits)
    assert time.monotonic() - started < 5, "refusing must be quick"
    return str(caught.value)


def dimension_bomb() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Nombre"
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_xml(cell: bytes, prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>' + prolog + b'<worksheet xmlns="http://schemas'
        b'.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>' + cell + b"</t></is></c></row></sheetData></worksheet>"
    )


def zip_bomb(size: int = 200 * 1024 * 1024) -> bytes:
    """A small workbook whose one cell unpacks to ``size`` bytes."""
    return replace_member(xlsx([["Nombre"]]), "xl/worksheets/sheet1.xml", sheet_xml(b"a" * size))


def entity_bomb() -> bytes:
    prolog = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    return replace_member(
        xlsx([["Nombre"]]), "xl/worksheets/sheet1.xml", sheet_xml(b"&lol3;", prolog)
    )


def test_a_sheet_reaching_xfd1048576_is_refused_before_it_is_parsed():
    data = dimension_bomb()
    assert len(data) < 10_000
    message = refused(data)
    assert "1048576" in message and "XFD" in message
    assert "The sheet reaches row" in message


def test_a_zip_bomb_is_refused_by_its_unpacked_size():
    data = zip_bomb()
    assert len(data) < 1024 * 1024
    assert "unpacks to more than" in refused(data)


def test_a_zip_member_that_lies_about_its_size_is_stopped_while_unpacking():
    data = bytearray(zip_bomb(30 * 1024 * 1024))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Rewrite the declared size (local header and central directory) to 1 KB.
    for offset in (info.header_offset + 22, data.rfind(b"xl/worksheets/sheet1.xml") - 46 + 24):
        data[offset : offset + 4] = (1024).to_bytes(4, "little")
    message = refused(bytes(data), limits=Limits(max_ratio=10**9))
    assert "unpacks to more than" in message or "damaged" in message


def test_xml_entity_declarations_are_refused():
    assert "declares XML entities" in refused(entity_bomb())


def test_a_csv_with_a_nul_byte_is_refused_naming_row_and_column():
    message = refused(b"Nombre,Siglas\nBanco,B\x00ID\n")
    assert "Row 2, column B holds a NUL character" in message


def test_an_empty_file_is_refused():
    assert refused(b"") == "The file is empty."
    assert refused(b"  \n\n") == "The file is empty."


def test_csv_encodings_and_separators_are_read():
    text = "Nombre;Presupuesto\nAsociación Niño;1.500.000,00\n"
    for encoding in ("utf-8", "utf-8-sig", "cp1252", "utf-16"):
        sheet = read_spreadsheet(text.encode(encoding))
        assert sheet.rows[1] == (2, ["Asociación Niño", "1.500.000,00"]), encoding
    tabbed = read_spreadsheet(b"Nombre\tSiglas\nBanco\tBID\n")
    assert tabbed.rows[1][1] == ["Banco", "BID"]


def test_an_ordinary_workbook_is_read_with_its_row_numbers():
    sheet = read_spreadsheet(xlsx([["Directorio"], [], ["Nombre", "Monto"], ["Banco", 2.5]]))
    assert sheet.rows[0] == (1, ["Directorio", ""])
    assert sheet.rows[2] == (3, ["Nombre", "Monto"])
    assert sheet.rows[3] == (4, ["Banco", 2.5])


def test_a_semicolon_csv_with_a_title_row_and_commas_in_values_is_read():
    text = (
        "Directorio de cooperantes 2026\n\n"
        "Siglas;Nombre de la organización;Presupuesto máximo\n"
        "BRD;Banco Regional, S.A.;250.000\n"
    )
    sheet = read_spreadsheet(text.encode("cp1252"))
    assert (sheet.encoding, sheet.delimiter) == ("Windows-1252", ";")
    assert sheet.rows[3] == (4, ["BRD", "Banco Regional, S.A.", "250.000"])
