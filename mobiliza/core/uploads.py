"""Uploaded files that cannot hurt: what is accepted, how it is checked, how it is named.

Every ``FileField`` of the apps has :func:`validate_document` as its validator and
:class:`CleanName` as its ``upload_to``, so a page, the API, an import and a command
refuse the same files with the same translated message, before anything is stored.

A file is accepted when its name's extension, its content and its declared type
(the ``Content-Type`` a browser or client sent) all say the same accepted kind
(:data:`DOCUMENT_KINDS`). The content is read, never trusted from the name: the first
bytes name the family (``filetype``), then office files are opened as the zip
archives they are and their declared content types read, so a macro workbook renamed
``.xlsx`` is refused. See ``docs/uploads.md`` for the list and the reasons.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

import filetype
from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    """One accepted kind of file: its label, its extensions and its media types."""

    code: str
    label: str
    extensions: tuple[str, ...]
    media_type: str
    # Further media types a client may declare for it.
    also_declared_as: tuple[str, ...] = ()

    @property
    def declared_types(self) -> frozenset[str]:
        return frozenset((self.media_type, *self.also_declared_as))


ZIP_TYPES = ("application/zip", "application/x-zip-compressed")
PDF = Kind("pdf", "PDF", (".pdf",), "application/pdf", ("application/x-pdf",))
DOCX = Kind(
    "docx",
    "DOCX",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ZIP_TYPES,
)
XLSX = Kind(
    "xlsx",
    "XLSX",
    (".xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ZIP_TYPES,
)
ODT = Kind("odt", "ODT", (".odt",), "application/vnd.oasis.opendocument.text", ZIP_TYPES)
ODS = Kind("ods", "ODS", (".ods",), "application/vnd.oasis.opendocument.spreadsheet", ZIP_TYPES)
PNG = Kind("png", "PNG", (".png",), "image/png")
JPEG = Kind("jpeg", "JPEG", (".jpg", ".jpeg"), "image/jpeg", ("image/pjpeg",))

OFFICE_KINDS = (DOCX, XLSX, ODT, ODS)
# Not accepted itself: the family of the office kinds, found by the first bytes.
ZIP = Kind("zip", "ZIP", (".zip",), "application/zip")

# What every file field of the apps accepts: documents, and scans or photos of them.
DOCUMENT_KINDS: tuple[Kind, ...] = (PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG)

# Types that say nothing about the content: curl and many clients send them for any
# file (Django's test client sends text/plain), so they are read as "not declared".
UNDECLARED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "text/plain"})

# A name keeps its letters (accents included), digits, spaces and punctuation; these
# categories are control, format (the bidirectional overrides such as U+202E, the
# zero-width characters), surrogate, private-use and unassigned code points.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
MAX_NAME_LENGTH = 80

# An archive is read in full (which also checks every member's CRC), but never past
# these: a "zip bomb" expands a few kilobytes to gigabytes.
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_EXPANDED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_FROM = 10 * 1024 * 1024
_XML_PART_LIMIT = 2 * 1024 * 1024

# What browsers take for a web page when they sniff a file's first bytes (a zip archive
# cannot be taken for one: its members are compressed, and its first bytes are "PK").
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed)", re.I)
# PDF names of active content: scripts run on opening, programs launched, files carried.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")

OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
ODF_MIME_TYPES = {ODT.media_type: ODT, ODS.media_type: ODS}


def accepted_labels(kinds: tuple[Kind, ...] = DOCUMENT_KINDS) -> str:
    return ", ".join(kind.label for kind in kinds)


def kind_for_name(name: str, kinds: tuple[Kind, ...] = DOCUMENT_KINDS) -> Kind | None:
    """The accepted kind a file name's extension says, if any."""
    extension = posixpath.splitext(name.lower())[1]
    return next((kind for kind in kinds if extension in kind.extensions), None)


def has_hidden_characters(name: str) -> bool:
    return any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in name)


