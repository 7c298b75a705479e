"""What the matching reads: the facts of projects and partners, in a fixed number of queries.

:func:`project_facts` and :func:`partner_facts` read many records at once (each relation
through its link table, in one query), so ranking 500 partners for a project, or every
project for a partner, reads the same number of queries as ranking five. The scoring itself
(:mod:`.scoring`) reads nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models

from mobiliza.agreements.models import Agreement, Contribution
from mobiliza.coalition.models import MemberState
from mobiliza.core.money import (
    MissingRate,
    fixed_peg,
    multiply_exact,
    reporting_currency,
    round_to_currency,
)
from mobiliza.core.permissions import restrict
from mobiliza.directory.models import DirectoryTerm, FundingCall, Partner
from mobiliza.plan.models import StrategicAxis
from mobiliza.portfolio.choices import Scope
from mobiliza.portfolio.models import Project


class Rates:
    """The rates to the reporting currency in force on a date, read in two queries
    whatever the length of the rate table, to convert many amounts at that date."""

    def __init__(self) -> None:
        self.target = reporting_currency()
        self._on: dict[datetime.date, dict[str, Decimal]] = {}

    def _in_force(self, on: datetime.date) -> dict[str, Decimal]:
        """Each currency's latest rate on or before ``on``."""
        if on not in self._on:
            from django.db.models import Max, Q

            from mobiliza.core.models import ExchangeRate

            rates = ExchangeRate.objects.filter(reporting_currency=self.target, date__lte=on)
            latest = rates.values("currency").annotate(latest=Max("date"))
            wanted = Q(pk__in=[])
            for row in latest:
                wanted |= Q(currency=row["currency"], date=row["latest"])
            self._on[on] = dict(rates.filter(wanted).values_list("currency", "rate"))
        return self._on[on]

    def convert(self, amount: Decimal, currency: str, on: datetime.date) -> Decimal:
        """``amount`` of ``currency`` in the reporting currency at the rate of ``on``
        (or the latest before); :class:`MissingRate` when there is none."""
        if currency == self.target:
            return amount
        rate = fixed_peg(currency)
        if rate is None:
            rate = self._in_force(on).get(currency)
            if rate is None:
                raise MissingRate(currency, on)
        return round_to_currency(multiply_exact(Decimal(amount), rate), self.target)


@dataclass
class Terms:
    """Chart 2's terms, the axes and the member states, by id (for reasons' names)."""

    terms: dict[int, DirectoryTerm]
    axes: dict[int, StrategicAxis]
    states: dict[str, MemberState]  # by ISO code

    def term_names(self, ids: Iterable[int]) -> str:
        found = sorted((self.terms[i] for i in ids if i in self.terms), key=_term_order)
        return ", ".join(str(t.name) for t in found)

    def axis_names(self, ids: Iterable[int]) -> str:
        found = sorted((self.axes[i] for i in ids if i in self.axes), key=lambda a: a.pk)
        return ", ".join(str(a.name) for a in found)

    def state_names(self, codes: Iterable[str]) -> str:
        known = [self.states[c] for c in codes if c in self.states]
        found = sorted(known, key=lambda s: (s.position, s.code))
        others = sorted(c for c in codes if c not in self.states)
        return ", ".join([str(s.name) for s in found] + others)

    def area_codes(self) -> dict[str, int]:
        return {t.code: t.pk for t in self.terms.values() if t.kind == "area"}


def _term_order(term: DirectoryTerm) -> tuple[str, int]:
    return (term.kind, term.position)


def read_terms() -> Terms:
    """Three queries."""
    return Terms(
        terms={t.pk: t for t in DirectoryTerm.objects.all()},
        axes={a.pk: a for a in StrategicAxis.objects.all()},
        states={s.code.upper(): s for s in MemberState.objects.all()},
    )


@dataclass
class ProjectFacts:
    project: Project
    area_ids: set[int]
    kind_ids: set[int]
    axis_ids: set[int]
    # ISO codes of the member states it runs in; for a regional project naming none, every
    # member state of the coalition.
    countries: set[str]
    whole_region: bool
    languages: set[str]
    text: str  # every narrative field in both languages, for the suggested areas
    suggested_area_ids: set[int] = field(default_factory=set)


