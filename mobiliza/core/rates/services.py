"""The exchange-rate table: reading a CSV file of rates, and every write to the table.

A file has a header row and the columns ``date,currency,rate`` (``source`` optional),
separated by commas or semicolons, in UTF-8 with or without a byte-order mark. Dates are
ISO (``2024-03-31``); a rate uses a decimal point, or a decimal comma when the separator
is a semicolon (as spreadsheet programs in Spanish save it). The rate is read from its
text with :class:`~decimal.Decimal`: no float ever holds it.

:func:`rates_read` checks every row and says what is wrong with each bad one, in the
reader's language; :func:`rates_import` then writes all rows or none: new rates created,
rates of a day already in the table updated (both with their history), and the
contributions of each imported currency converted again from its earliest imported date.

The single-rate services (:func:`rate_create`, :func:`rate_update`, :func:`rate_delete`)
convert the contributions again too, so the stored conversions always follow the table.
The pages and the API both call them.

``core`` sits below every capability app and imports none of them, yet the records kept
in other currencies (contributions, opportunities) live in those apps. So an app that
stores converted amounts registers a :class:`RateFollower` from its ``AppConfig.ready()``
(:func:`follow_rates`): the services here ask every follower how many of its records a
rate converts (a rate in use is not deleted) and tell it to convert again after a change.
We chose a registry of named, typed callbacks over a ``django.dispatch`` signal because
the services need answers back (counts, and a refusal before deleting), and because a
signal hides who listens; here a reader finds the followers by searching ``follow_rates``.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from mobiliza.core.currencies import validate_currency
from mobiliza.core.models import ExchangeRate
from mobiliza.core.money import RATE_SCALE, format_rate, reporting_currency
from mobiliza.core.permissions import can
from mobiliza.core.services import record_create, record_delete, record_update
from mobiliza.core.spreadsheets import EXPORT_CHUNK, csv_lines, formula_unquoted
from mobiliza.core.stored_messages import encode_reason, message

# --- Who follows the table ---------------------------------------------------------------


@dataclass(frozen=True)
class RateFollower:
    """An app's records converted through the rate table.

    ``convert_again(currency, since, user)`` converts again the records valued in
    ``currency`` on or after ``since`` and returns how many changed; ``count_using(currency,
    rate_date)`` says how many records are converted at the rate of that currency and day.
    """

    name: str
    convert_again: Callable[[str, datetime.date, Any], int]
    count_using: Callable[[str, datetime.date], int]


_FOLLOWERS: dict[str, RateFollower] = {}


def follow_rates(follower: RateFollower) -> None:
    """Register ``follower`` (once per name: calling again replaces it)."""
    _FOLLOWERS[follower.name] = follower


def rates_changed(currency: str, since: datetime.date, *, user: Any = None) -> int:
    """Tell every follower that the rates of ``currency`` from ``since`` on changed."""
    return sum(f.convert_again(currency, since, user) for f in _FOLLOWERS.values())


def rate_users(currency: str, rate_date: datetime.date) -> int:
    """How many records, in every follower, are converted at this rate."""
    return sum(f.count_using(currency, rate_date) for f in _FOLLOWERS.values())


# The columns, and the titles accepted for each (Spanish or English, any case).
COLUMNS = ("date", "currency", "rate")
OPTIONAL_COLUMNS = ("source",)
HEADER_ALIASES = {
    "date": "date",
    "fecha": "date",
    "currency": "currency",
    "moneda": "currency",
    "divisa": "currency",
    "rate": "rate",
    "tasa": "rate",
    "tipo de cambio": "rate",
    "tipo_de_cambio": "rate",
    "source": "source",
    "fuente": "source",
}
# The largest rate the table holds (a signed 64-bit column of 10**-10 units), rounded down.
MAX_RATE = Decimal("100000000")
PREVIEW_ROWS = 50

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)$")
_BINARY_KINDS = {
    b"PK\x03\x04": gettext_lazy("an Excel or OpenDocument workbook"),
    b"\xd0\xcf\x11\xe0": gettext_lazy("an old Excel workbook (.xls)"),
    b"%PDF-": gettext_lazy("a PDF document"),
}


class RateFileError(Exception):
    """The file cannot be read as a table of rates at all; the message says why."""


@dataclass
class RateRow:
    """One row of the file, as read, with what is wrong with it."""

    number: int  # as a spreadsheet numbers it: the header is row 1
    date: datetime.date | None = None
    currency: str = ""
    rate: Decimal | None = None
    source: str = ""
    errors: list[str] = field(default_factory=list)
    current: Decimal | None = None  # the rate the table holds for that day, if any

    @property
    def is_update(self) -> bool:
        return self.current is not None

    @property
    def changes(self) -> bool:
        return self.current is None or self.current != self.rate

    @property
    def rate_display(self) -> str:
        return format_rate(self.rate)

    @property
    def current_display(self) -> str:
        return format_rate(self.current)


@dataclass
class RateFile:
    """Every row of a file of rates; importable when no row has errors."""

    rows: list[RateRow]
    delimiter: str = ","
    had_bom: bool = False

    @property
    def bad_rows(self) -> list[RateRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.bad_rows

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if not row.is_update)

    @property
    def update_count(self) -> int:
        return sum(1 for row in self.rows if row.is_update and row.changes)

    @property
    def unchanged_count(self) -> int:
        return sum(1 for row in self.rows if not row.changes)

    @property
    def currencies(self) -> list[str]:
        return sorted({row.currency for row in self.rows if row.currency})


@dataclass
class ImportResult:
    added: int
    updated: int
    unchanged: int
    recomputed: int
    currencies: list[str]


class ImportRefused(Exception):
    """Some rows are wrong (or the table changed since the preview): nothing was saved."""

    def __init__(self, rate_file: RateFile) -> None:
        super().__init__("rows with errors")
        self.rate_file = rate_file


# --- Reading -------------------------------------------------------------------------------


def check_size(size: int) -> None:
    from django.conf import settings

    limit = settings.MAX_UPLOAD_SIZE
    if size > limit:
        raise RateFileError(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def _text(data: bytes) -> tuple[str, bool]:
    for magic, kind in _BINARY_KINDS.items():
        if data.startswith(magic):
            raise RateFileError(
                _("This file is %(kind)s, not a CSV file. Save it as “CSV UTF-8” and try again.")
                % {"kind": kind}
            )
    if b"\x00" in data[:4096]:
        raise RateFileError(_("This file is not a CSV text file."))
    had_bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RateFileError(
            _("The file is not in UTF-8. Save it as “CSV UTF-8” and try again.")
        ) from None
    return text, had_bom


def _parse_date(text: str, row: RateRow) -> None:
    if not text:
        row.errors.append(_("The date is missing."))
        return
    try:
        if not _DATE.match(text):
            raise ValueError
        row.date = datetime.date.fromisoformat(text)
    except ValueError:
        row.errors.append(
            _("“%(value)s” is not a date written YYYY-MM-DD (such as 2024-03-31).")
            % {"value": text}
        )


def _parse_currency(text: str, row: RateRow, target: str) -> None:
    code = text.strip().upper()
    if not code:
        row.errors.append(_("The currency is missing."))
        return
    try:
        validate_currency(code)
    except ValidationError as error:
        row.errors.extend(str(message) for message in error.messages)
        return
    if code == target:
        row.errors.append(
            _(
                "%(currency)s is the reporting currency: one %(currency)s is always worth "
                "1 %(currency)s, so it has no rate to import."
            )
            % {"currency": code}
        )
        return
    row.currency = code


def _parse_rate(text: str, row: RateRow, delimiter: str) -> None:
    if not text:
        row.errors.append(_("The rate is missing."))
        return
    number = text.replace(" ", "").replace("\u00a0", "")
    if delimiter == ";" and "," in number and "." not in number:
        number = number.replace(",", ".", 1) if number.count(",") == 1 else number
    if not _NUMBER.match(number):
        if delimiter == ";":
            hint = _("write it with a decimal point or a decimal comma, such as 0.0586")
        else:
            hint = _("write it with a decimal point, such as 0.0586")
        row.errors.append(
            _("The rate “%(value)s” is not a positive number (%(hint)s).")
            % {"value": text, "hint": hint}
        )
        return
    rate = Decimal(number)  # from the text: exact
    if rate <= 0:
        row.errors.append(
            _("The rate “%(value)s” is not a positive number: it must be more than zero.")
            % {"value": text}
        )
        return
    # Counted on the text (trailing zeros aside), never on a rounded number.
    places = len(number.partition(".")[2].rstrip("0"))
    if places > RATE_SCALE:
        row.errors.append(
            _("The rate “%(value)s” has %(places)s decimal places; at most %(max)s are accepted.")
            % {"value": text, "places": places, "max": RATE_SCALE}
        )
        return
    if rate >= MAX_RATE:
        row.errors.append(
            _("The rate “%(value)s” is too large (it must be less than %(max)s).")
            % {"value": text, "max": MAX_RATE}
        )
        return
    row.rate = rate


def _header(cells: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(cells):
        text = title.strip().strip('"').lower()
        if not text:
            continue
        name = HEADER_ALIASES.get(text)
        if name is None:
            unknown.append(title.strip())
        elif name in positions:
            raise RateFileError(_("The column “%(column)s” appears twice.") % {"column": title})
        else:
            positions[name] = index
    missing = [name for name in COLUMNS if name not in positions]
    if missing or unknown:
        raise RateFileError(
            _(
                "The first row must be the header date,currency,rate (optionally source). "
                "It is: %(header)s. Download the template to see the expected columns."
            )
            % {"header": ",".join(cells) or "—"}
        )
    return positions


def rates_read(data: bytes) -> RateFile:
    """Read and check every row of a CSV file of rates. Two queries, whatever its length.

    Raises :class:`RateFileError` when the file cannot be read as such a table at all.
    """
    check_size(len(data))
    text, had_bom = _text(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise RateFileError(_("The file is empty."))
    delimiter = ";" if ";" in first else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise RateFileError(
            _("The CSV file could not be read: %(error)s.") % {"error": str(exc)}
        ) from exc
    numbered = [
        (n, cells) for n, cells in enumerate(records, start=1) if any(c.strip() for c in cells)
    ]
    header_number, header_cells = numbered[0]
    positions = _header(header_cells)
    # Rows may stop after the last required column (an empty optional one left out).
    width = max(positions[name] for name in COLUMNS) + 1
    target = reporting_currency()
    rows: list[RateRow] = []
    seen: dict[tuple[str, datetime.date], int] = {}
    for number, cells in numbered[1:]:
        row = RateRow(number=number)
        rows.append(row)
        if len(cells) < width or any(c.strip() for c in cells[len(header_cells) :]):
            row.errors.append(
                _(
                    "This row has %(count)s cells where the header has %(expected)s; check "
                    "the separators (a decimal comma needs “;” between the columns)."
                )
                % {"count": len(cells), "expected": len(header_cells)}
            )
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            index = positions.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        _parse_date(cell("date"), row)
        _parse_currency(cell("currency"), row, target)
        _parse_rate(cell("rate"), row, delimiter)
        row.source = formula_unquoted(cell("source"))[:200]
        if row.date and row.currency:
            key = (row.currency, row.date)
            if key in seen:
                row.errors.append(
                    _(
                        "Row %(row)s already gives the rate of %(currency)s on %(date)s: "
                        "each currency may appear once per date."
                    )
                    % {"row": seen[key], "currency": row.currency, "date": row.date.isoformat()}
                )
            else:
                seen[key] = number
    if not rows:
        raise RateFileError(_("The file has its header but no rates."))
    _mark_current(rows, target)
    return RateFile(rows=rows, delimiter=delimiter, had_bom=had_bom)


def _existing(rows: list[RateRow], target: str, *, lock: bool = False) -> dict[tuple, Any]:
    keys = {(row.currency, row.date) for row in rows if row.currency and row.date}
    if not keys:
        return {}
    currencies = {currency for currency, _day in keys}
    dates = [day for _currency, day in keys]
    queryset = ExchangeRate.objects.filter(
        reporting_currency=target,
        currency__in=currencies,
        date__gte=min(dates),  # type: ignore[type-var]
        date__lte=max(dates),  # type: ignore[type-var]
    )
    if lock:
        queryset = queryset.select_for_update()
    return {(r.currency, r.date): r for r in queryset if (r.currency, r.date) in keys}


def _mark_current(rows: list[RateRow], target: str) -> dict[tuple, Any]:
    existing = _existing(rows, target)
    for row in rows:
        found = existing.get((row.currency, row.date))
        row.current = found.rate if found is not None else None
    return existing


# --- Writing -------------------------------------------------------------------------------


def _ensure_manager(user: Any) -> None:
    if not can(user, "add", model=ExchangeRate):
        raise PermissionDenied


@transaction.atomic
def rates_import(*, user: Any, data: bytes, source: str = "") -> ImportResult:
    """Save every rate of the file, or none; then convert the contributions again.

    Rates of a day the table already holds are updated. Both new and updated rates keep
    their history (who imported them, and when). For each currency, the contributions
    valued on or after its earliest imported date are converted again.
    """
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    _ensure_manager(user)
    rate_file = rates_read(data)
    if not rate_file.ok:
        raise ImportRefused(rate_file)
    target = reporting_currency()
    existing = _existing(rate_file.rows, target, lock=True)
    now = timezone.now()
    reason = encode_reason(message(gettext_noop("Imported from a CSV file")))
    new: list[ExchangeRate] = []
    changed: list[ExchangeRate] = []
    unchanged = 0
    since: dict[str, datetime.date] = {}
    for row in rate_file.rows:
        assert row.date is not None and row.rate is not None
        found = existing.get((row.currency, row.date))
        row_source = row.source or source
        if found is None:
            new.append(
                ExchangeRate(
                    date=row.date,
                    currency=row.currency,
                    rate=row.rate,
                    reporting_currency=target,
                    source=row_source,
                    created_at=now,
                    updated_at=now,
                )
            )
        elif found.rate != row.rate or (row_source and found.source != row_source):
            found.rate = row.rate
            if row_source:
                found.source = row_source
            found.version += 1
            found.updated_at = now
            changed.append(found)
        else:
            unchanged += 1
            continue
        earliest = since.get(row.currency)
        if earliest is None or row.date < earliest:
            since[row.currency] = row.date
    if new:
        bulk_create_with_history(
            new, ExchangeRate, batch_size=500, default_user=user, default_change_reason=reason
        )
    if changed:
        bulk_update_with_history(
            changed,
            ExchangeRate,
            ["rate", "source", "version", "updated_at"],
            batch_size=500,
            default_user=user,
            default_change_reason=reason,
        )
    recomputed = sum(
        rates_changed(currency, day, user=user) for currency, day in sorted(since.items())
    )
    return ImportResult(
        added=len(new),
        updated=len(changed),
        unchanged=unchanged,
        recomputed=recomputed,
        currencies=rate_file.currencies,
    )


def template_csv() -> bytes:
    """The import template: the header row only, in UTF-8."""
    return b"date,currency,rate,source\r\n"


RATES_HEADER = ["date", "currency", "rate", "source"]


def rates_rows(queryset: Any) -> Iterator[list[Any]]:
    """Rates as rows in the import's own format, so the file can be edited and imported;
    read from the database a chunk at a time while the file is sent."""
    values = queryset.values_list("date", "currency", "rate", "source")
    for date, currency, rate, source in values.iterator(chunk_size=EXPORT_CHUNK):
        yield [date.isoformat(), currency, format_rate_plain(rate), source]


def rates_csv(queryset: Any) -> bytes:
    """Rates as a CSV file in the import's own format (UTF-8 without a BOM)."""
    return b"".join(csv_lines(RATES_HEADER, rates_rows(queryset), bom=False))


