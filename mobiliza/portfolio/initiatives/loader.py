"""The existing initiatives of section 1.2, loaded from the coalition file's
``existing_initiatives:`` section (registered with :func:`mobiliza.plan.services.load_section`).

The section holds ``partners`` (each found in the directory by its acronym, one of its
other names or its name, and created as a prospect when missing) and ``initiatives``
(projects of kind "initiative", found again by their ``code``). As the rest of the
coalition file: a record is saved only when a value the file states differs, so loading
twice changes nothing; the state is the file's only when the initiative is created (the
lifecycle moves it afterwards); nothing the file no longer names is deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mobiliza.coalition.models import MemberState
from mobiliza.directory.choices import RelationshipStatus
from mobiliza.directory.models import Partner
from mobiliza.plan.services import ConfigurationError, SectionLoad, load_section
from mobiliza.portfolio.choices import ProjectKind, ProjectState, Scope
from mobiliza.portfolio.initiatives.similarity import fold

SECTION = "existing_initiatives"
PARTNER_KEYS = ("code", "acronym", "also", "name")
INITIATIVE_KEYS = (
    "code",
    "name",
    "description",
    "state",
    "scope",
    "country",
    "executing",
    "partners",
)
CODE = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass
class _PartnerEntry:
    code: str
    acronym: str
    also: list[str]
    name_es: str
    name_en: str

    @property
    def keys(self) -> list[str]:
        return [fold(k) for k in (self.acronym, *self.also, self.name_es, self.name_en) if fold(k)]


def _label(problems: list[str], data: dict, key: str, path: str, *, required: bool) -> dict:
    value = data.get(key)
    if value is None:
        if required:
            problems.append(f"{path}.{key}: " + _("required key missing"))
        return {"es": "", "en": ""}
    if not isinstance(value, dict) or not isinstance(value.get("es", ""), str):
        problems.append(f"{path}.{key}: " + _("a label {es: ..., en: ...} is expected"))
        return {"es": "", "en": ""}
    texts = {code: str(value.get(code) or "").strip() for code in ("es", "en")}
    if required and not texts["es"]:
        problems.append(f"{path}.{key}.es: " + _("the Spanish text must not be empty"))
    return texts


def _read(value: Any, source: str) -> tuple[list[_PartnerEntry], list[dict[str, Any]]]:
    problems: list[str] = []
    if not isinstance(value, dict) or set(value) - {"partners", "initiatives"}:
        raise ConfigurationError(
            [SECTION + ": " + _("a mapping with the keys partners and initiatives is expected")],
            source=source,
        )
    partners: list[_PartnerEntry] = []
    for index, raw in enumerate(value.get("partners") or []):
        path = f"{SECTION}.partners[{index}]"
        if not isinstance(raw, dict) or set(raw) - set(PARTNER_KEYS):
            problems.append(
                path + ": " + _("allowed keys: %(allowed)s") % {"allowed": ", ".join(PARTNER_KEYS)}
            )
            continue
        name = _label(problems, raw, "name", path, required=True)
        also = raw.get("also") or []
        partners.append(
            _PartnerEntry(
                code=str(raw.get("code") or ""),
                acronym=str(raw.get("acronym") or "").strip(),
                also=[str(a) for a in also] if isinstance(also, list) else [],
                name_es=name["es"],
                name_en=name["en"],
            )
        )
    partner_codes = {p.code for p in partners}
    initiatives: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, raw in enumerate(value.get("initiatives") or []):
        path = f"{SECTION}.initiatives[{index}]"
        if not isinstance(raw, dict) or set(raw) - set(INITIATIVE_KEYS):
            problems.append(
                path
                + ": "
                + _("allowed keys: %(allowed)s") % {"allowed": ", ".join(INITIATIVE_KEYS)}
            )
            continue
        code = str(raw.get("code") or "")
        if not CODE.fullmatch(code):
            problems.append(f"{path}.code: " + _("a code of lower-case letters, digits and -"))
        elif code in seen:
            problems.append(f"{path}.code: " + _("duplicate code %(code)r") % {"code": code})
        seen.add(code)
        if raw.get("state", ProjectState.IN_EXECUTION) not in ProjectState.values:
            problems.append(f"{path}.state: " + _("not a state of a project"))
        if raw.get("scope", Scope.REGIONAL) not in Scope.values:
            problems.append(f"{path}.scope: " + _("national or regional"))
        named = [raw.get("executing"), *(raw.get("partners") or [])]
        for other in named:
            if other is not None and other not in partner_codes:
                problems.append(
                    f"{path}: "
                    + _("%(code)r is not a code of %(list)s")
                    % {"code": other, "list": f"{SECTION}.partners"}
                )
        initiatives.append(
            {
                "path": path,
                "code": code,
                "name": _label(problems, raw, "name", path, required=True),
                "description": _label(problems, raw, "description", path, required=False),
                "state": raw.get("state", ProjectState.IN_EXECUTION),
                "scope": raw.get("scope", Scope.REGIONAL),
                "country": raw.get("country"),
                "executing": raw.get("executing"),
                "partners": list(raw.get("partners") or []),
            }
        )
    if problems:
        raise ConfigurationError(problems, source=source)
    return partners, initiatives


def _save(obj: Any, load: SectionLoad, path: str) -> None:
    derive = getattr(obj, "compute_derived", None)
    if callable(derive):
        derive()
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ConfigurationError(
            [f"{path}.{name}: {'; '.join(errs)}" for name, errs in error.message_dict.items()],
            source=load.report.source,
        ) from error
    obj._history_user = load.user
    obj._change_reason = load.reason
    obj.save()


def _partners(entries: list[_PartnerEntry], load: SectionLoad) -> dict[str, Partner]:
    """The directory's partner for each entry's code, created as a prospect when missing."""
    index: dict[str, Partner] = {}
    for known in Partner.objects.order_by("pk").only("pk", "acronym", "name_es", "name_en"):
        for key in (known.acronym, known.name_es, known.name_en):
            if fold(key):
                index.setdefault(fold(key), known)
    counts = load.report.of(Partner)
    found: dict[str, Partner] = {}
    for position, entry in enumerate(entries):
        partner: Partner | None = next((index[k] for k in entry.keys if k in index), None)
        if partner is None:
            partner = Partner(
                name_es=entry.name_es,
                name_en=entry.name_en,
                acronym=entry.acronym,
                status=RelationshipStatus.PROSPECT,
            )
            _save(partner, load, f"{SECTION}.partners[{position}]")
            counts.created += 1
            for key in entry.keys:
                index.setdefault(key, partner)
        else:
            counts.unchanged += 1
        found[entry.code] = partner
    return found


def initiatives_load(value: Any, load: SectionLoad) -> None:
    """Load the ``existing_initiatives`` section (see the module's docstring)."""
    from mobiliza.portfolio.models import Project

    entries, initiatives = _read(value, load.report.source)
    partners = _partners(entries, load)
    states = {s.code: s for s in MemberState.objects.all()}
    existing = {
        p.code: p
        for p in Project.objects.filter(code__in=[i["code"] for i in initiatives]).prefetch_related(
            "partners"
        )
    }
    counts = load.report.of(Project)
    for item in initiatives:
        country = states.get(item["country"]) if item["country"] else None
        if item["country"] and country is None:
            raise ConfigurationError(
                [f"{item['path']}.country: " + _("not a member state's code")],
                source=load.report.source,
            )
        executing = partners.get(item["executing"]) if item["executing"] else None
        values = {
            "kind": ProjectKind.INITIATIVE,
            "name_es": item["name"]["es"],
            "name_en": item["name"]["en"],
            "description_es": item["description"]["es"],
            "description_en": item["description"]["en"],
            "scope": item["scope"],
            "member_state_id": country.pk if country and item["scope"] == Scope.NATIONAL else None,
            "executing_partner_id": executing.pk if executing else None,
        }
        wanted = {partners[code].pk for code in item["partners"]}
        project = existing.get(item["code"])
        if project is None:
            project = Project(code=item["code"], state=item["state"], **values)
            _save(project, load, item["path"])
            project.partners.set(wanted)
            counts.created += 1
            continue
        changed = {k: v for k, v in values.items() if getattr(project, k) != v}
        if changed:
            for name, v in changed.items():
                setattr(project, name, v)
            project.version += 1
            _save(project, load, item["path"])
        if {p.pk for p in project.partners.all()} != wanted:
            project.partners.set(wanted)
            changed["partners"] = wanted
        if changed:
            counts.updated += 1
        else:
            counts.unchanged += 1


load_section(SECTION, initiatives_load)
