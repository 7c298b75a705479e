"""One list of a model's fields, read by its form, its API, its detail page and its spreadsheets.

A field is named once, in the order the pages present it; its flags say where it is
left out (a many-to-many the detail page shows in a section of its own, a user the
spreadsheet cannot name). So a new field is added in one place and appears everywhere.

A text kept in both languages is named by its base (``translated=True``): the form,
the API and the spreadsheets carry its ``<name>_es`` and ``<name>_en`` columns, the
detail page the ``Translated`` descriptor (the reader's language, or the other one
marked "translation missing").

The API contract calls the field that scopes a record to a member state ``country``
(ISO alpha-2, upper case) on every country-scoped resource; the model's
``Access.country_path`` says which field that is, so the renaming is not written
again per serializer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("es", "en")
API_COUNTRY = "country"


@dataclass(frozen=True)
class FieldSpec:
    """One field and where it appears."""

    name: str
    translated: bool = False
    form: bool = True
    api: bool = True
    detail: bool = True
    spreadsheet: bool = True

    @property
    def columns(self) -> list[str]:
        """The model's columns behind the field: two for a text in both languages."""
        if self.translated:
            return [f"{self.name}_{code}" for code in LANGUAGES]
        return [self.name]


def F(name: str, **flags: bool) -> FieldSpec:  # noqa: N802 (reads as a declaration)
    """A field of a :class:`FieldList`, e.g. ``F("owner", spreadsheet=False)``."""
    return FieldSpec(name, **flags)


class FieldList:
    """A model's fields in presentation order; each consumer asks for its own names."""

    def __init__(self, *specs: FieldSpec) -> None:
        names = [spec.name for spec in specs]
        duplicates = {name for name in names if names.count(name) > 1}
        if duplicates:
            raise ValueError(f"fields named twice: {sorted(duplicates)}")
        self.specs = specs

    def __iter__(self) -> Iterator[FieldSpec]:
        return iter(self.specs)

    def _columns(self, where: str) -> list[str]:
        return [column for spec in self.specs if getattr(spec, where) for column in spec.columns]

    def form_names(self) -> list[str]:
        """The form's ``Meta.fields``."""
        return self._columns("form")

    def api_names(self, model: Any) -> list[str]:
        """The serializer's fields (without ``id``), with the record's ``country``.

        A record whose own field is its country (``member_state``) shows that field as
        ``country``; one that takes its country from a parent (``partner__member_state``)
        shows ``country`` after the parent.
        """
        names = self._columns("api")
        country_path = getattr(getattr(model, "access", None), "country_path", None)
        if not country_path:
            return names
        if country_path in names:
            return [API_COUNTRY if name == country_path else name for name in names]
        parent = country_path.split("__")[0]
        if parent in names:
            at = names.index(parent) + 1
            return [*names[:at], API_COUNTRY, *names[at:]]
        return [*names, API_COUNTRY]

    def detail_names(self) -> list[str]:
        """The facts the detail page lists: a bilingual text by its ``Translated`` name."""
        return [spec.name for spec in self.specs if spec.detail]

    def unnamed(self, model: Any) -> set[str]:
        """The fields a user can fill on ``model`` that this list does not name (a test
        asserts there are none, so a new model field is not forgotten)."""
        named = {column for spec in self.specs for column in spec.columns}
        opts = model._meta
        return {
            f.name
            for f in [*opts.concrete_fields, *opts.many_to_many]
            if f.editable and f.name not in {"id", "version", "created_at", "updated_at"}
        } - named

    def spreadsheet_names(self) -> list[str]:
        """The columns of the import template and of the export, in the same order."""
        return self._columns("spreadsheet")