@dataclass
class CallFacts:
    call: FundingCall
    area_ids: set[int]
    countries: set[str]


@dataclass
class PartnerFacts:
    partner: Partner
    area_ids: set[int]
    kind_ids: set[int]
    axis_ids: set[int]
    countries: set[str]
    languages: set[str]
    calls: list[CallFacts]
    # (axis ids, area ids, project id or None) of each past agreement and contribution
    agreements: list[tuple[frozenset[int], frozenset[int], int | None]]
    contributions: list[tuple[frozenset[int], frozenset[int], int | None]]


TEXT_FIELDS = (
    "name",
    "description",
    "justification",
    "general_objective",
    "specific_objectives",
    "expected_outcome",
    "expected_products",
    "beneficiaries",
)


def _pairs(through: Any, owner: str, other: str, owners: Any) -> dict[int, set[Any]]:
    found: dict[int, set[Any]] = defaultdict(set)
    for owner_id, other_id in through.objects.filter(**{f"{owner}__in": owners}).values_list(
        f"{owner}_id", other
    ):
        found[owner_id].add(other_id)
    return found


def project_facts(projects: models.QuerySet, all_codes: set[str]) -> list[ProjectFacts]:
    """The facts of ``projects``: five queries, whatever their number."""
    rows = list(projects.select_related("member_state"))
    ids = [p.pk for p in rows]
    areas = _pairs(Project.areas.through, "project", "directoryterm_id", ids)
    kinds = _pairs(Project.kinds_sought.through, "project", "directoryterm_id", ids)
    axes = _pairs(Project.axes.through, "project", "strategicaxis_id", ids)
    states = _pairs(Project.member_states.through, "project", "memberstate__code", ids)
    facts = []
    for project in rows:
        if project.scope == Scope.NATIONAL:
            countries = {project.member_state.code.upper()} if project.member_state else set()
        else:
            countries = {c.upper() for c in states.get(project.pk, set())}
        whole_region = project.scope == Scope.REGIONAL and not countries
        languages = {
            code
            for code in ("es", "en")
            if getattr(project, f"description_{code}") or getattr(project, f"name_{code}")
        }
        # A project described in one language only is written in that one, whatever its
        # name says (a name is required in Spanish).
        described = {c for c in ("es", "en") if getattr(project, f"description_{c}")}
        text = " ".join(
            getattr(project, f"{name}_{code}") or ""
            for name in TEXT_FIELDS
            for code in ("es", "en")
        )
        facts.append(
            ProjectFacts(
                project=project,
                area_ids=areas.get(project.pk, set()),
                kind_ids=kinds.get(project.pk, set()),
                axis_ids=axes.get(project.pk, set()),
                countries=set(all_codes) if whole_region else countries,
                whole_region=whole_region,
                languages=described or languages,
                text=text,
            )
        )
    return facts


def _relation(model: type[models.Model], name: str) -> bool:
    try:
        return bool(model._meta.get_field(name).is_relation)
    except Exception:  # noqa: BLE001 - a field another part adds may be absent
        return False


