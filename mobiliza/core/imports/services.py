"""The import wizard's steps, for any registered importer.

1. :func:`preview_start` reads the upload (safely, :mod:`.reading`), finds its header
   row and keeps the file for the next steps; a refused file is not kept.
2. :func:`columns_offered` guesses each column's field, or gives back the user's choice
   for the same column titles last time; :func:`columns_choose` keeps the user's
   choice and remembers it.
3. :func:`preview_check` reads every row through the columns, numbers in either
   convention (asking about the ambiguous ones), and lets the importer check them; when
   every row is good it keeps the checked rows, which the confirm step writes without
   reading the file again.
4. :func:`preview_confirm` writes them, all or none, or hands a large file to the
   importer's background job.

:func:`purge_previews` deletes what was never confirmed (a command and a task run it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mobiliza.core.imports import columns as cols
from mobiliza.core.imports import numbers
from mobiliza.core.imports.reading import Sheet, SpreadsheetError, read_spreadsheet
from mobiliza.core.imports.registry import (
    UPDATE,
    CheckedRow,
    Importer,
    ImportField,
    ImportRefused,
    InputRow,
)
from mobiliza.core.models import ImportMapping, ImportPreview

CHECKED_FORMAT = 1


def preview_age() -> timedelta:
    """How long an unconfirmed upload is kept (``IMPORT_PREVIEW_HOURS``, default 24)."""
    return timedelta(hours=getattr(settings, "IMPORT_PREVIEW_HOURS", 24))


def preview_start(*, user: Any, importer: Importer, name: str, data: bytes) -> ImportPreview:
    """Keep an upload that reads as a table; raise :class:`SpreadsheetError` otherwise."""
    sheet = read_spreadsheet(data)
    fields = importer.fields()
    index = cols.find_header(sheet.rows, fields)
    body = [cells for _n, cells in sheet.rows[index + 1 :] if not cols.is_blank(cells)]
    if not body:
        raise SpreadsheetError(_("The file has column titles but no rows below them."))
    preview = ImportPreview(
        user=user, importer=importer.name, file_name=name[:255], header_row=index + 1
    )
    preview.upload.save("upload", ContentFile(data), save=False)
    preview.save()
    return preview


def preview_sheet(preview: ImportPreview) -> Sheet:
    with preview.upload.open("rb") as handle:
        return read_spreadsheet(handle.read())


def header_of(preview: ImportPreview, sheet: Sheet) -> list[str]:
    return [cols.normalise(c) and str(c).strip() for c in sheet.rows[preview.header_row - 1][1]]


@dataclass
class OfferedColumn:
    position: int
    title: str
    field: str  # the guess or the remembered choice; "" to skip
    examples: list[str]


def columns_offered(
    *, user: Any, importer: Importer, preview: ImportPreview, sheet: Sheet
) -> tuple[list[OfferedColumn], bool]:
    """Each column with its field (remembered, else guessed) and a few of its values; and
    whether the choice was remembered from an earlier file."""
    header = header_of(preview, sheet)
    fields = importer.fields()
    remembered = ImportMapping.objects.filter(
        user=user, importer=importer.name, header_key=cols.header_key(header)
    ).first()
    known = {f.name for f in fields}
    if remembered is not None:
        chosen = [remembered.columns.get(cols.normalise(t), "") for t in header]
        chosen = [name if name in known else "" for name in chosen]
    else:
        chosen = cols.guess(header, fields)
    body = sheet.rows[preview.header_row :]
    offered = []
    for position, title in enumerate(header):
        examples = []
        for _number, cells in body:
            if position < len(cells) and cols.normalise(cells[position]):
                examples.append(_text(cells[position]))
            if len(examples) == 3:
                break
        if not title and not examples:
            continue
        offered.append(OfferedColumn(position, title, chosen[position], examples))
    return offered, remembered is not None


def columns_choose(
    *, user: Any, importer: Importer, preview: ImportPreview, sheet: Sheet, chosen: list[str]
) -> None:
    """Keep the field of each column (by position) and remember it for these titles.

    Refuses a field given to two columns, and a file without a required field."""
    fields = {f.name: f for f in importer.fields()}
    header = header_of(preview, sheet)
    chosen = [name if name in fields else "" for name in chosen]
    for name in {n for n in chosen if n}:
        if chosen.count(name) > 1:
            titles = [header[i] for i, n in enumerate(chosen) if n == name and i < len(header)]
            raise SpreadsheetError(
                _("The columns %(columns)s are all set to “%(field)s”; choose one.")
                % {"columns": ", ".join(f"“{t}”" for t in titles), "field": fields[name].label}
            )
    missing = [f for f in fields.values() if f.required and f.name not in chosen]
    if missing:
        raise SpreadsheetError(
            _("No column is set to “%(field)s”, which every row needs.")
            % {"field": missing[0].label}
        )
    preview.columns = chosen
    preview.marks = {}
    preview.save(update_fields=["columns", "marks"])
    by_title = {cols.normalise(t): chosen[i] for i, t in enumerate(header) if cols.normalise(t)}
    ImportMapping.objects.update_or_create(
        user=user,
        importer=importer.name,
        header_key=cols.header_key(header),
        defaults={"columns": by_title},
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Question:
    """A number column whose cells read two ways: the user says which."""

    field: ImportField
    values: list[tuple[int, str]]  # (row, cell)
    offered: str  # the mark of the user's language, offered first


@dataclass
class Outcome:
    rows: list[CheckedRow]
    questions: list[Question] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.errors]

    @property
    def updated(self) -> int:
        return sum(1 for row in self.rows if row.action == UPDATE)

    @property
    def created(self) -> int:
        return len(self.rows) - self.updated

    @property
    def ready(self) -> bool:
        return bool(self.rows) and not self.bad_rows and not self.questions


def input_rows(
    *, importer: Importer, preview: ImportPreview, sheet: Sheet, language: str
) -> tuple[list[InputRow], list[Question]]:
    """The file's rows through the chosen columns, with numbers read as exact Decimals."""
    fields = {f.name: f for f in importer.fields()}
    body = [(n, cells) for n, cells in sheet.rows[preview.header_row :] if not cols.is_blank(cells)]
    positions = {name: i for i, name in enumerate(preview.columns) if name}
    marks: dict[str, str | None] = {}
    questions = []
    for name, position in positions.items():
        if not fields[name].number:
            continue
        values = [cells[position] if position < len(cells) else "" for _n, cells in body]
        marks[name] = preview.marks.get(name) or numbers.column_mark(values)
        if marks[name] is None:
            unclear = [
                (n, _text(cells[position]))
                for n, cells in body
                if position < len(cells) and numbers.is_ambiguous(_text(cells[position]))
            ]
            if unclear:
                questions.append(Question(fields[name], unclear, numbers.language_mark(language)))
    rows = []
    for number, cells in body:
        row = InputRow(number=number, values={})
        for name, position in positions.items():
            raw = cells[position] if position < len(cells) else ""
            if fields[name].number and _text(raw):
                try:
                    row.values[name] = numbers.parse_number(raw, marks[name])
                except numbers.Ambiguous:
                    row.values[name] = None  # asked about on the preview
                except numbers.NotANumber:
                    row.errors.append(
                        _("%(column)s: “%(value)s” is not a number.")
                        % {"column": fields[name].label, "value": _text(raw)}
                    )
            else:
                row.values[name] = raw if not isinstance(raw, str) else raw.strip()
        rows.append(row)
    return rows, questions


