"""Crafted files for the upload checks, made by code so nobody has to trust a binary blob.

``ACCEPTED`` are real, small files of each accepted kind; ``REFUSED`` are the files an
attacker or a careless user sends, each with the refusal code it must meet.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter


@dataclass(frozen=True)
class Sample:
    name: str
    content: bytes
    content_type: str
    code: str = ""  # the refusal's code; empty for an accepted file
    # The code when the file reaches the check directly (an import, a command), where no
    # multipart parser has cleaned its name first.
    direct_code: str = ""

    @property
    def code_when_direct(self) -> str:
        return self.direct_code or self.code


def real_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def real_docx() -> bytes:
    document = Document()
    document.add_paragraph("Acta de la reunión del Comité Técnico.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def real_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["país", "monto"])  # type: ignore[union-attr]
    workbook.active.append(["GT", "1000.00"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _odf(mimetype: str, extra: dict[str, bytes] | None = None, manifest_extra: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, first, as ODF asks
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'office:version="1.3"><office:body/></office:document-content>',
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            f"{manifest_extra}</manifest:manifest>",
        )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def real_odt() -> bytes:
    return _odf("application/vnd.oasis.opendocument.text")


def real_ods() -> bytes:
    return _odf("application/vnd.oasis.opendocument.spreadsheet")


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def rewritten(archive_bytes: bytes, replace: dict[str, bytes], add: dict[str, bytes]) -> bytes:
    """A copy of an office archive with some members replaced and others added."""
    source = zipfile.ZipFile(io.BytesIO(archive_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, data in add.items():
            target.writestr(name, data)
    return buffer.getvalue()


def _content_types(archive_bytes: bytes, old: str, new: str, vba: bool) -> bytes:
    types = zipfile.ZipFile(io.BytesIO(archive_bytes)).read("[Content_Types].xml").decode()
    assert old in types
    types = types.replace(old, new)
    if vba:
        types = types.replace(
            "</Types>",
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )
    return types.encode()


def macro_docx() -> bytes:
    """A .docm (macro-enabled document) renamed .docx."""
    docx = real_docx()
    types = _content_types(
        docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        vba=True,
    )
    return rewritten(docx, {"[Content_Types].xml": types}, {"word/vbaProject.bin": b"\xd0\xcf"})


def macro_xlsx() -> bytes:
    """An .xlsm (macro-enabled workbook) renamed .xlsx."""
    xlsx = real_xlsx()
    types = _content_types(
        xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        vba=False,
    )
    return rewritten(xlsx, {"[Content_Types].xml": types}, {})


def docx_with_vba_project() -> bytes:
    """A .docx whose content types look clean but which carries a vbaProject.bin."""
    return rewritten(real_docx(), {}, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macros"})


def odt_with_basic_macros() -> bytes:
    return _odf(
        "application/vnd.oasis.opendocument.text",
        extra={"Basic/Standard/Module1.xml": b"<script:module/>"},
        manifest_extra='<manifest:file-entry manifest:full-path="Basic/Standard/Module1.xml" '
        'manifest:media-type="text/xml"/>',
    )


def encrypted_docx() -> bytes:
    """A .docx whose members are marked encrypted, as a password-protected archive's are.

    Python's zipfile writes no encryption, so the "encrypted" flag (bit 0 of each
    member's flags, in its local header and in the central directory) is set by hand.
    """
    data = bytearray(real_docx())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    for info in archive.infolist():
        data[info.header_offset + 6] |= 0x1
    position = archive.start_dir  # type: ignore[attr-defined]
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        data[position + 8] |= 0x1
        position += 4
    return bytes(data)


def zip_bomb() -> bytes:
    """A small .docx that expands to tens of megabytes."""
    buffer = io.BytesIO()
    docx = zipfile.ZipFile(io.BytesIO(real_docx()))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in docx.infolist():
            target.writestr(info.filename, docx.read(info))
        target.writestr("word/media/padding.bin", b"\0" * (40 * 1024 * 1024))
    return buffer.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"PE\0\0"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script>'
    b'<circle r="4"/></svg>'
)
PDF_HEADED_HTML = b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"
PDF_WITH_SCRIPT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"3 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
BAT = b"@echo off\r\ndel /q C:\\*\r\n"
JS = b"fetch('/api/v1/partners/').then(r => r.text()).then(alert)"

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def accepted() -> list[Sample]:
    return [
        Sample("Informe de ejecución.pdf", real_pdf(), PDF_TYPE),
        Sample("Acta técnica.docx", real_docx(), DOCX_TYPE),
        Sample("Presupuesto.xlsx", real_xlsx(), XLSX_TYPE),
        Sample("Plan.odt", real_odt(), ODT_TYPE),
        Sample("Cifras.ods", real_ods(), "application/vnd.oasis.opendocument.spreadsheet"),
        Sample("Firma escaneada.png", _image("PNG"), "image/png"),
        Sample("Foto del acta.jpg", _image("JPEG"), "image/jpeg"),
    ]


def refused() -> list[Sample]:
    """Each crafted file, with the code of the refusal it meets through a page or the API.

    Through a browser's multipart upload Django already drops the path and the invisible
    characters of a name; what is left is refused on its own merits (``.exe``).
    """
    return [
        Sample("informe.pdf", EXE, PDF_TYPE, "bad_content"),
        Sample("setup.exe", EXE, "application/x-msdownload", "bad_extension"),
        Sample("run.bat", BAT, "application/x-bat", "bad_extension"),
        Sample("app.js", JS, "text/javascript", "bad_extension"),
        Sample("report.html", PDF_HEADED_HTML, "text/html", "bad_extension"),
        Sample("report.pdf", PDF_HEADED_HTML, PDF_TYPE, "markup"),
        Sample("page.pdf", HTML, PDF_TYPE, "markup"),
        Sample("logo.svg", SVG, "image/svg+xml", "bad_extension"),
        Sample("logo.png", SVG, "image/png", "markup"),
        Sample("script.pdf", PDF_WITH_SCRIPT, PDF_TYPE, "active_content"),
        Sample("informe.pdf", real_pdf(), "text/html", "bad_declared_type"),
        Sample("macros.docx", macro_docx(), DOCX_TYPE, "active_content"),
        Sample("macros.xlsx", macro_xlsx(), XLSX_TYPE, "active_content"),
        Sample("vba.docx", docx_with_vba_project(), DOCX_TYPE, "active_content"),
        Sample("basic.odt", odt_with_basic_macros(), ODT_TYPE, "active_content"),
        Sample("protegido.docx", encrypted_docx(), DOCX_TYPE, "encrypted"),
        Sample("roto.docx", real_docx()[:900], DOCX_TYPE, "broken"),
        Sample("bomba.docx", zip_bomb(), DOCX_TYPE, "zip_bomb"),
        Sample("hoja.docx", real_xlsx(), DOCX_TYPE, "bad_content"),
        Sample("vacio.pdf", b"", PDF_TYPE, "empty_file"),
        Sample("factura\u202efdp.exe", EXE, PDF_TYPE, "bad_extension", "bad_name"),
        Sample("informe.pdf\x00.exe", EXE, PDF_TYPE, "bad_extension", "bad_name"),
        Sample("../../../../etc/cron.d/job", b"* * * * * root sh\n", "text/plain", "bad_extension"),
    ]