def format_rate_plain(rate: Decimal) -> str:
    """``0.0586`` rather than ``0.0586000000``; never in exponent notation."""
    text = f"{rate:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


# --- One rate at a time --------------------------------------------------------------------


@transaction.atomic
def rate_create(*, user: Any, data: Mapping[str, Any]) -> tuple[ExchangeRate, int]:
    """Add one rate; returns it and how many contributions were converted again."""
    values = {**data, "reporting_currency": reporting_currency()}
    rate = record_create(user=user, model=ExchangeRate, data=values)
    return rate, rates_changed(rate.currency, rate.date, user=user)


@transaction.atomic
def rate_update(
    *, user: Any, instance: ExchangeRate, data: Mapping[str, Any], version: int | None
) -> tuple[ExchangeRate, int]:
    """Change one rate; contributions of the old and the new currency and date follow."""
    before = (instance.currency, instance.date)
    rate = record_update(user=user, instance=instance, data=data, version=version)
    count = rates_changed(rate.currency, min(rate.date, before[1]), user=user)
    if before[0] != rate.currency:
        count += rates_changed(before[0], before[1], user=user)
    return rate, count


class RateInUse(ValidationError):
    """Deleting the rate would leave contributions with no rate to convert them.

    A validation error, so the page shows its message and the API answers 400 with it.
    """

    def __init__(self, count: int, currency: str) -> None:
        self.count = count
        self.currency = currency
        super().__init__(
            ngettext(
                "This rate was not deleted: %(count)s contribution is converted at it "
                "and %(currency)s has no earlier rate to take its place.",
                "This rate was not deleted: %(count)s contributions are converted at it "
                "and %(currency)s has no earlier rate to take its place.",
                count,
            )
            % {"count": count, "currency": currency},
            code="rate_in_use",
        )


@transaction.atomic
def rate_delete(*, user: Any, instance: ExchangeRate) -> int:
    """Delete one rate and convert its contributions at the rate before it.

    Refused with :class:`RateInUse` when contributions use this rate and no earlier rate
    of the currency exists to take its place.
    """
    earlier = ExchangeRate.objects.filter(
        currency=instance.currency,
        reporting_currency=instance.reporting_currency,
        date__lt=instance.date,
    ).exists()
    if not earlier:
        using = rate_users(instance.currency, instance.date)
        if using:
            raise RateInUse(using, instance.currency)
    currency, day = instance.currency, instance.date
    record_delete(user=user, instance=instance)
    return rates_changed(currency, day, user=user)