def preview_check(
    *, user: Any, importer: Importer, preview: ImportPreview, language: str
) -> Outcome:
    """Every row checked by the importer; the checked rows kept when all are good."""
    sheet = preview_sheet(preview)
    rows, questions = input_rows(importer=importer, preview=preview, sheet=sheet, language=language)
    checked = importer.check(user=user, rows=rows)
    for given, row in zip(rows, checked, strict=True):
        for message in given.errors:
            row.add_error(message)
        row.errors = list(dict.fromkeys(row.errors))
    outcome = Outcome(rows=checked, questions=questions)
    if outcome.ready:
        payload = {"format": CHECKED_FORMAT, "rows": [r.payload for r in checked]}
        if preview.checked:
            preview.checked.delete(save=False)
        preview.checked.save(
            "checked.json", ContentFile(json.dumps(payload, ensure_ascii=False).encode()), save=True
        )
    return outcome


def preview_marks(*, preview: ImportPreview, marks: dict[str, str]) -> None:
    """The user's answer for each column of ambiguous numbers."""
    chosen = {k: v for k, v in marks.items() if v in (numbers.COMMA, numbers.DOT)}
    preview.marks = {**preview.marks, **chosen}
    preview.save(update_fields=["marks"])


@dataclass
class Written:
    created: int = 0
    updated: int = 0
    progress_url: str = ""  # when a background job writes them


