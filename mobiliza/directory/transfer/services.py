"""Partners in and out of spreadsheets: CSV and XLSX import (all rows or none) and export.

Reading: :func:`read_table` turns an uploaded file into a header and rows, through the
safe reader of :mod:`mobiliza.core.imports.reading` (its limits, encodings, separators).
:func:`partners_validate` maps columns by header (Spanish or English label, or field
name), turns each row into a ``Partner`` (and its first contact) and collects each row's
errors under the row number the spreadsheet shows. :func:`checked_rows_dump` keeps a preview's checked rows (as JSON, with the ids of
what they link to) so that the confirm step writes exactly what was previewed without
reading and checking the file again; :func:`checked_rows_load` reads them back.
:func:`partners_import` writes the checked rows in batches, with history, in one
transaction, or nothing. The lookup tables are read once per file, so validating
costs a fixed number of queries whatever the number of rows.

The import wizard (:mod:`mobiliza.core.imports`) runs the partners' import through
:func:`partner_importer`: :func:`partners_check` checks the mapped rows (a row whose id,
or Spanish name and member state, name a partner updates it; the others add partners)
and :func:`partners_write` writes them, all or none.

Writing: :func:`partner_export_table` gives the header (in the reader's language)
and the readable values of the partners the user may see, as rows made one at a time
while the file is written (see :mod:`mobiliza.core.spreadsheets`, which renders them as
XLSX or streamed CSV). The export's columns are the import template's, so an exported
file can be edited and imported again.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from django_countries import countries
from django_tasks import task

from mobiliza.core.imports import numbers
from mobiliza.core.imports.registry import ImportRefused as WizardRefused
from mobiliza.core.jobs.models import Job
from mobiliza.core.jobs.services import JobFailed, job_start, running_job
from mobiliza.core.money import parse_decimal_text
from mobiliza.core.permissions import actor_for, can, hidden_fields, restrict
from mobiliza.core.spreadsheets import EXPORT_CHUNK, Money
from mobiliza.core.stored_messages import encode_reason
from mobiliza.core.stored_messages import message as stored_message
from mobiliza.directory.choices import ProposalLanguage, RelationshipStatus, Scope, TermKind
from mobiliza.directory.filters import PartnerFilter
from mobiliza.directory.models import PARTNER_FIELDS, Contact, DirectoryTerm, Partner
from mobiliza.directory.search import normalise
from mobiliza.directory.services import normalise_phone

MULTI_SEPARATOR = "; "


class TableError(Exception):
    """The file cannot be read as a table of partners; the message says why, for the user."""


# --- Columns -------------------------------------------------------------------------------

# kind: text, choice, decimal, boolean, source_type, member_state, areas, contributions,
# axes, countries, languages, contact
TEXT = "text"


@dataclass(frozen=True)
class Column:
    """One column of the template: the model field (or contact field) it fills."""

    name: str
    kind: str = TEXT
    label_override: Any = None

    @property
    def label(self) -> str:
        """The column's title in the active language."""
        if self.label_override is not None:
            return capfirst(str(self.label_override))
        field = Partner._meta.get_field(self.name)
        return capfirst(str(getattr(field, "verbose_name", self.name)))


# How each column that is not plain text is read and written, by field name; the
# others follow the model field's type (a choice, a number, yes or no).
SPECIAL_KINDS = {
    "source_type": "source_type",
    "member_state": "member_state",
    "areas": "areas",
    "contribution_kinds": "contributions",
    "axes": "axes",
    "budget_currency": "currency",
    "countries": "countries",
    "proposal_languages": "languages",
}


def _kind(name: str) -> str:
    if name in SPECIAL_KINDS:
        return SPECIAL_KINDS[name]
    model_field = Partner._meta.get_field(name)
    if getattr(model_field, "choices", None):
        return "choice"
    if isinstance(model_field, models.DecimalField):
        return "decimal"
    if isinstance(model_field, models.BooleanField):
        return "boolean"
    return TEXT


# The partner's columns are those its one field list gives the spreadsheets; then the
# first contact's.
COLUMNS: list[Column] = [
    *(Column(name, _kind(name)) for name in PARTNER_FIELDS.spreadsheet_names()),
    Column("contact_full_name", "contact", gettext_lazy("contact: full name")),
    Column("contact_email", "contact", gettext_lazy("contact: e-mail")),
    Column("contact_phone", "contact", gettext_lazy("contact: phone")),
]
COLUMNS_BY_NAME = {c.name: c for c in COLUMNS}
EXPORT_COLUMNS = [c for c in COLUMNS if c.kind != "contact"]
CHOICES = {"scope": Scope, "status": RelationshipStatus}


def _header_aliases() -> dict[str, str]:
    """Every accepted way to title a column (normalised) → the column's name."""
    aliases: dict[str, str] = {}
    for language in ("es", "en"):
        with translation.override(language):
            for column in COLUMNS:
                aliases[normalise(column.label)] = column.name
    for column in COLUMNS:
        aliases[normalise(column.name)] = column.name
    return aliases


def template_header() -> list[str]:
    """The template's first row, in the active language."""
    return [column.label for column in COLUMNS]


# --- Reading a file ------------------------------------------------------------------------


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the spreadsheet shows it, cells)
    encoding: str = ""
    delimiter: str = ""