def clean_name(name: str) -> str:
    """The name a file is stored and served under.

    Only the last part of a path is kept (no ``../``), hidden characters (NUL, control,
    bidirectional overrides) are dropped, accents are kept (in their composed form),
    runs of spaces become one, leading dots go, and a long name is shortened before its
    extension.
    """
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/")
    name = name.rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in _HIDDEN_CATEGORIES)
    name = " ".join(name.split()).lstrip(". ")
    root, extension = posixpath.splitext(name)
    if len(extension) > 10:
        root, extension = name, ""
    root = root[: MAX_NAME_LENGTH - len(extension)].rstrip(". ") or "file"
    return root + extension.lower()


@deconstructible
class CleanName:
    """``upload_to`` for the apps' file fields: a dated folder and the file's clean name."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: Any, filename: str) -> str:
        folder = timezone.now().strftime(self.folder)
        return posixpath.join(folder, clean_name(filename))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CleanName) and other.folder == self.folder


def _refuse(message: Any, code: str, **params: Any) -> ValidationError:
    # The codes are not those of a form's FileField ("empty", "invalid"...): a model form
    # would show its own message for those instead of this one.
    return ValidationError(message, code=code, params=params or None)


def _not_this_kind(kind: Kind) -> ValidationError:
    return _refuse(
        _("The content of this file is not a real %(kind)s file, as its name says."),
        "bad_content",
        kind=kind.label,
    )


def _macros() -> ValidationError:
    return _refuse(
        _(
            "This file holds macros or other active content, which are not accepted. "
            "Save it without macros (as %(kinds)s) and upload it again."
        ),
        "active_content",
        kinds=accepted_labels(),
    )


def _encrypted() -> ValidationError:
    return _refuse(
        _("This file is protected by a password or encrypted; upload it unprotected."),
        "encrypted",
    )


def _read(upload: Any) -> bytes:
    """The whole content of an upload (already limited to MAX_UPLOAD_SIZE)."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    return content if isinstance(content, bytes) else content.encode()


def _check_pdf(content: bytes) -> None:
    if not re.match(rb"%PDF-[12]\.\d", content) or b"%%EOF" not in content[-2048:]:
        raise _not_this_kind(PDF)
    if b"obj" not in content or not (b"trailer" in content or b"/XRef" in content):
        raise _not_this_kind(PDF)
    if _PDF_ACTIVE.search(content):
        raise _macros()


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        data = member.read(_XML_PART_LIMIT + 1)
    if len(data) > _XML_PART_LIMIT:
        raise zipfile.BadZipFile(name)
    return data


def _expand_all(archive: zipfile.ZipFile, size: int) -> None:
    """Read every member (checking its CRC), refusing an archive that expands too far."""
    expanded = 0
    for info in archive.infolist():
        with archive.open(info) as member:
            while chunk := member.read(1024 * 1024):
                expanded += len(chunk)
                too_far = expanded > ZIP_MAX_EXPANDED or (
                    expanded > ZIP_RATIO_FROM and expanded > ZIP_MAX_RATIO * size
                )
                if too_far:
                    raise _refuse(
                        _(
                            "This file expands to far more than its size (a “zip bomb”); "
                            "it is refused."
                        ),
                        "zip_bomb",
                    )


def _office_kind(archive: zipfile.ZipFile, expected: Kind) -> Kind:
    """The kind an office archive really is, after refusing macros and encryption."""
    names = archive.namelist()
    lowered = [name.lower() for name in names]
    if any(name.endswith("vbaproject.bin") or "activex" in name for name in lowered):
        raise _macros()
    if "[content_types].xml" in lowered:
        xml = _read_member(archive, names[lowered.index("[content_types].xml")])
        types = {
            element.get("ContentType", "")
            for element in ElementTree.fromstring(xml).iter()
            if element.get("ContentType")
        }
        if any("macroenabled" in t.lower() or "vbaproject" in t.lower() for t in types):
            raise _macros()
        found = {OOXML_MAIN_TYPES[t] for t in types if t in OOXML_MAIN_TYPES}
        if len(found) != 1:
            raise _not_this_kind(expected)
        return found.pop()
    if "mimetype" in names:
        mimetype = _read_member(archive, "mimetype").decode("ascii", "replace").strip()
        if any(name.startswith(("basic/", "scripts/")) for name in lowered):
            raise _macros()
        if "META-INF/manifest.xml" in names:
            manifest = _read_member(archive, "META-INF/manifest.xml")
            if b"encryption-data" in manifest:
                raise _encrypted()
            if b"Basic/" in manifest or b"Scripts/" in manifest:
                raise _macros()
        if mimetype not in ODF_MIME_TYPES:
            raise _not_this_kind(expected)
        return ODF_MIME_TYPES[mimetype]
    raise _not_this_kind(expected)


