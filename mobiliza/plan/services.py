"""Load a coalition's configuration file: its members, strategy and plan of action.

:func:`coalition_load` reads the YAML file, checks all of it before writing
anything, then creates or updates every record by its code in one transaction.
The file's schema is described in ``docs/configuration.md``.

Rules that keep a repeated load harmless:

- records are matched by code (member states by ISO code, the coalition by acronym);
- a record is saved only when one of its values differs, so loading the same file
  twice writes nothing, not even a history row;
- the loader writes the keys the file states and only those: what users added in the
  application (representatives, web sites, other records) stays as it is;
- a record the file no longer names is never deleted, because a loaded configuration
  may already be referenced; the report counts those records instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from mobiliza.coalition.models import Coalition, MemberState, NationalBody
from mobiliza.plan.models import (
    Activity,
    Approach,
    ChecklistItem,
    EvaluationArea,
    EvaluationQuestion,
    FollowUpQuestion,
    Goal,
    Indicator,
    MobilizationStep,
    MonitoringEvidence,
    OperationalObjective,
    ProgrammaticDocument,
    ResourceCategory,
    ResourceKind,
    SourceType,
    StepAction,
    StrategicAxis,
)

if TYPE_CHECKING:
    from mobiliza.accounts.models import User

SCHEMA_VERSION = 1
LANGUAGES = ("es", "en")


class ConfigurationError(Exception):
    """The configuration file cannot be loaded as it is; nothing was written.

    ``problems`` lists each one as ``"<path in the file>: <what is wrong>"``.
    """

    def __init__(self, problems: list[str], *, source: str = "") -> None:
        self.problems = problems
        self.source = source
        super().__init__(self.message)

    @property
    def message(self) -> str:
        heading = _("The configuration file %(file)s was not loaded:") % {
            "file": self.source or "?"
        }
        return "\n".join([heading, *(f"  - {problem}" for problem in self.problems)])

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------- report


@dataclass
class ModelCounts:
    """What a load did to one kind of record."""

    model: type[models.Model]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_file: int = 0

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)


@dataclass
class LoadReport:
    """Counts of created, updated and unchanged records, per model, of one load."""

    source: str
    coalition: str = ""
    counts: dict[type[models.Model], ModelCounts] = field(default_factory=dict)

    def of(self, model: type[models.Model]) -> ModelCounts:
        if model not in self.counts:
            self.counts[model] = ModelCounts(model)
        return self.counts[model]

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    @property
    def not_in_file(self) -> int:
        return sum(c.not_in_file for c in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def as_text(self) -> str:
        headers = [_("record"), _("created"), _("updated"), _("unchanged"), _("not in file")]
        rows = [
            [c.label, str(c.created), str(c.updated), str(c.unchanged), str(c.not_in_file)]
            for c in self.counts.values()
        ]
        widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

        def line(cells: list[str]) -> str:
            first = cells[0].ljust(widths[0])
            rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
            return "  ".join([first, *rest])

        lines = [
            _("Loaded the configuration of %(coalition)s from %(file)s.")
            % {"coalition": self.coalition, "file": self.source},
            "",
            line(headers),
            *(line(row) for row in rows),
            "",
        ]
        if not self.changed:
            lines.append(_("Nothing changed: the database already held this configuration."))
        lines.append(
            _(
                "Records that the file no longer names are never deleted, because a loaded "
                "configuration may already be referenced (%(count)s kept)."
            )
            % {"count": self.not_in_file}
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.as_text()


# --------------------------------------------------------------------------- reading


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a mapping with the same key twice (YAML keeps the last)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,  # type: ignore[arg-type]
)


_MISSING = object()


class _Reader:
    """Checks values of the parsed file, collecting every problem with its path."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def mapping(self, value: Any, path: str, allowed: Iterable[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, _("a mapping (key: value) is expected"))
            return None
        unknown = sorted(str(k) for k in value if k not in set(allowed))
        if unknown:
            self.problem(
                path,
                _("unknown key(s) %(keys)s; allowed: %(allowed)s")
                % {"keys": ", ".join(unknown), "allowed": ", ".join(allowed)},
            )
        return value

    def items(
        self, data: dict[str, Any], key: str, path: str, *, required: bool, min_items: int = 0
    ) -> list[tuple[str, Any]]:
        here = f"{path}.{key}" if path else key
        if key not in data:
            if required:
                self.problem(here, _("required key missing"))
            return []
        value = data[key]
        if value is None:
            value = []
        if not isinstance(value, list):
            self.problem(here, _("a list is expected"))
            return []
        if len(value) < min_items:
            self.problem(here, _("at least %(count)s item(s) needed") % {"count": min_items})
        return [(f"{here}[{index}]", item) for index, item in enumerate(value)]

    def string(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        *,
        required: bool = False,
        max_length: int | None = None,
        pattern: str | None = None,
    ) -> Any:
        """The stripped text, "" for null, or ``_MISSING`` when the key is absent."""
        here = f"{path}.{key}"
        if key not in data:
            if required:
                self.problem(here, _("required key missing"))
            return _MISSING
        value = data[key]
        if value is None:
            value = ""
        if isinstance(value, bool) or isinstance(value, float):
            self.problem(here, _("a text is expected; write it in quotes"))
            return _MISSING
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            self.problem(here, _("a text is expected"))
            return _MISSING
        value = value.strip()
        if required and not value:
            self.problem(here, _("must not be empty"))
        elif max_length is not None and len(value) > max_length:
            self.problem(
                here,
                _("too long (%(length)s characters; at most %(max)s)")
                % {"length": len(value), "max": max_length},
            )
        elif pattern and value and not re.fullmatch(pattern, value):
            self.problem(here, _("%(value)r does not have the expected form") % {"value": value})
        return value

    def integer(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> Any:
        """The whole number, ``None`` for null, or ``_MISSING`` when the key is absent."""
        here = f"{path}.{key}"
        if key not in data:
            if required:
                self.problem(here, _("required key missing"))
            return _MISSING
        value = data[key]
        if value is None:
            if required:
                self.problem(here, _("must not be empty"))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(here, _("a whole number is expected"))
            return _MISSING
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.problem(
                here,
                _("%(value)s is out of range (%(min)s to %(max)s)")
                % {"value": value, "min": minimum, "max": maximum if maximum is not None else "…"},
            )
        return value

    def label(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        *,
        required: bool = False,
        model: type[models.Model] | None = None,
    ) -> dict[str, str] | None:
        """``{"<key>_es": ..., "<key>_en": ...}``; ``None`` when the key is absent.

        A label is a mapping with a Spanish text (``es``, the reference language) and
        optionally an English one (``en``). A label may be left empty (null, or both
        texts empty) only when it is optional: that is a gap of the source, kept as such.
        """
        here = f"{path}.{key}"
        if key not in data:
            if required:
                self.problem(here, _("required key missing"))
            return None
        value = data[key]
        texts = {"es": "", "en": ""}
        if value is None:
            if required:
                self.problem(here, _("must not be empty"))
            return {f"{key}_{code}": "" for code in LANGUAGES}
        if not isinstance(value, dict):
            self.problem(here, _("a label {es: ..., en: ...} is expected"))
            return None
        self.mapping(value, here, LANGUAGES)
        if "es" not in value:
            self.problem(here, _("a label needs its Spanish text (es)"))
        for code in LANGUAGES:
            text = value.get(code)
            if text is None:
                continue
            if not isinstance(text, str):
                self.problem(f"{here}.{code}", _("a text is expected; write it in quotes"))
                continue
            texts[code] = text.strip()
        if "es" in value and not texts["es"]:
            if required:
                self.problem(f"{here}.es", _("the Spanish text must not be empty"))
            elif texts["en"]:
                self.problem(
                    f"{here}.es",
                    _("the Spanish text is empty but the English one is not; Spanish is required"),
                )
        result = {f"{key}_{code}": texts[code] for code in LANGUAGES}
        if model is not None:
            for name, text in result.items():
                self.check_length(model, name, text, f"{here}.{name[-2:]}")
        return result

    def check_length(self, model: type[models.Model], name: str, value: Any, path: str) -> None:
        max_length = getattr(model._meta.get_field(name), "max_length", None)
        if isinstance(value, str) and max_length and len(value) > max_length:
            self.problem(
                path,
                _("too long (%(length)s characters; at most %(max)s)")
                % {"length": len(value), "max": max_length},
            )


# --------------------------------------------------------------------------- schema


@dataclass(frozen=True)
class _Field:
    """A key of a list item: a label, a text, a whole number or a reference by code."""

    key: str
    kind: str  # "label" | "string" | "integer" | "ref"
    required: bool = False
    target: str = ""  # for "ref": the top-level list whose code it names
    minimum: int | None = None


@dataclass(frozen=True)
class _List:
    """A list of the file and the model its items become."""

    key: str
    model: type[models.Model]
    fields: tuple[_Field, ...]
    parent: str = ""  # the foreign key to the enclosing item, for nested lists
    children: tuple[_List, ...] = ()
    code_key: str = "code"  # the checklist is keyed by its "number"
    required: bool = False
    min_items: int = 0

    @property
    def allowed(self) -> list[str]:
        keys = [] if self.code_key != "code" else ["code"]
        return keys + [f.key for f in self.fields] + [c.key for c in self.children]


def _label(key: str, required: bool = False) -> _Field:
    return _Field(key, "label", required)


def _text_list(key: str, model: type[models.Model], parent: str) -> _List:
    return _List(key, model, (_label("text", True),), parent=parent)


# The plan's lists, in the order they are written (a reference points backwards).
PLAN_LISTS: tuple[_List, ...] = (
    _List("approaches", Approach, (_label("name", True),)),
    _List(
        "programmatic_documents",
        ProgrammaticDocument,
        (_label("name", True), _Field("period", "string")),
    ),
    _List(
        "strategic_axes",
        StrategicAxis,
        (_label("name", True), _label("definition")),
        required=True,
        min_items=1,
    ),
    _List(
        "resource_kinds",
        ResourceKind,
        (_label("name", True),),
        children=(_List("categories", ResourceCategory, (_label("name", True),), parent="kind"),),
    ),
    _List(
        "source_types",
        SourceType,
        (_Field("section", "string"), _label("name", True), _label("description")),
    ),
    _List(
        "mobilization_steps",
        MobilizationStep,
        (
            _Field("number", "integer", required=True, minimum=1),
            _label("name", True),
            _label("description"),
        ),
        children=(_text_list("actions", StepAction, "step"),),
    ),
    _List(
        "plan_of_action",
        OperationalObjective,
        (
            _Field("axis", "ref", target="strategic_axes"),
            _label("text", True),
            _label("timeframe"),
        ),
        children=(
            _text_list("activities", Activity, "objective"),
            _text_list("goals", Goal, "objective"),
            _text_list("indicators", Indicator, "objective"),
        ),
    ),
    _List(
        "monitoring_evidence",
        MonitoringEvidence,
        (_Field("objective", "ref", target="plan_of_action"), _label("text", True)),
    ),
    _List("follow_up_questions", FollowUpQuestion, (_label("text", True),)),
    _List(
        "evaluation_areas",
        EvaluationArea,
        (_label("name", True),),
        children=(_text_list("questions", EvaluationQuestion, "area"),),
    ),
    _List(
        "project_checklist",
        ChecklistItem,
        (_Field("number", "integer", required=True, minimum=1), _label("text", True)),
        code_key="number",
    ),
)

COALITION_KEYS = ("acronym", "name", "vision", "mission", "reporting_currency")
MEMBER_STATE_KEYS = ("code", "name", "national_body")
NATIONAL_BODY_KEYS = (
    "name",
    "acronym",
    "legal_basis",
    "year_established",
    "chair",
    "member_institutions",
    "description",
)
TOP_LEVEL_KEYS = ("version", "coalition", "member_states", *(spec.key for spec in PLAN_LISTS))


# --------------------------------------------------------------------------- sections


@dataclass(frozen=True)
class SectionLoad:
    """What a section's loader is given: who loads, the history's reason, the report."""

    user: User | None
    reason: str
    report: LoadReport


SectionLoader = Callable[[Any, SectionLoad], None]
_SECTIONS: dict[str, SectionLoader] = {}


def load_section(name: str, loader: SectionLoader) -> None:
    """Register ``loader`` for the file's top-level key ``name``.

    An app above the plan (the portfolio's existing initiatives) loads a section of the
    coalition file this way: after the plan's own sections, in the same transaction,
    :func:`coalition_load` calls ``loader(value, SectionLoad(...))`` with the key's value
    when the file has it. The loader finds its records by code and saves only what
    differs, so loading twice changes nothing; it raises :class:`ConfigurationError`
    (and so nothing is written) when the section is wrong. Registered from the app's
    ``AppConfig.ready()``; registering a name again replaces its loader.
    """
    _SECTIONS[name] = loader


def section_names() -> tuple[str, ...]:
    return tuple(_SECTIONS)


@dataclass
class _Item:
    """One item of a list, checked: the values to write and the codes it refers to."""

    path: str
    code: str
    values: dict[str, Any]
    refs: dict[str, str | None] = field(default_factory=dict)  # field name -> code or None
    children: dict[str, list[_Item]] = field(default_factory=dict)


@dataclass
class _Configuration:
    coalition: dict[str, Any]
    member_states: list[tuple[_Item, dict[str, Any] | None]]
    plan: dict[str, list[_Item]]
    sections: dict[str, Any] = field(default_factory=dict)


def _read_code(
    reader: _Reader, data: dict[str, Any], path: str, spec: _List, values: dict[str, Any]
) -> str | None:
    """The item's code; the checklist's is its number, already read into ``values``."""
    if spec.code_key != "code":
        number = values.get(spec.code_key)
        return str(number) if isinstance(number, int) else None
    max_length = getattr(spec.model._meta.get_field("code"), "max_length", None)
    value = reader.string(data, "code", path, required=True, max_length=max_length)
    return value if isinstance(value, str) and value else None


def _read_list(reader: _Reader, data: dict[str, Any], path: str, spec: _List) -> list[_Item]:
    items: list[_Item] = []
    seen: dict[str, str] = {}
    entries = reader.items(data, spec.key, path, required=spec.required, min_items=spec.min_items)
    for position, (item_path, raw) in enumerate(entries, start=1):
        entry = reader.mapping(raw, item_path, spec.allowed)
        if entry is None:
            continue
        refs: dict[str, str | None] = {}
        values: dict[str, Any] = {"position": position}
        for f in spec.fields:
            if f.kind == "label":
                texts = reader.label(entry, f.key, item_path, required=f.required, model=spec.model)
                if texts is not None:
                    values.update(texts)
            elif f.kind == "string":
                max_length = getattr(spec.model._meta.get_field(f.key), "max_length", None)
                text = reader.string(
                    entry, f.key, item_path, required=f.required, max_length=max_length
                )
                if text is not _MISSING:
                    values[f.key] = text
            elif f.kind == "integer":
                number = reader.integer(
                    entry, f.key, item_path, required=f.required, minimum=f.minimum
                )
                if number is not _MISSING:
                    values[f.key] = number
            elif f.kind == "ref":
                target = reader.string(entry, f.key, item_path, required=f.required)
                if target is not _MISSING:
                    refs[f.key] = target or None
        code = _read_code(reader, entry, item_path, spec, values)
        if code is not None:
            if code in seen:
                reader.problem(
                    f"{item_path}.{spec.code_key}",
                    _("duplicate code %(code)r (already used at %(other)s)")
                    % {"code": code, "other": seen[code]},
                )
            seen[code] = item_path
        values["code"] = code or ""
        item = _Item(path=item_path, code=code or "", values=values, refs=refs)
        for child in spec.children:
            item.children[child.key] = _read_list(reader, entry, item_path, child)
        items.append(item)
    return items


def _read_coalition(reader: _Reader, document: dict[str, Any]) -> dict[str, Any]:
    if "coalition" not in document:
        reader.problem("coalition", _("required key missing"))
        return {}
    data = reader.mapping(document["coalition"], "coalition", COALITION_KEYS)
    if data is None:
        return {}
    values: dict[str, Any] = {}
    acronym = reader.string(data, "acronym", "coalition", required=True, max_length=30)
    if isinstance(acronym, str):
        values["acronym"] = acronym
    for key, required in (("name", True), ("vision", False), ("mission", False)):
        texts = reader.label(data, key, "coalition", required=required, model=Coalition)
        if texts is not None:
            values.update(texts)
    currency = reader.string(data, "reporting_currency", "coalition", pattern=r"[A-Z]{3}")
    if isinstance(currency, str) and currency:
        values["reporting_currency"] = currency
    return values


def _read_member_states(
    reader: _Reader, document: dict[str, Any]
) -> list[tuple[_Item, dict[str, Any] | None]]:
    result: list[tuple[_Item, dict[str, Any] | None]] = []
    seen: dict[str, str] = {}
    entries = reader.items(document, "member_states", "", required=True, min_items=1)
    for position, (path, raw) in enumerate(entries, start=1):
        data = reader.mapping(raw, path, MEMBER_STATE_KEYS)
        if data is None:
            continue
        code = reader.string(data, "code", path, required=True, pattern=r"[A-Z]{2}")
        if isinstance(code, str) and code:
            if code in seen:
                reader.problem(
                    f"{path}.code",
                    _("duplicate code %(code)r (already used at %(other)s)")
                    % {"code": code, "other": seen[code]},
                )
            seen[code] = path
        values: dict[str, Any] = {
            "code": code if isinstance(code, str) else "",
            "position": position,
        }
        texts = reader.label(data, "name", path, required=True, model=MemberState)
        if texts is not None:
            values.update(texts)
        body = _read_national_body(reader, data, path)
        result.append((_Item(path=path, code=values["code"], values=values), body))
    return result


def _read_national_body(reader: _Reader, data: dict[str, Any], path: str) -> dict[str, Any] | None:
    if data.get("national_body") is None:
        return None
    here = f"{path}.national_body"
    body = reader.mapping(data["national_body"], here, NATIONAL_BODY_KEYS)
    if body is None:
        return None
    values: dict[str, Any] = {}
    for key in ("name", "legal_basis", "chair", "description"):
        texts = reader.label(body, key, here, required=key == "name", model=NationalBody)
        if texts is not None:
            values.update(texts)
    acronym = reader.string(body, "acronym", here, max_length=30)
    if acronym is not _MISSING:
        values["acronym"] = acronym
    year = reader.integer(body, "year_established", here, minimum=1900, maximum=2100)
    if year is not _MISSING:
        values["year_established"] = year
    members = reader.integer(body, "member_institutions", here, minimum=0)
    if members is not _MISSING:
        values["member_institutions"] = members
    return values


def _check_references(reader: _Reader, plan: dict[str, list[_Item]]) -> None:
    codes = {key: {item.code for item in items} for key, items in plan.items()}
    for spec in PLAN_LISTS:
        for f in spec.fields:
            if f.kind != "ref":
                continue
            for item in plan[spec.key]:
                target = item.refs.get(f.key)
                if target is not None and target not in codes[f.target]:
                    reader.problem(
                        f"{item.path}.{f.key}",
                        _("%(code)r is not a code of %(list)s")
                        % {"code": target, "list": f.target},
                    )


def _parse(path: Path) -> _Configuration:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ConfigurationError([_("file not found")], source=source) from error
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError([str(error)], source=source) from error
    try:
        document = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise ConfigurationError(
            [_("not valid YAML: %(error)s") % {"error": error}], source=source
        ) from error

    reader = _Reader()
    if not isinstance(document, dict):
        raise ConfigurationError([_("the file must hold a mapping of keys")], source=source)
    reader.mapping(document, "(top level)", (*TOP_LEVEL_KEYS, *section_names()))
    version = document.get("version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        reader.problem(
            "version",
            _("schema version %(version)r is not supported (expected %(expected)s)")
            % {"version": version, "expected": SCHEMA_VERSION},
        )
    coalition = _read_coalition(reader, document)
    member_states = _read_member_states(reader, document)
    plan = {spec.key: _read_list(reader, document, "", spec) for spec in PLAN_LISTS}
    _check_references(reader, plan)
    if reader.problems:
        raise ConfigurationError(reader.problems, source=source)
    sections = {name: document[name] for name in section_names() if name in document}
    return _Configuration(
        coalition=coalition, member_states=member_states, plan=plan, sections=sections
    )


# --------------------------------------------------------------------------- writing


class _Writer:
    """Creates or updates records, saving only what differs, and counts what it did."""

    def __init__(self, *, user: User | None, reason: str, report: LoadReport) -> None:
        self.user = user
        self.reason = reason
        self.report = report
        self.seen: dict[type[models.Model], set[int]] = {}

    def upsert(
        self,
        model: type[models.Model],
        existing: dict[Any, Any],
        key: Any,
        values: dict[str, Any],
        path: str,
    ) -> Any:
        counts = self.report.of(model)
        obj = existing.get(key)
        if obj is None:
            obj = model(**values)
            self._save(obj, path)
            existing[key] = obj
            counts.created += 1
        else:
            changed = {name: v for name, v in values.items() if getattr(obj, name) != v}
            if changed:
                for name, value in changed.items():
                    setattr(obj, name, value)
                if hasattr(obj, "version"):
                    obj.version += 1
                self._save(obj, path)
                counts.updated += 1
            else:
                counts.unchanged += 1
        self.seen.setdefault(model, set()).add(obj.pk)
        return obj

    def _save(self, obj: models.Model, path: str) -> None:
        relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
        try:
            # Foreign keys point at rows this load has just written; uniqueness was
            # checked on the file. Skipping both avoids a query per record.
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            messages = [
                f"{path}.{name}: {'; '.join(errs)}" for name, errs in error.message_dict.items()
            ]
            raise ConfigurationError(messages, source=self.report.source) from error
        obj._history_user = self.user  # type: ignore[attr-defined]
        obj._change_reason = self.reason  # type: ignore[attr-defined]
        obj.save()

    def finish(self, models_in_order: Iterable[type[models.Model]]) -> None:
        for model in models_in_order:
            counts = self.report.of(model)
            seen = self.seen.get(model, set())
            counts.not_in_file = model._default_manager.exclude(pk__in=seen).count()


def _write_coalition(writer: _Writer, values: dict[str, Any]) -> Coalition:
    acronym = values["acronym"]
    others = list(Coalition.objects.exclude(acronym=acronym).values_list("acronym", flat=True))
    if others:
        raise ConfigurationError(
            [
                "coalition.acronym: "
                + _(
                    "this installation already serves %(other)s; a coalition %(acronym)s "
                    "needs its own database (or change the acronym of %(other)s first)"
                )
                % {"other": ", ".join(others), "acronym": acronym}
            ],
            source=writer.report.source,
        )
    existing = {c.acronym: c for c in Coalition.objects.filter(acronym=acronym)}
    return writer.upsert(Coalition, existing, acronym, values, "coalition")


def _write_member_states(
    writer: _Writer, entries: list[tuple[_Item, dict[str, Any] | None]]
) -> None:
    states = {s.code: s for s in MemberState.objects.all()}
    bodies = {b.member_state_id: b for b in NationalBody.objects.all()}
    for item, body in entries:
        state = writer.upsert(MemberState, states, item.code, item.values, item.path)
        if body is not None:
            writer.upsert(
                NationalBody,
                bodies,
                state.pk,
                {"member_state_id": state.pk, **body},
                f"{item.path}.national_body",
            )


def _write_list(
    writer: _Writer,
    spec: _List,
    items: list[_Item],
    *,
    written: dict[str, dict[str, Any]],
    existing: dict[type[models.Model], dict[Any, Any]],
    parent: models.Model | None = None,
) -> None:
    model = spec.model
    if model not in existing:
        if spec.parent:
            parent_id = f"{spec.parent}_id"
            existing[model] = {
                (getattr(obj, parent_id), obj.code): obj  # type: ignore[attr-defined]
                for obj in model._default_manager.all()
            }
        else:
            existing[model] = {obj.code: obj for obj in model._default_manager.all()}  # type: ignore[attr-defined]
    for item in items:
        values = dict(item.values)
        if spec.parent:
            assert parent is not None
            values[f"{spec.parent}_id"] = parent.pk
            key: Any = (parent.pk, item.code)
        else:
            key = item.code
        for f in spec.fields:
            if f.kind == "ref" and f.key in item.refs:
                target = item.refs[f.key]
                values[f"{f.key}_id"] = written[f.target][target].pk if target else None
        obj = writer.upsert(model, existing[model], key, values, item.path)
        if not spec.parent:
            written.setdefault(spec.key, {})[item.code] = obj
        for child in spec.children:
            _write_list(
                writer,
                child,
                item.children[child.key],
                written=written,
                existing=existing,
                parent=obj,
            )


def _models_of(specs: Iterable[_List]) -> list[type[models.Model]]:
    result: list[type[models.Model]] = []
    for spec in specs:
        result.append(spec.model)
        result.extend(_models_of(spec.children))
    return result


def coalition_load(*, path: str | Path, user: User | None = None) -> LoadReport:
    """Load the coalition configuration file at ``path`` on behalf of ``user``.

    Raises :class:`ConfigurationError`, having written nothing, when the file is
    missing, is not valid YAML, lacks a required key, has a label without its
    Spanish text, repeats a code or names an unknown code.
    """
    path = Path(path)
    configuration = _parse(path)
    report = LoadReport(source=str(path), coalition=configuration.coalition["acronym"])
    writer = _Writer(user=user, reason=f"load_coalition {path.name}", report=report)
    all_models: list[type[models.Model]] = [
        Coalition,
        MemberState,
        NationalBody,
        *_models_of(PLAN_LISTS),
    ]
    for model in all_models:
        report.of(model)  # the report lists every model, in this order
    with transaction.atomic():
        _write_coalition(writer, configuration.coalition)
        _write_member_states(writer, configuration.member_states)
        written: dict[str, dict[str, Any]] = {}
        existing: dict[type[models.Model], dict[Any, Any]] = {}
        for spec in PLAN_LISTS:
            _write_list(
                writer, spec, configuration.plan[spec.key], written=written, existing=existing
            )
        writer.finish(all_models)
        section = SectionLoad(user=user, reason=writer.reason, report=report)
        for name, loader in _SECTIONS.items():
            if name in configuration.sections:
                loader(configuration.sections[name], section)
    return report