def read_table(data: bytes) -> Table:
    """The header (the first row) and rows of a CSV or XLSX file's content, read safely by
    :func:`mobiliza.core.imports.reading.read_spreadsheet` (its limits, its refusals), or
    a :class:`TableError`. The wizard finds a header below a title; this direct reading
    (the bench, the services' callers) takes the first row."""
    from mobiliza.core.imports.reading import SpreadsheetError, read_spreadsheet

    try:
        sheet = read_spreadsheet(data)
    except SpreadsheetError as exc:
        raise TableError(str(exc)) from exc
    (_first, header), *rows = sheet.rows
    return Table(
        header=["" if cell is None else _cell_text(cell) for cell in header],
        rows=rows,
        encoding=sheet.encoding,
        delimiter=sheet.delimiter,
    )


def map_header(header: list[str]) -> list[str | None]:
    """The column name of each position in ``header``; refuses unknown or missing columns."""
    aliases = _header_aliases()
    names: list[str | None] = []
    unknown: list[str] = []
    for title in header:
        text = "" if title is None else str(title).strip()
        if not text:
            names.append(None)
            continue
        name = aliases.get(normalise(text))
        if name is None:
            unknown.append(text)
        elif name in names:
            raise TableError(_("The column “%(column)s” appears twice.") % {"column": text})
        names.append(name)
    if unknown:
        raise TableError(
            _(
                "The first row must hold the template's column titles. These are not known: "
                "%(columns)s. Download the template to see the accepted columns."
            )
            % {"columns": ", ".join(unknown)}
        )
    if "name_es" not in names:
        raise TableError(
            _(
                "The first row must hold the template's column titles, and the column "
                "“%(column)s” is missing. Download the template to see the accepted columns."
            )
            % {"column": COLUMNS_BY_NAME["name_es"].label}
        )
    return names


# --- Validating rows -----------------------------------------------------------------------


@dataclass
class Row:
    number: int
    data: dict[str, Any] = field(default_factory=dict)  # for record_create(Partner)
    contact: dict[str, Any] = field(default_factory=dict)  # for record_create(Contact)
    errors: list[str] = field(default_factory=list)
    partner: Partner | None = None  # unsaved, for the preview