def partner_facts(partners: models.QuerySet, user: Any) -> list[PartnerFacts]:
    """The facts of ``partners`` (already limited to what ``user`` may see): their areas,
    kinds, axes, calls (those ``user`` may see) and past agreements and contributions.
    Eleven queries at most, whatever their number."""
    rows = list(partners.select_related(None).order_by("name_es", "pk"))
    ids = [p.pk for p in rows]
    areas = _pairs(Partner.areas.through, "partner", "directoryterm_id", ids)
    kinds = _pairs(Partner.contribution_kinds.through, "partner", "directoryterm_id", ids)
    axes = _pairs(Partner.axes.through, "partner", "strategicaxis_id", ids)
    calls = list(restrict(FundingCall.objects.filter(partner__in=ids), user, "view"))
    call_ids = [c.pk for c in calls]
    call_areas = _pairs(FundingCall.areas.through, "fundingcall", "directoryterm_id", call_ids)
    call_states = _pairs(
        FundingCall.eligible_countries.through, "fundingcall", "memberstate__code", call_ids
    )
    calls_of: dict[int, list[CallFacts]] = defaultdict(list)
    for call in sorted(calls, key=lambda c: (c.closes_on or datetime.date.max, c.pk)):
        calls_of[call.partner_id].append(
            CallFacts(
                call=call,
                area_ids=call_areas.get(call.pk, set()),
                countries={c.upper() for c in call_states.get(call.pk, set())},
            )
        )
    agreements_of, contributions_of = _track_record(ids, user)
    facts = []
    for partner in rows:
        facts.append(
            PartnerFacts(
                partner=partner,
                area_ids=areas.get(partner.pk, set()),
                kind_ids=kinds.get(partner.pk, set()),
                axis_ids=axes.get(partner.pk, set()),
                countries={c.code.upper() for c in partner.countries},
                languages={
                    c.strip() for c in (partner.proposal_languages or "").split(",") if c.strip()
                },
                calls=calls_of.get(partner.pk, []),
                agreements=agreements_of.get(partner.pk, []),
                contributions=contributions_of.get(partner.pk, []),
            )
        )
    return facts


Record = tuple[frozenset[int], frozenset[int], int | None]


def _track_record(
    partner_ids: list[int], user: Any
) -> tuple[dict[int, list[Record]], dict[int, list[Record]]]:
    """Each partner's agreements and contributions the reader may see, with the axes and
    areas of what they were for (the agreement's axes; the linked project's axes and areas
    when agreements or contributions point to projects). Four queries at most."""
    agreements = restrict(Agreement.objects.filter(partner__in=partner_ids), user, "view")
    linked = _relation(Agreement, "project")
    fields = ["pk", "partner_id"] + (["project_id"] if linked else [])
    agreement_rows = list(agreements.values_list(*fields))
    agreement_axes = _pairs(
        Agreement.axes.through, "agreement", "strategicaxis_id", [r[0] for r in agreement_rows]
    )
    contribution_linked = _relation(Contribution, "project")
    contributions = restrict(
        Contribution.objects.filter(partner__in=partner_ids), user, "view"
    ).values_list("partner_id", "agreement_id", *(["project_id"] if contribution_linked else []))
    contribution_rows = list(contributions)
    project_ids = {r[2] for r in agreement_rows if linked and r[2]} | {
        r[2] for r in contribution_rows if contribution_linked and r[2]
    }
    project_axes = _pairs(Project.axes.through, "project", "strategicaxis_id", project_ids)
    project_areas = _pairs(Project.areas.through, "project", "directoryterm_id", project_ids)

    def record(axis_ids: set[int], project_id: int | None) -> Record:
        axis_ids = set(axis_ids)
        areas: set[int] = set()
        if project_id:
            axis_ids |= project_axes.get(project_id, set())
            areas = project_areas.get(project_id, set())
        return frozenset(axis_ids), frozenset(areas), project_id

    agreements_of: dict[int, list[Record]] = defaultdict(list)
    axes_of_agreement: dict[int, set[int]] = {}
    for row in agreement_rows:
        pk, partner_id = row[0], row[1]
        project_id = row[2] if linked else None
        axes_of_agreement[pk] = agreement_axes.get(pk, set())
        agreements_of[partner_id].append(record(axes_of_agreement[pk], project_id))
    contributions_of: dict[int, list[Record]] = defaultdict(list)
    for row in contribution_rows:
        partner_id, agreement_id = row[0], row[1]
        project_id = row[2] if contribution_linked else None
        contributions_of[partner_id].append(
            record(axes_of_agreement.get(agreement_id, set()), project_id)
        )
    return agreements_of, contributions_of


def visible_partners(user: Any) -> models.QuerySet:
    return restrict(Partner.objects.all(), user, "view")


def visible_projects(user: Any) -> models.QuerySet:
    return restrict(Project.objects.all(), user, "view")
