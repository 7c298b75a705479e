"""What an app tells the import wizard: its fields, its key, how a row is checked and written.

An app registers its :class:`Importer` from its ``AppConfig.ready()`` (core imports no
app); the wizard finds it by name. Every business rule stays in the app: ``check`` runs
the model's ``clean()`` and the app's service rules on each row, ``write`` writes the
checked rows in one transaction through the app's services.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

CREATE = "create"
UPDATE = "update"


@dataclass(frozen=True)
class ImportField:
    """A field a column may fill: its label and the other ways people title it."""

    name: str
    label: Any  # lazily translated
    synonyms: Sequence[Any] = ()  # lazily translated, or plain words of either language
    number: bool = False  # read by the wizard as an exact Decimal, in either convention
    required: bool = False


@dataclass
class InputRow:
    """One row of the file as the user mapped it: field name → cell (numbers as Decimal)."""

    number: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)  # found by the wizard (a bad number)


@dataclass
class CheckedRow:
    """One row as the app checked it."""

    number: int
    errors: list[str] = field(default_factory=list)
    action: str = CREATE  # or UPDATE, when the key names a record that exists
    shown: list[tuple[str, str]] = field(default_factory=list)  # accepted values, for the preview
    payload: dict[str, Any] = field(default_factory=dict)  # JSON: what ``write`` needs
    notes: list[str] = field(default_factory=list)  # warnings that do not refuse the row

    def add_error(self, message: str) -> None:
        """Each error once, however many checks find it."""
        if message not in self.errors:
            self.errors.append(message)


class ImportRefused(Exception):
    """Some rows are wrong (perhaps only now, at writing): nothing was saved."""

    def __init__(self, rows: list[CheckedRow]) -> None:
        super().__init__("import refused")
        self.rows = rows


@dataclass(frozen=True)
class Importer:
    """An app's import, as the wizard runs it."""

    name: str  # in the wizard's addresses: /imports/<name>/
    label: Any  # "Partners"
    fields: Callable[[], list[ImportField]]
    # check(user=, rows=[InputRow]) -> [CheckedRow]: every rule, for every row at once.
    check: Callable[..., list[CheckedRow]]
    # write(user=, payloads=[dict], progress=callable|None) -> (created, updated); raises
    # ImportRefused when a row is refused at writing; writes all rows or none.
    write: Callable[..., tuple[int, int]]
    may_import: Callable[[Any], bool]
    key_help: Any  # how a row finds the record it updates, for the user
    done_url: Callable[[], str]
    # enqueue(user=, path=, language=) -> address of its progress page, for large files
    background: Callable[..., str] | None = None
    background_rows: int = 2000
    # (label, address) of downloads the upload page offers (an empty template)
    links: Callable[[], list[tuple[Any, str]]] | None = None


_IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    _IMPORTERS[importer.name] = importer


def get(name: str) -> Importer | None:
    return _IMPORTERS.get(name)