@dataclass
class Validation:
    rows: list[Row]
    encoding: str = ""

    @property
    def bad_rows(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.bad_rows


class Lookups:
    """The terms, source types, axes, member states and countries, read once per file."""

    def __init__(self) -> None:
        from mobiliza.coalition.models import MemberState
        from mobiliza.plan.models import SourceType, StrategicAxis

        self.terms: dict[str, dict[str, DirectoryTerm]] = {
            TermKind.AREA: {},
            TermKind.CONTRIBUTION: {},
        }
        for term in DirectoryTerm.objects.all():
            self._add(self.terms[term.kind], term, term.code, term.name_es, term.name_en)
        self.source_types: dict[str, Any] = {}
        for source in SourceType.objects.all():
            self._add(self.source_types, source, source.code, source.name_es, source.name_en)
        self.axes: dict[str, Any] = {}
        for axis in StrategicAxis.objects.all():
            self._add(self.axes, axis, axis.code, axis.name_es, axis.name_en)
        self.member_states: dict[str, Any] = {}
        self.member_states_by_pk: dict[int, Any] = {}
        for state in MemberState.objects.all():
            self.member_states_by_pk[state.pk] = state
            self._add(self.member_states, state, state.code, state.name_es, state.name_en)
        self.countries: dict[str, str] = {}
        for language in ("es", "en"):
            with translation.override(language):
                for code, name in countries:
                    self.countries[normalise(name)] = code
                    self.countries[normalise(code)] = code
        self.choices: dict[str, dict[str, str]] = {}
        for name, enum in {**CHOICES, "languages": ProposalLanguage}.items():
            table: dict[str, str] = {}
            for language in ("es", "en"):
                with translation.override(language):
                    for value, label in enum.choices:
                        table[normalise(str(label))] = value
                        table[normalise(value)] = value
            self.choices[name] = table

    @staticmethod
    def _add(table: dict[str, Any], obj: Any, *keys: str) -> None:
        for key in keys:
            if key:
                table[normalise(str(key))] = obj


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _pieces(text: str, known: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """Split a multi-value cell ("a; b" or "GT,HN") into known values and unknown pieces."""
    found: list[Any] = []
    unknown: list[str] = []
    for piece in (p.strip() for p in text.split(";")):
        if not piece:
            continue
        if normalise(piece) in known:
            found.append(known[normalise(piece)])
            continue
        parts = [p.strip() for p in piece.split(",") if p.strip()]
        for part in parts:
            if normalise(part) in known:
                found.append(known[normalise(part)])
            else:
                unknown.append(part)
    unique = list(dict.fromkeys(found))
    return unique, unknown


def _decimal(value: Any) -> Decimal:
    """A cell as an exact number in either convention (``mobiliza.core.imports.numbers``);
    a cell that reads two ways (``250.000``) raises ``Ambiguous``: the wizard asks about
    it, this direct reading refuses it. What it reads is then held to the rule of every
    amount (``core.money.parse_decimal_text``: no ``-0``)."""
    return parse_decimal_text(format(numbers.parse_number(value, None), "f"))


YES = {"si", "yes", "true", "1", "x", "s", "y"}
NO = {"no", "false", "0", "n"}


def _convert(column: Column, raw: Any, lookups: Lookups, row: Row) -> None:
    """Put the cell's value into ``row.data`` / ``row.contact``, or an error into the row."""
    text = _cell_text(raw)
    if column.kind == "contact":
        row.contact[column.name.removeprefix("contact_")] = text
        return
    if not text:
        return
    kind = column.kind

    def error(message: str) -> None:
        row.errors.append(
            _("%(column)s: %(message)s") % {"column": column.label, "message": message}
        )

    if kind == TEXT:
        row.data[column.name] = text
    elif kind == "currency":
        row.data[column.name] = text.upper()
    elif kind == "choice":
        value = lookups.choices[column.name].get(normalise(text))
        if value is None:
            error(_("“%(value)s” is not one of the accepted values.") % {"value": text})
        else:
            row.data[column.name] = value
    elif kind == "decimal":
        try:
            row.data[column.name] = _decimal(raw)
        except numbers.Ambiguous:
            error(
                _(
                    "“%(value)s” can be read two ways; write it without thousands "
                    "separators, or with its decimals."
                )
                % {"value": text}
            )
        except (InvalidOperation, ValueError, ValidationError):
            error(_("“%(value)s” is not a number.") % {"value": text})
    elif kind == "boolean":
        if normalise(text) in YES:
            row.data[column.name] = True
        elif normalise(text) in NO:
            row.data[column.name] = False
        else:
            error(_("write yes or no, not “%(value)s”.") % {"value": text})
    elif kind in ("source_type", "member_state"):
        table = lookups.source_types if kind == "source_type" else lookups.member_states
        obj = table.get(normalise(text))
        if obj is None:
            error(_("“%(value)s” is not known.") % {"value": text})
        else:
            row.data[column.name] = obj
    else:
        tables: dict[str, dict[str, Any]] = {
            "areas": lookups.terms[TermKind.AREA],
            "contributions": lookups.terms[TermKind.CONTRIBUTION],
            "axes": lookups.axes,
            "countries": lookups.countries,
            "languages": lookups.choices["languages"],
        }
        values, unknown = _pieces(text, tables[kind])
        if unknown:
            error(_("not known: %(values)s.") % {"values": ", ".join(unknown)})
        if kind == "languages":
            row.data[column.name] = ",".join(values)
        else:
            row.data[column.name] = values


def _messages(error: ValidationError, labels: Callable[[str], str]) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [str(message) for message in error.messages]
    return [
        _("%(column)s: %(message)s") % {"column": labels(name), "message": message}
        for name, errors in error.message_dict.items()
        for message in errors
    ]


def _partner_label(name: str) -> str:
    if name in COLUMNS_BY_NAME:
        return COLUMNS_BY_NAME[name].label
    return _("Row")


def _contact_label(name: str) -> str:
    return COLUMNS_BY_NAME.get(f"contact_{name}", COLUMNS_BY_NAME["contact_full_name"]).label


M2M_NAMES = tuple(f.name for f in Partner._meta.many_to_many)  # areas, kinds, axes


def _validate_row(row: Row, user: Any, lookups: Lookups, existing: Partner | None = None) -> None:
    """Check a row as a new partner, or, given the ``existing`` partner its key names, as
    that partner's update (a blank cell keeps the partner's value)."""
    actor = actor_for(user)
    if not actor.manages_everything:
        # A focal point imports partners for its own country only.
        if row.data.get("member_state") is not None and (
            row.data["member_state"].pk != actor.member_state_id
        ):
            row.errors.append(
                _("%(column)s: you may only add partners for your own member state.")
                % {"column": COLUMNS_BY_NAME["member_state"].label}
            )
        row.data["member_state"] = lookups.member_states_by_pk.get(actor.member_state_id or 0)
    plain = {k: v for k, v in row.data.items() if k not in M2M_NAMES}
    if existing is None:
        partner = Partner(**plain)
        if not can(user, "add", partner):
            row.errors.append(_("You may not add partners for this member state."))
    else:
        partner = copy.copy(existing)
        for name, value in plain.items():
            setattr(partner, name, value)
        # Checked before and after the change: nobody moves a partner out of their scope.
        if not (can(user, "change", existing) and can(user, "change", partner)):
            row.errors.append(_("You may not change this partner."))
    row.partner = partner
    try:
        # The lookups come from the database already, and Partner.clean() holds the
        # budget rule the check constraint holds: no query per row.
        # Partners and contacts have no unique field to look up either.
        partner.full_clean(
            exclude=["source_type", "member_state", "owner"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        row.errors.extend(_messages(exc, _partner_label))
    contact = row.contact
    if any(contact.values()):
        phone = contact.get("phone", "")
        if phone:
            try:
                phone = contact["phone"] = normalise_phone(phone)
            except ValidationError as exc:
                row.errors.extend(_messages(exc, _contact_label))
                phone = ""  # Contact.clean() would report the same number again
        person = Contact(
            full_name=contact.get("full_name", ""),
            email=contact.get("email", ""),
            phone=phone,
        )
        try:
            person.full_clean(
                exclude=["partner", "phone"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            row.errors.extend(_messages(exc, _contact_label))
    else:
        row.contact = {}


def partners_validate(*, user: Any, table: Table) -> Validation:
    """Every row of ``table`` as partner data, with the errors found in each."""
    names = map_header(table.header)
    lookups = Lookups()
    rows: list[Row] = []
    for number, cells in table.rows:
        if all(cell is None or cell == "" or _cell_text(cell) == "" for cell in cells):
            continue  # blank lines are skipped, not counted
        row = Row(number=number)
        for position, raw in enumerate(cells):
            name = names[position] if position < len(names) else None
            if name is None:
                if _cell_text(raw):
                    row.errors.append(
                        _("a value was found in column %(position)s, which has no title.")
                        % {"position": position + 1}
                    )
                continue
            _convert(COLUMNS_BY_NAME[name], raw, lookups, row)
        _validate_row(row, user, lookups)
        rows.append(row)
    return Validation(rows=rows, encoding=table.encoding)


class ImportRefused(Exception):
    """Some rows are wrong: nothing was saved."""

    def __init__(self, validation: Validation) -> None:
        super().__init__("import refused")
        self.validation = validation


# Rows written per batch: big enough for speed, small enough to report progress often.
IMPORT_BATCH = 1000


# --- Checked rows, kept between the preview and the confirm step ----------------------------

CHECKED_FORMAT = 1
_LINKED = {"source_type": "source_types", "member_state": "member_states"}


def checked_rows_dump(validation: Validation) -> bytes:
    """A preview's checked rows as JSON: values as checked, linked records by id."""
    rows = []
    for row in validation.rows:
        data: dict[str, Any] = {}
        for name, value in row.data.items():
            if name in M2M_NAMES:
                data[name] = [item.pk for item in value]
            elif name in _LINKED:
                data[name] = None if value is None else value.pk
            elif isinstance(value, Decimal):
                data[name] = str(value)
            else:
                data[name] = value
        rows.append({"number": row.number, "data": data, "contact": row.contact})
    return json.dumps({"format": CHECKED_FORMAT, "rows": rows}, ensure_ascii=False).encode()


def checked_rows_load(content: bytes) -> Validation:
    """The rows :func:`checked_rows_dump` kept, with their linked records read again (one
    query per kind). A row whose linked record was deleted since the preview gets an error."""
    from mobiliza.coalition.models import MemberState
    from mobiliza.plan.models import SourceType, StrategicAxis

    try:
        payload = json.loads(content)
        stored = payload["rows"] if payload.get("format") == CHECKED_FORMAT else None
    except (ValueError, TypeError, AttributeError, KeyError):
        stored = None
    if not isinstance(stored, list):
        raise TableError(_("The checked rows could not be read; upload the file again."))
    known: dict[str, dict[int, Any]] = {
        "source_type": SourceType.objects.in_bulk(),
        "member_state": MemberState.objects.in_bulk(),
        "axes": StrategicAxis.objects.in_bulk(),
    }
    terms = DirectoryTerm.objects.in_bulk()
    known["areas"] = known["contribution_kinds"] = terms
    decimals = {c.name for c in COLUMNS if c.kind == "decimal"}
    rows = []
    for item in stored:
        row = Row(number=item["number"], contact=item["contact"])
        for name, value in item["data"].items():
            if name in decimals and value is not None:
                value = Decimal(value)
            elif name in known and value is not None:
                ids = value if name in M2M_NAMES else [value]
                found = [known[name][pk] for pk in ids if pk in known[name]]
                if len(found) < len(ids):
                    row.errors.append(
                        _("%(column)s: a value was deleted after the preview.")
                        % {"column": COLUMNS_BY_NAME[name].label}
                    )
                value = found if name in M2M_NAMES else (found[0] if found else None)
            row.data[name] = value
        rows.append(row)
    return Validation(rows=rows, encoding="XLSX")


def partners_import(
    *,
    user: Any,
    table: Table | None = None,
    checked: Validation | None = None,
    progress: Callable[[int, int], Any] | None = None,
) -> list[Partner]:
    """Create a partner (and its first contact) per row, all in one transaction, or none.

    Give the ``table`` read from a file, or the rows a preview ``checked`` already (from
    :func:`checked_rows_load`). Raises :class:`ImportRefused` with every row's errors when
    any row is wrong. The rows were checked one by one (``full_clean`` and the permission
    rules) by the validation, and the permission rule is applied again here, as the user's
    role may have changed since the preview; they are then written in batches, each record
    with its history entry (who imported it, and its links to areas, kinds and axes in the
    change reason), as one save each would, but in a few statements per thousand rows.
    """
    from simple_history.utils import bulk_create_with_history

    from mobiliza.core.services import many_to_many_changes

    if checked is not None:
        validation = checked
    elif table is not None:
        validation = partners_validate(user=user, table=table)
    else:
        raise TypeError("partners_import() needs a table or checked rows")
    if not validation.ok:
        raise ImportRefused(validation)
    total = len(validation.rows)
    created: list[Partner] = []
    reason = encode_reason(stored_message(gettext_noop("imported from a spreadsheet")))
    with transaction.atomic():
        for start in range(0, total, IMPORT_BATCH):
            rows = validation.rows[start : start + IMPORT_BATCH]
            partners = []
            for row in rows:
                partner = row.partner or Partner(
                    **{k: v for k, v in row.data.items() if k not in M2M_NAMES}
                )
                partner.compute_derived()
                links = {name: row.data[name] for name in M2M_NAMES if row.data.get(name)}
                partner._change_reason = encode_reason(  # type: ignore[attr-defined]
                    reason, many_to_many_changes(partner, links)
                )
                if not can(user, "add", partner):
                    row.errors.append(_("You may not add partners for this member state."))
                    transaction.set_rollback(True)
                    raise ImportRefused(validation)
                partners.append(partner)
            partners = bulk_create_with_history(
                partners, Partner, batch_size=IMPORT_BATCH, default_user=user
            )
            for name in M2M_NAMES:
                through = getattr(Partner, name).through
                source, target = _through_columns(through, name)
                through.objects.bulk_create(
                    [
                        through(**{source: partner.pk, target: item.pk})
                        for partner, row in zip(partners, rows, strict=True)
                        for item in row.data.get(name) or []
                    ],
                    batch_size=IMPORT_BATCH,
                )
            contacts = [
                Contact(partner=partner, **row.contact)
                for partner, row in zip(partners, rows, strict=True)
                if row.contact
            ]
            for contact in contacts:
                contact._change_reason = reason  # type: ignore[attr-defined]
            bulk_create_with_history(contacts, Contact, batch_size=IMPORT_BATCH, default_user=user)
            created.extend(partners)
            if progress is not None:
                progress(len(created), total)
    return created


def _through_columns(through: Any, name: str) -> tuple[str, str]:
    """The attribute names (``partner_id``, ``directoryterm_id``) of a many-to-many table."""
    field: Any = Partner._meta.get_field(name)
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    return f"{source}_id", f"{target}_id"


# --- The import wizard's partner importer (mobiliza.core.imports) ---------------------------
#
# The wizard reads the file, finds its header, lets the user map the columns and reads the
# numbers; these functions check and write the rows. A row updates the partner its key
# names (its id, or its Spanish name and member state) and creates one otherwise, so that
# importing an exported file again updates and creates nothing twice.

ID_FIELD = "id"

# The other ways a Secretariat's sheet titles the columns, in both languages.
SYNONYMS: dict[str, tuple[Any, ...]] = {
    ID_FIELD: ("identificador", "código", "id", "identifier"),
    "name_es": (
        gettext_lazy("name"),
        "nombre",
        "nombre de la organización",
        "organización",
        "socio",
        "nombre del socio",
        "partner",
        "organisation",
        "organization",
    ),
    "name_en": ("nombre en inglés", "english name"),
    "acronym": ("siglas", "sigla", "acrónimo", "acronym", "initials"),
    "website": ("sitio web", "página web", "web", "url", "website"),
    "budget_min": ("presupuesto mínimo", "monto mínimo", "minimum budget", "min amount"),
    "budget_max": ("presupuesto máximo", "monto máximo", "maximum budget", "max amount"),
    "budget_currency": ("moneda", "divisa", "currency"),
    "member_state": ("país", "país miembro", "estado miembro", "member state", "country"),
    "countries": ("países donde trabaja", "países de cooperación", "countries"),
    "source_type": ("tipo de fuente", "tipo de cooperante", "source type"),
    "scope": ("alcance", "ámbito", "scope"),
    "status": ("estado de la relación", "relación", "status"),
    "contact_full_name": ("contacto", "persona de contacto", "nombre del contacto", "contact"),
    "contact_email": ("correo", "correo electrónico", "email", "e-mail", "mail"),
    "contact_phone": ("teléfono", "tel", "celular", "phone", "telephone"),
}


def partner_import_fields() -> list[Any]:
    """The partner's columns as the wizard offers them, the key (id) first."""
    from mobiliza.core.imports.registry import ImportField

    fields = [ImportField(ID_FIELD, gettext_lazy("id"), SYNONYMS[ID_FIELD])]
    for column in COLUMNS:
        label: Any = column.label_override
        if label is None:
            label = getattr(Partner._meta.get_field(column.name), "verbose_name", column.name)
        fields.append(
            ImportField(
                column.name,
                label,
                SYNONYMS.get(column.name, ()),
                number=column.kind == "decimal",
                required=column.name == "name_es",
            )
        )
    return fields


def _shown(row: Row) -> list[tuple[str, str]]:
    """The row's accepted values, as the preview lists them."""
    shown = []
    for name, value in row.data.items():
        if value in (None, "", []):
            continue
        column = COLUMNS_BY_NAME[name]
        if isinstance(value, list):
            text = _joined(value)
        elif column.kind == "choice":
            text = str(dict(CHOICES[name].choices).get(value, value))
        elif column.kind == "boolean":
            text = _("Yes") if value else _("No")
        else:
            text = str(value)
        shown.append((column.label, text))
    for name, value in row.contact.items():
        if value:
            shown.append((COLUMNS_BY_NAME[f"contact_{name}"].label, str(value)))
    return shown


def _payload(row: Row, existing: Partner | None) -> dict[str, Any]:
    (stored,) = json.loads(checked_rows_dump(Validation(rows=[row])))["rows"]
    if existing is not None:
        stored["pk"] = existing.pk
        stored["version"] = existing.version
    return stored


def partners_check(*, user: Any, rows: list[Any]) -> list[Any]:
    """Each wizard row checked as a new partner or as the update of the one its key names.

    The partners the user may see are read once for the keys, and the matched ones once
    more with their links: a fixed number of queries whatever the number of rows.
    """
    from mobiliza.core.imports.registry import CREATE, UPDATE, CheckedRow
    from mobiliza.core.permissions import restrict

    lookups = Lookups()
    actor = actor_for(user)
    visible = restrict(Partner.objects.order_by(), user, "view")
    by_name = {
        (normalise(name), state): pk
        for pk, name, state in visible.values_list("pk", "name_es", "member_state_id")
    }
    visible_ids = set(by_name.values())
    converted: list[tuple[Row, int | None]] = []
    for given in rows:
        row = Row(number=given.number)
        key: int | None = None
        for name, raw in given.values.items():
            if name == ID_FIELD:
                text = _cell_text(raw)
                if text:
                    try:
                        key = int(Decimal(text))
                    except (InvalidOperation, ValueError):
                        key = 0
                    if key not in visible_ids:
                        row.errors.append(
                            _("%(column)s: no partner you may see has the id “%(value)s”.")
                            % {"column": _("id"), "value": text}
                        )
                        key = None
                continue
            _convert(COLUMNS_BY_NAME[name], raw, lookups, row)
        if key is None:
            state = row.data.get("member_state")
            state_id = state.pk if state is not None else None
            if not actor.manages_everything:
                state_id = actor.member_state_id
            key = by_name.get((normalise(row.data.get("name_es") or ""), state_id))
        converted.append((row, key))
    matched = Partner.objects.select_related("member_state", "source_type").in_bulk(
        [key for _row, key in converted if key]
    )
    # Big loads from another system are checked with the duplicates page instead.
    candidates = _likely_candidates(user) if len(rows) <= BACKGROUND_ROWS else []
    checked = []
    seen: dict[int, int] = {}
    for row, key in converted:
        existing = matched.get(key) if key else None
        _validate_row(row, user, lookups, existing)
        result = CheckedRow(number=row.number, action=UPDATE if existing is not None else CREATE)
        if existing is not None:
            if existing.pk in seen:
                row.errors.append(
                    _("row %(row)s already updates this partner.") % {"row": seen[existing.pk]}
                )
            seen[existing.pk] = row.number
        for message in row.errors:
            result.add_error(message)
        if not result.errors:
            result.shown = _shown(row)
            result.payload = _payload(row, existing)
        checked.append(result)
        if existing is None and not result.errors and len(rows) <= BACKGROUND_ROWS:
            result.notes = _looks_like(row, user, candidates)
    return checked


def _likely_candidates(user: Any) -> list[Partner]:
    from mobiliza.core.permissions import restrict
    from mobiliza.directory.duplicates.finding import FIELDS

    return list(restrict(Partner.objects.only(*FIELDS).order_by(), user, "view"))


def _looks_like(row: Row, user: Any, candidates: list[Partner]) -> list[str]:
    """A new row that looks like partners already in the directory: a note for each."""
    from mobiliza.directory.duplicates.finding import likely_duplicates

    matches = likely_duplicates(
        name_es=row.data.get("name_es") or "",
        name_en=row.data.get("name_en") or "",
        acronym=row.data.get("acronym") or "",
        website=row.data.get("website") or "",
        candidates=candidates,
        limit=3,
    )
    return [
        _("It may be the same as %(partner)s (%(reasons)s).")
        % {"partner": match.partner, "reasons": "; ".join(str(r) for r in match.reasons)}
        for match in matches
    ]


def partners_write(
    *, user: Any, payloads: list[dict[str, Any]], progress: Callable[[int, int], Any] | None
) -> tuple[int, int]:
    """Create and update the partners of a preview's checked rows, all or none.

    New partners are written in batches (:func:`partners_import`); each update goes
    through ``record_update``, which checks the permission again and the version the
    preview saw (a partner changed since is refused, not overwritten).
    """
    from mobiliza.core.imports.registry import CheckedRow
    from mobiliza.core.imports.registry import ImportRefused as Refused
    from mobiliza.core.services import ConflictError, record_create, record_update

    loaded = checked_rows_load(
        json.dumps({"format": CHECKED_FORMAT, "rows": payloads}).encode()
    ).rows
    creates = [row for row, item in zip(loaded, payloads, strict=True) if "pk" not in item]
    updates = [(row, item) for row, item in zip(loaded, payloads, strict=True) if "pk" in item]
    total = len(payloads)
    reason = encode_reason(stored_message(gettext_noop("imported from a spreadsheet")))

    def refuse(number: int, message: str) -> Refused:
        return Refused([CheckedRow(number=number, errors=[message])])

    with transaction.atomic():
        try:
            created = (
                partners_import(
                    user=user,
                    checked=Validation(rows=creates),
                    progress=(lambda done, _t: progress(done, total)) if progress else None,
                )
                if creates
                else []
            )
        except ImportRefused as refused:
            raise Refused(
                [CheckedRow(number=r.number, errors=r.errors) for r in refused.validation.bad_rows]
            ) from refused
        partners = Partner.objects.in_bulk([item["pk"] for _row, item in updates])
        for done, (row, item) in enumerate(updates, start=1):
            if row.errors:
                raise Refused([CheckedRow(number=row.number, errors=row.errors)])
            partner = partners.get(item["pk"])
            if partner is None:
                raise refuse(row.number, _("The partner was deleted after the preview."))
            try:
                partner = record_update(
                    user=user,
                    instance=partner,
                    data=row.data,
                    version=item.get("version"),
                    reason=reason,
                )
            except ConflictError as exc:
                raise refuse(
                    row.number, _("Someone changed this partner after the preview.")
                ) from exc
            except ValidationError as exc:
                raise Refused(
                    [CheckedRow(number=row.number, errors=_messages(exc, _partner_label))]
                ) from exc
            except PermissionDenied as exc:
                raise refuse(row.number, _("You may not change this partner.")) from exc
            contact = {k: v for k, v in row.contact.items() if v}
            if (
                contact
                and not partner.contacts.filter(
                    full_name__iexact=contact.get("full_name", ""),
                    email__iexact=contact.get("email", ""),
                ).exists()
            ):
                record_create(
                    user=user,
                    model=Contact,
                    data={"partner": partner, **row.contact},
                    reason=reason,
                )
            if progress is not None:
                progress(len(created) + done, total)
    return len(created), len(updates)


def partners_enqueue(*, user: Any, path: str, language: str) -> str:
    """Hand a large preview's checked rows to the background job; its progress page.

    The job runs in the language of the user who started it (the job records it)."""
    with default_storage.open(path, "rb") as handle:
        total = len(json.loads(handle.read())["rows"])
    return partners_import_start(user=user, path=path, total=total).get_absolute_url()


def partner_importer() -> Any:
    """The partners' importer, registered with the wizard by the directory's AppConfig."""
    from django.urls import reverse

    from mobiliza.core.imports.registry import Importer

    return Importer(
        name="partners",
        label=gettext_lazy("Partners"),
        fields=partner_import_fields,
        check=partners_check,
        write=partners_write,
        may_import=lambda user: can(user, "add", model=Partner),
        key_help=gettext_lazy(
            "A row whose id, or whose Spanish name and member state, are those of a partner "
            "already in the directory updates that partner (a blank cell keeps its value); "
            "any other row adds a partner."
        ),
        done_url=lambda: reverse("directory:partner_list"),
        background=partners_enqueue,
        background_rows=BACKGROUND_ROWS,
        links=lambda: [
            (
                _("Download template (Excel)"),
                reverse("directory:partner_import_template") + "?format=xlsx",
            ),
            (
                _("Download template (CSV)"),
                reverse("directory:partner_import_template") + "?format=csv",
            ),
        ],
    )


# --- Export --------------------------------------------------------------------------------


def _joined(items: Iterable[Any]) -> str:
    return MULTI_SEPARATOR.join(str(item) for item in items)


class _Labels:
    """What an export writes for codes and related records, worked out once per export
    rather than once per row (50,000 partners name the same few countries and terms)."""

    def __init__(self) -> None:
        self.yes, self.no = _("Yes"), _("No")
        self.languages = {code: str(label) for code, label in ProposalLanguage.choices}
        self.choices: dict[str, dict[Any, str]] = {}
        self.countries: dict[str, str] = {}
        self.records: dict[tuple[type, int], str] = {}

    def choice(self, name: str, value: Any) -> str:
        if name not in self.choices:
            field: Any = Partner._meta.get_field(name)
            self.choices[name] = {key: str(label) for key, label in field.flatchoices}
        return self.choices[name].get(value, str(value))

    def country(self, country: Any) -> str:
        code = country.code
        if code not in self.countries:
            self.countries[code] = str(country.name)
        return self.countries[code]

    def record(self, obj: Any) -> str:
        key = (type(obj), obj.pk)
        if key not in self.records:
            self.records[key] = str(obj)
        return self.records[key]


# The many-to-many columns, read from lists prefetched for the export (``to_attr``).
EXPORT_LINKS = {
    "areas": "export_areas",
    "contribution_kinds": "export_kinds",
    "axes": "export_axes",
}


def _export_value(partner: Partner, column: Column, labels: _Labels) -> Any:
    name = column.name
    kind = column.kind
    if kind in ("areas", "contributions", "axes"):
        return _joined(labels.record(item) for item in getattr(partner, EXPORT_LINKS[name]))
    value = getattr(partner, name)
    if kind == "choice":
        return labels.choice(name, value) if value else ""
    if kind == "countries":
        return _joined(labels.country(country) for country in value)
    if kind == "languages":
        return _joined(labels.languages.get(code, code) for code in value.split(",") if code)
    if kind == "boolean":
        return "" if value is None else (labels.yes if value else labels.no)
    if kind == "decimal":
        if value is not None and name.startswith("budget_") and partner.budget_currency:
            return Money(value, partner.budget_currency)
        return value
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return labels.record(value)
    return str(value)


def partners_for_export(*, user: Any, query: Any) -> models.QuerySet:
    """The partners ``user`` may see that the list's filters in ``query`` (a QueryDict) keep."""
    queryset = restrict(Partner.objects.all(), user, "view")
    filterset = PartnerFilter(query, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset.none()


def partner_export_table(*, user: Any, queryset: Any) -> tuple[list[str], Iterator[list[Any]]]:
    """Header and rows of ``queryset`` (already restricted and filtered) for ``user``.

    The rows are made one at a time as they are read (the caller writes or streams them).
    """
    actor = actor_for(user)
    # Columns the reader may see on no row are left out; the others are blank on the rows
    # the reader may not see them on (another country's confidential notes).
    never = set(hidden_fields(user, Partner))
    if actor.is_focal_point:
        never -= set(Partner.access.confidential)
    columns = [c for c in EXPORT_COLUMNS if c.name not in never]
    queryset = queryset.select_related("source_type", "member_state").prefetch_related(
        *(models.Prefetch(name, to_attr=attr) for name, attr in EXPORT_LINKS.items())
    )
    labels = _Labels()

    def rows() -> Iterator[list[Any]]:
        for partner in queryset.iterator(chunk_size=EXPORT_CHUNK):
            hidden = hidden_fields(user, partner)
            yield [
                "" if column.name in hidden else _export_value(partner, column, labels)
                for column in columns
            ]

    return [column.label for column in columns], rows()


# Above this many partners an XLSX export is written by a background task (a CSV is
# streamed whatever its size). Measured with 50,000 generated partners on this machine's
# two shared CPUs: see docs/performance.md, "Exports".
BACKGROUND_EXPORT_ROWS = 5000


@task
def partners_export_job(job_id: str, query: dict[str, list[str]]) -> int:
    """Write the partner export of ``query`` (the list's filters) as XLSX for the user who
    started job ``job_id``, in their language, reporting its progress there."""
    from django.http import QueryDict

    from mobiliza.core.exportjobs import export_job_write
    from mobiliza.core.spreadsheets import dated_name

    with running_job(job_id) as run:
        params = QueryDict(mutable=True)
        for name, values in query.items():
            params.setlist(name, values)
        partners = partners_for_export(user=run.user, query=params)
        header, rows = partner_export_table(user=run.user, queryset=partners)
        title = str(Partner._meta.verbose_name_plural).capitalize()
        filename = f"{dated_name(Partner._meta.verbose_name_plural)}.xlsx"
        return export_job_write(run, header, rows, title, filename)
    return 0


# --- Background imports --------------------------------------------------------------------
#
# A file of more than BACKGROUND_ROWS rows is imported by a background job
# (mobiliza.core.jobs): the page sends the user to the job's page, which shows the rows saved
# so far and, at the end, the link to the partners or the rows that were refused.

BACKGROUND_ROWS = 2000


def partners_import_start(*, user: Any, path: str, total: int) -> Job:
    """Queue the import of the rows a preview checked and kept at ``path``."""
    return job_start(
        task=partners_import_job,
        title=gettext_lazy("Importing partners"),
        user=user,
        arguments=[path],
        total=total,
    )


def job_get(job_id: str) -> dict[str, Any] | None:
    """The state of an import job (status, done, total, message, bad_rows), or None."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return None
    return {
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "message": job.message,
        "bad_rows": job.details.get("bad_rows", []),
        "user_id": job.started_by_id,
    }


@task
def partners_import_job(job_id: str, path: str) -> int:
    """Import the rows a preview checked and kept at ``path`` (:func:`checked_rows_dump`)
    for the user who started job ``job_id``, reporting its progress there.

    The file is deleted once the rows are saved; after a failure it is kept, so that the
    job can be run again.
    """
    from django.core.files.storage import default_storage

    from mobiliza.core.imports.reading import SpreadsheetError
    from mobiliza.core.imports.services import checked_payloads

    with running_job(job_id) as run:
        try:
            with default_storage.open(path, "rb") as handle:
                content = handle.read()
        except FileNotFoundError as missing:
            raise JobFailed(
                _("The checked rows are no longer there; upload the file again.")
            ) from missing
        try:
            payloads = checked_payloads(content)
        except SpreadsheetError as exc:
            raise JobFailed(exc) from exc
        try:
            created, updated = partners_write(
                user=run.user, payloads=payloads, progress=run.progress
            )
        except WizardRefused as refused:
            bad = [{"number": row.number, "errors": row.errors} for row in refused.rows]
            raise JobFailed(
                _("Nothing was saved: some rows have errors."),
                details={"bad_rows": bad},
                url=reverse("imports:upload", kwargs={"name": "partners"}),
                label=_("Upload a corrected file"),
            ) from refused
        except TableError as exc:
            raise JobFailed(exc) from exc
        default_storage.delete(path)
        run.finish(
            message=imported_message(created, updated),
            url=reverse("directory:partner_list"),
            label=_("See the partners"),
        )
        return created + updated
    return 0


def imported_message(created: int, updated: int) -> str:
    return ngettext(
        "%(created)s partner was added and %(updated)s updated.",
        "%(created)s partners were added and %(updated)s updated.",
        created,
    ) % {
        "created": created,
        "updated": updated,
    }