def checked_payloads(content: bytes) -> list[dict[str, Any]]:
    """The rows a preview checked, as :func:`preview_check` kept them; raises
    :class:`SpreadsheetError` when the kept file cannot be read as such."""
    try:
        return list(json.loads(content)["rows"])
    except (ValueError, KeyError, TypeError) as exc:
        raise SpreadsheetError(
            _("The checked rows could not be read; upload the file again.")
        ) from exc


def preview_confirm(
    *, user: Any, importer: Importer, preview: ImportPreview, language: str
) -> Written:
    """Write the rows the preview checked, all or none; raises :class:`ImportRefused`."""
    if not preview.checked.name or not preview.checked.storage.exists(preview.checked.name):
        raise SpreadsheetError(_("The checked rows could not be read; upload the file again."))
    with preview.checked.open("rb") as handle:
        payloads = checked_payloads(handle.read())
    if importer.background is not None and len(payloads) > importer.background_rows:
        # The job deletes the checked rows when it is done; the upload goes now.
        url = importer.background(user=user, path=preview.checked.name, language=language)
        preview.checked = ""  # type: ignore[assignment]
        preview.delete_files()
        preview.delete()
        return Written(progress_url=url)
    with transaction.atomic():
        # The preview is locked and deleted with the writes: a second click (or a second
        # tab) finds it gone instead of importing the rows twice.
        if not ImportPreview.objects.select_for_update().filter(pk=preview.pk).exists():
            raise SpreadsheetError(_("That upload was already imported; upload it again."))
        created, updated = importer.write(user=user, payloads=payloads, progress=None)
        files = [f.name for f in (preview.upload, preview.checked) if f.name]
        ImportPreview.objects.filter(pk=preview.pk).delete()
        transaction.on_commit(lambda: _delete_files(files))
    return Written(created=created, updated=updated)


def _delete_files(names: list[str]) -> None:
    for name in names:
        if default_storage.exists(name):
            default_storage.delete(name)


def preview_discard(preview: ImportPreview) -> None:
    preview.delete_files()
    preview.delete()


def rejected_rows(*, importer: Importer, preview: ImportPreview, outcome: Outcome) -> tuple:
    """The header and the bad rows as the file had them, with their errors first."""
    sheet = preview_sheet(preview)
    header = header_of(preview, sheet)
    cells_of = dict(sheet.rows)
    rows = [
        [row.number, "\n".join(row.errors), *cells_of.get(row.number, [])]
        for row in outcome.bad_rows
    ]
    return [_("Row"), _("Errors"), *header], rows


def purge_previews(*, now: Any = None) -> int:
    """Delete the uploads and checked rows never confirmed within :func:`preview_age`,
    and files an earlier import left under ``imports/`` that no upload refers to."""
    now = now or timezone.now()
    cutoff = now - preview_age()
    old = list(ImportPreview.objects.filter(created_at__lt=cutoff))
    for preview in old:
        preview.delete_files()
    ImportPreview.objects.filter(pk__in=[p.pk for p in old]).delete()
    kept = {
        name
        for pair in ImportPreview.objects.values_list("upload", "checked")
        for name in pair
        if name
    }
    removed = len(old)
    for folder in ("imports/uploads", "imports/checked", "imports/partners"):
        try:
            _dirs, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotImplementedError):
            continue
        for name in files:
            path = f"{folder}/{name}"
            try:
                modified = default_storage.get_modified_time(path)
            except (FileNotFoundError, NotImplementedError):
                continue
            if path not in kept and modified < cutoff:
                default_storage.delete(path)
                removed += 1
    return removed


__all__ = ["ImportRefused", "SpreadsheetError"]