def _check_office(upload: Any, kind: Kind) -> None:
    broken = _refuse(
        _("This file is damaged or is not a real %(kind)s file."), "broken", kind=kind.label
    )
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_MEMBERS:
                raise broken
            if any(info.flag_bits & 0x1 for info in infos):
                raise _encrypted()
            actual = _office_kind(archive, kind)
            _expand_all(archive, upload.size)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - whatever a crafted archive makes zipfile or the XML raise
        # A bad CRC, a truncated member, an unknown compression, an XML entity that
        # defusedxml refuses: the file is not the office document it claims to be.
        raise broken from None
    finally:
        upload.seek(0)
    if actual != kind:
        raise _not_this_kind(kind)


def _family(head: bytes) -> Kind | None:
    """The accepted kind the first bytes say; ``None`` for anything else.

    Office documents are all zip archives (``ZIP``): ``_check_office`` says which kind.
    """
    if head.startswith(b"PK\x03\x04"):
        return ZIP
    guessed = filetype.guess(head)
    mime = guessed.mime if guessed is not None else ""
    return {"application/pdf": PDF, "image/png": PNG, "image/jpeg": JPEG}.get(mime)


def check_upload(upload: Any, kinds: tuple[Kind, ...] = DOCUMENT_KINDS) -> Kind:
    """The kind of an uploaded file, or a ``ValidationError`` saying why it is refused."""
    limit = settings.MAX_UPLOAD_SIZE
    size = upload.size
    if size > limit:
        raise _refuse(
            _("The file is %(size)s; the largest accepted is %(limit)s."),
            "too_big",
            size=filesizeformat(size),
            limit=filesizeformat(limit),
        )
    if not size:
        raise _refuse(_("The file is empty."), "empty_file")
    name = str(getattr(upload, "name", "") or "")
    if has_hidden_characters(name):
        raise _refuse(
            _(
                "The file's name holds invisible or control characters (such as a "
                "right-to-left mark); rename the file and upload it again."
            ),
            "bad_name",
        )
    kind = kind_for_name(name, kinds)
    if kind is None:
        extension = posixpath.splitext(posixpath.basename(name.replace("\\", "/")))[1]
        raise _refuse(
            _("Files ending in “%(extension)s” are not accepted; send %(kinds)s."),
            "bad_extension",
            extension=extension or _("(no extension)"),
            kinds=accepted_labels(kinds),
        )
    declared = str(getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if declared not in UNDECLARED_TYPES and declared not in kind.declared_types:
        raise _refuse(
            _("The file is sent as “%(declared)s”, not as %(kind)s; it is refused."),
            "bad_declared_type",
            declared=declared,
            kind=kind.label,
        )
    content = _read(upload)
    family = _family(content[:8192])
    if family is not ZIP and _MARKUP.search(content[:1024]):
        # A web page or an image with scripts, whatever its first bytes claim: a browser
        # sniffing them would run it.
        raise _refuse(
            _("This file holds a web page or a script (HTML, SVG, JavaScript); it is refused."),
            "markup",
        )
    office = kind in OFFICE_KINDS
    if family is None or (family is ZIP) != office or (not office and family != kind):
        raise _not_this_kind(kind)
    if office:
        _check_office(upload, kind)
    elif kind == PDF:
        _check_pdf(content)
    return kind


def validate_document(value: Any) -> None:
    """The validator of every file field: refuse a file that is not an accepted document.

    A file already stored was checked when it was uploaded; only a new one is read.
    """
    if isinstance(value, FieldFile):
        if not value or getattr(value, "_committed", True):
            return
        value = value.file
    check_upload(value)


__all__ = [
    "DOCUMENT_KINDS",
    "CleanName",
    "Kind",
    "check_upload",
    "clean_name",
    "kind_for_name",
    "validate_document",
]

DOCUMENT_HELP = _(
    "PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), PNG or JPEG file, without macros."
)
