"""The partners that fit a project, with reasons (item 9 of the portfolio; docs/matching.md).

Each partner gets a score in [0, 1]: the weighted sum of the credits (0 to 1) of eight
components (:data:`WEIGHTS`). A partner that cannot fit the project (no work area in
common, none of its countries, none of the kinds sought, or only closed calls when it
funds only through calls) is marked ``fits=False`` with the reason and sorted after every
partner that fits, never left out. The method is deterministic: the same records and date
give the same order (ties broken by the partner's Spanish name and id).

Reasons are written in the active language, so the caller ranks inside the reader's one.
The reading is in :mod:`.selectors`; nothing here touches the database.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from mobiliza.core.formatting import format_amount
from mobiliza.core.money import MissingRate
from mobiliza.directory.choices import ProposalLanguage, RelationshipStatus
from mobiliza.directory.search import normalise
from mobiliza.portfolio.matching.selectors import (
    CallFacts,
    PartnerFacts,
    ProjectFacts,
    Rates,
    Terms,
    partner_facts,
    project_facts,
    read_terms,
)

# The components and their weights (they add up to 100; docs/matching.md explains each).
WEIGHTS: dict[str, int] = {
    "areas": 25,
    "axes": 15,
    "countries": 15,
    "kinds": 15,
    "amount": 10,
    "calls": 10,
    "languages": 5,
    "record": 5,
}
# The credit of a component the records say nothing about (neither for nor against).
UNKNOWN = Decimal("0.5")
# The credit of a partner with no countries recorded, taken to work across the region, for
# a project in named member states: it may work there, but no presence there is recorded.
COVERS_ALL = Decimal("0.6")
# The languages the coalition writes its technical sheets in (appendix 8.3).
WORKING_LANGUAGES = frozenset({"es", "en"})

# Words that suggest each area of Chart 2 in a project's text, in Spanish and English,
# written without accents and in lower case (the text is normalised so). Each is matched
# at the start of a word: "capacit" finds "capacitación" and "capacitar".
AREA_KEYWORDS: dict[str, tuple[str, ...]] = {
    "trafficking": (
        "trata de personas",
        "trata de mujeres",
        "trata de ninas",
        "victimas de trata",
        "trafficking in persons",
        "trafficking in human beings",
        "human trafficking",
        "trafficked",
        "trafficking victims",
        "victims of trafficking",
        "explotacion sexual",
        "explotacion laboral",
        "sexual exploitation",
        "labour exploitation",
        "labor exploitation",
        "trabajo forzoso",
        "forced labour",
        "forced labor",
    ),
    "smuggling": (
        "trafico ilicito",
        "trafico de migrantes",
        "smuggling",
        "smuggled",
        "smugglers",
        "coyote",
        "migrantes irregulares",
        "irregular migra",
        "migracion irregular",
    ),
    "capacity-building": (
        "capacit",
        "fortalecimiento de capacidades",
        "fortalecer las capacidades",
        "formacion de",
        "formar a",
        "curso",
        "taller",
        "diplomado",
        "training",
        "capacity building",
        "capacity-building",
        "build the capacity",
        "workshop",
        "course",
    ),
    "knowledge-management": (
        "gestion del conocimiento",
        "investigacion",
        "estudio",
        "diagnostico",
        "estadistic",
        "sistema de informacion",
        "registro de datos",
        "base de datos",
        "observatorio",
        "buenas practicas",
        "knowledge management",
        "research",
        "study",
        "studies",
        "statistic",
        "information system",
        "database",
        "data collection",
        "observatory",
        "good practices",
    ),
    "public-policies": (
        "politica publica",
        "politicas publicas",
        "politica nacional",
        "legislacion",
        "marco legal",
        "marco normativo",
        "reforma",
        "protocolo",
        "plan nacional",
        "public polic",
        "national policy",
        "legislation",
        "legal framework",
        "law reform",
        "protocol",
        "national plan",
    ),
}


@dataclass(frozen=True)
class Reason:
    """Why a component gave what it gave: ``tone`` is ``plus``, ``minus``, ``misfit`` (it
    makes the partner unfit) or ``note``."""

    code: str
    tone: str
    text: str


@dataclass
class Match:
    partner: Any
    score: Decimal
    fits: bool
    reasons: list[Reason] = field(default_factory=list)
    credits: dict[str, Decimal] = field(default_factory=dict)
    project: Any = None

    @property
    def percent(self) -> int:
        return int((self.score * 100).to_integral_value(rounding=ROUND_HALF_UP))

    @property
    def reason_texts(self) -> list[str]:
        return [r.text for r in self.reasons]


def suggest_areas(text: str, area_codes: dict[str, int]) -> set[int]:
    """The Chart 2 areas whose words appear in ``text`` (either language)."""
    plain = " " + normalise(text) + " "
    found = set()
    for code, words in AREA_KEYWORDS.items():
        if code not in area_codes:
            continue
        if any(re.search(r"(?<![a-z0-9])" + re.escape(word), plain) for word in words):
            found.add(area_codes[code])
    return found


def dice(common: set[int], wanted: set[int], given: set[int]) -> Decimal:
    """How closely two sets agree, from 0 to 1 (Dice's coefficient): the project's items
    the partner covers, and how much of the partner's own field the project is."""
    return Decimal(2 * len(common)) / Decimal(len(wanted) + len(given))


def _date(on: datetime.date) -> str:
    return date_format(on, "SHORT_DATE_FORMAT")


def _quoted(text: Any) -> str:
    return _("“%(text)s”") % {"text": text}


class Scorer:
    """Scores partners against projects, with the terms, rates and date it was given."""

    def __init__(self, on: datetime.date, terms: Terms, rates: Rates) -> None:
        self.on = on
        self.terms = terms
        self.rates = rates

    # --- the components ------------------------------------------------------------

    def areas(self, p: ProjectFacts, q: PartnerFacts, out: list[Reason]) -> Decimal:
        wanted = p.area_ids or p.suggested_area_ids
        suggested = not p.area_ids and bool(p.suggested_area_ids)
        if not wanted:
            out.append(
                Reason(
                    "areas_unknown",
                    "note",
                    _("The project names no work area and its text suggests none."),
                )
            )
            return UNKNOWN
        if not q.area_ids:
            out.append(
                Reason("areas_unknown", "note", _("The partner's work areas are not recorded."))
            )
            return UNKNOWN
        common = wanted & q.area_ids
        if not common:
            out.append(
                Reason(
                    "areas_none",
                    "misfit",
                    _(
                        "No work area in common: the project is about %(wanted)s; the partner funds %(given)s."
                    )
                    % {
                        "wanted": self.terms.term_names(wanted),
                        "given": self.terms.term_names(q.area_ids),
                    },
                )
            )
            return Decimal(0)
        if suggested:
            text = _("Work areas in common (suggested from the project's text): %(areas)s.")
        else:
            text = _("Work areas in common: %(areas)s.")
        out.append(Reason("areas", "plus", text % {"areas": self.terms.term_names(common)}))
        return UNKNOWN + UNKNOWN * dice(common, wanted, q.area_ids)

    def axes(self, p: ProjectFacts, q: PartnerFacts, out: list[Reason]) -> Decimal:
        if not p.axis_ids or not q.axis_ids:
            return UNKNOWN
        common = p.axis_ids & q.axis_ids
        if not common:
            out.append(
                Reason(
                    "axes_none",
                    "minus",
                    _("No strategic axis in common (it supports %(axes)s).")
                    % {"axes": self.terms.axis_names(q.axis_ids)},
                )
            )
            return Decimal(0)
        out.append(
            Reason(
                "axes",
                "plus",
                _("Strategic axes in common: %(axes)s.") % {"axes": self.terms.axis_names(common)},
            )
        )
        return UNKNOWN + UNKNOWN * dice(common, p.axis_ids, q.axis_ids)

    def countries(self, p: ProjectFacts, q: PartnerFacts, out: list[Reason]) -> Decimal:
        if not p.countries:
            return UNKNOWN
        if not q.countries:
            out.append(
                Reason(
                    "countries_all",
                    "note",
                    _("No countries recorded: taken to work across the region."),
                )
            )
            return Decimal(1) if p.whole_region else COVERS_ALL
        covered = p.countries & q.countries
        if not covered:
            out.append(
                Reason(
                    "countries_none",
                    "misfit",
                    _("It works in %(theirs)s, not in %(ours)s.")
                    % {
                        "theirs": self.terms.state_names(q.countries),
                        "ours": self.terms.state_names(p.countries)
                        if not p.whole_region
                        else _("the coalition's member states"),
                    },
                )
            )
            return Decimal(0)
        missing = p.countries - covered
        if missing and not p.whole_region:
            text = _("It works in %(covered)s; not in %(missing)s.") % {
                "covered": self.terms.state_names(covered),
                "missing": self.terms.state_names(missing),
            }
        else:
            text = _("It works in %(covered)s.") % {"covered": self.terms.state_names(covered)}
        out.append(Reason("countries", "plus", text))
        return Decimal(len(covered)) / Decimal(len(p.countries))

    def kinds(self, p: ProjectFacts, q: PartnerFacts, out: list[Reason]) -> Decimal:
        if not p.kind_ids:
            return UNKNOWN
        if not q.kind_ids:
            out.append(
                Reason(
                    "kinds_unknown",
                    "note",
                    _("The kinds of contribution it gives are not recorded."),
                )
            )
            return UNKNOWN
        common = p.kind_ids & q.kind_ids
        if not common:
            out.append(
                Reason(
                    "kinds_none",
                    "misfit",
                    _("It gives %(given)s, not the %(wanted)s the project seeks.")
                    % {
                        "given": self.terms.term_names(q.kind_ids),
                        "wanted": self.terms.term_names(p.kind_ids),
                    },
                )
            )
            return Decimal(0)
        out.append(
            Reason(
                "kinds",
                "plus",
                _("It gives %(kinds)s, which the project seeks.")
                % {"kinds": self.terms.term_names(common)},
            )
        )
        return UNKNOWN + UNKNOWN * dice(common, p.kind_ids, q.kind_ids)

    def usable_calls(
        self, p: ProjectFacts, q: PartnerFacts
    ) -> tuple[list[CallFacts], list[CallFacts]]:
        """The partner's calls open on the date asked, and those opening later but before
        the project starts, that fit the project's areas and countries."""
        start = p.project.start_on
        open_now, upcoming = [], []
        wanted = p.area_ids or p.suggested_area_ids
        for c in q.calls:
            call = c.call
            if call.closes_on is not None and call.closes_on < self.on:
                continue
            if c.area_ids and wanted and not (c.area_ids & wanted):
                continue
            if c.countries and p.countries and not (c.countries & p.countries):
                continue
            if call.opens_on is None or call.opens_on <= self.on:
                open_now.append(c)
            elif start is None or call.opens_on <= start:
                upcoming.append(c)
        return open_now, upcoming

    def calls(
        self, p: ProjectFacts, q: PartnerFacts, out: list[Reason], usable: tuple[list, list]
    ) -> Decimal:
        open_now, upcoming = usable
        if open_now:
            call = open_now[0].call
            if call.closes_on:
                text = _("Call %(call)s is open; it closes on %(date)s.") % {
                    "call": _quoted(call.title),
                    "date": _date(call.closes_on),
                }
            else:
                text = _("Call %(call)s is open.") % {"call": _quoted(call.title)}
            out.append(Reason("calls_open", "plus", text))
            return Decimal(1)
        if upcoming:
            call = upcoming[0].call
            out.append(
                Reason(
                    "calls_upcoming",
                    "plus",
                    _("Call %(call)s opens on %(date)s, before the project starts.")
                    % {"call": _quoted(call.title), "date": _date(call.opens_on)},
                )
            )
            return Decimal("0.6")
        if not q.calls:
            return Decimal("0.4")
        funds_outside_calls = q.partner.budget_min is not None or q.partner.budget_max is not None
        if funds_outside_calls:
            out.append(
                Reason(
                    "calls_closed",
                    "minus",
                    _("None of its calls is open for this project on %(date)s.")
                    % {"date": _date(self.on)},
                )
            )
        else:
            out.append(
                Reason(
                    "calls_closed",
                    "misfit",
                    _("It funds through calls, and none is open for this project on %(date)s.")
                    % {"date": _date(self.on)},
                )
            )
        return Decimal(0)

    def amount(
        self, p: ProjectFacts, q: PartnerFacts, out: list[Reason], usable: tuple[list, list]
    ) -> Decimal:
        project = p.project
        if project.amount is None or not project.currency:
            return UNKNOWN
        target = self.rates.target
        try:
            sought = self.rates.convert(project.amount, project.currency, self.on)
        except MissingRate:
            out.append(
                Reason(
                    "amount_no_rate",
                    "note",
                    _("No exchange rate for %(currency)s on %(date)s: the amount was not compared.")
                    % {"currency": project.currency, "date": _date(self.on)},
                )
            )
            return UNKNOWN
        ranges: list[tuple[Any, Any, str, str]] = []
        partner = q.partner
        if partner.budget_currency and (
            partner.budget_min is not None or partner.budget_max is not None
        ):
            ranges.append(
                (partner.budget_min, partner.budget_max, partner.budget_currency, "budget")
            )
        for c in usable[0] + usable[1]:
            call = c.call
            if call.currency and (call.amount_min is not None or call.amount_max is not None):
                ranges.append((call.amount_min, call.amount_max, call.currency, "call"))
        if not ranges:
            return UNKNOWN
        best: tuple[Decimal, Reason] | None = None
        missing: set[str] = set()
        for low, high, currency, _origin in ranges:
            try:
                low_r = self.rates.convert(low, currency, self.on) if low is not None else None
                high_r = self.rates.convert(high, currency, self.on) if high is not None else None
            except MissingRate:
                missing.add(currency)
                continue
            span = {
                "amount": format_amount(sought, target),
                "low": format_amount(low_r, target),
                "high": format_amount(high_r, target),
            }
            if (low_r is None or sought >= low_r) and (high_r is None or sought <= high_r):
                credit = Decimal(1)
                reason = Reason(
                    "amount_in_range",
                    "plus",
                    _("The amount (%(amount)s) is within what it gives (%(low)s to %(high)s).")
                    % span,
                )
            elif high_r is not None and sought > high_r:
                credit = (high_r / sought) if sought else Decimal(0)
                reason = Reason(
                    "amount_above",
                    "minus",
                    _(
                        "The amount (%(amount)s) is above the most it gives (%(high)s): it could finance a part."
                    )
                    % span,
                )
            else:
                credit = Decimal("0.3")
                reason = Reason(
                    "amount_below",
                    "minus",
                    _("The amount (%(amount)s) is below the least it gives (%(low)s).") % span,
                )
            if best is None or credit > best[0]:
                best = (credit, reason)
        if best is None:
            out.append(
                Reason(
                    "amount_no_rate",
                    "note",
                    _("No exchange rate for %(currency)s on %(date)s: the amount was not compared.")
                    % {"currency": ", ".join(sorted(missing)), "date": _date(self.on)},
                )
            )
            return UNKNOWN
        out.append(best[1])
        return best[0]

    def languages(self, p: ProjectFacts, q: PartnerFacts, out: list[Reason]) -> Decimal:
        if not q.languages or not p.languages:
            return UNKNOWN
        common = p.languages & q.languages
        if common:
            out.append(
                Reason(
                    "languages",
                    "plus",
                    _("It accepts proposals in %(languages)s.")
                    % {"languages": _language_list(common)},
                )
            )
            return Decimal(1)
        if not q.languages & WORKING_LANGUAGES:
            out.append(
                Reason(
                    "languages_none",
                    "misfit",
                    _(
                        "It accepts proposals only in %(languages)s, and the sheets are written in Spanish or English."
                    )
                    % {"languages": _language_list(q.languages)},
                )
            )
            return Decimal(0)
        out.append(
            Reason(
                "languages_other",
                "minus",
                _("It accepts proposals only in %(languages)s: the project needs a translation.")
                % {"languages": _language_list(q.languages)},
            )
        )
        return Decimal(0)

    def record(self, p: ProjectFacts, q: PartnerFacts, out: list[Reason]) -> Decimal:
        wanted_areas = p.area_ids or p.suggested_area_ids

        def similar(rec: tuple[frozenset[int], frozenset[int], int | None]) -> bool:
            axes, areas, project_id = rec
            return (
                project_id == p.project.pk or bool(axes & p.axis_ids) or bool(areas & wanted_areas)
            )

        agreements = sum(1 for r in q.agreements if similar(r))
        contributions = sum(1 for r in q.contributions if similar(r))
        status = q.partner.status
        if status == RelationshipStatus.DECLINED:
            out.append(Reason("declined", "minus", _("It declined an earlier approach.")))
            return Decimal(0)
        credit = Decimal("0.4") * agreements + Decimal("0.2") * contributions
        if status == RelationshipStatus.ACTIVE:
            credit += Decimal("0.3")
        if agreements or contributions:
            out.append(
                Reason(
                    "record",
                    "plus",
                    _("Track record with similar projects: %(agreements)s, %(contributions)s.")
                    % {
                        "agreements": ngettext("%(n)s agreement", "%(n)s agreements", agreements)
                        % {"n": agreements},
                        "contributions": ngettext(
                            "%(n)s contribution", "%(n)s contributions", contributions
                        )
                        % {"n": contributions},
                    },
                )
            )
        elif status == RelationshipStatus.ACTIVE:
            out.append(Reason("active", "plus", _("An active partner of the coalition.")))
        return min(credit, Decimal(1))

    # --- the whole -------------------------------------------------------------------

    def score(self, p: ProjectFacts, q: PartnerFacts) -> Match:
        reasons: list[Reason] = []
        usable = self.usable_calls(p, q)
        credits = {
            "areas": self.areas(p, q, reasons),
            "axes": self.axes(p, q, reasons),
            "countries": self.countries(p, q, reasons),
            "kinds": self.kinds(p, q, reasons),
            "amount": self.amount(p, q, reasons, usable),
            "calls": self.calls(p, q, reasons, usable),
            "languages": self.languages(p, q, reasons),
            "record": self.record(p, q, reasons),
        }
        total = sum((WEIGHTS[k] * v for k, v in credits.items()), Decimal(0)) / Decimal(100)
        score = min(max(total, Decimal(0)), Decimal(1)).quantize(
            Decimal("0.001"), rounding=ROUND_HALF_UP
        )
        fits = not any(r.tone == "misfit" for r in reasons)
        # The reasons that make it unfit come first, then the others in component order.
        reasons.sort(key=lambda r: 0 if r.tone == "misfit" else 1)
        return Match(
            partner=q.partner,
            score=score,
            fits=fits,
            reasons=reasons,
            credits=credits,
            project=p.project,
        )


def _language_list(codes: set[str]) -> str:
    """The languages' names as a sentence writes them: "inglés, español", "English, Spanish"."""
    labels = dict(ProposalLanguage.choices)
    names = [str(labels.get(code, code)) for code in sorted(codes)]
    if (get_language() or "es").startswith("es"):
        names = [name.lower() for name in names]
    return ", ".join(names)


def _order(match: Match) -> tuple[Any, ...]:
    partner = match.partner
    return (not match.fits, -match.score, (partner.name_es or "").lower(), partner.pk)


def prepare(projects: list[ProjectFacts], terms: Terms) -> None:
    """Suggest work areas from the text of the projects that name none."""
    codes = terms.area_codes()
    for p in projects:
        if not p.area_ids:
            p.suggested_area_ids = suggest_areas(p.text, codes)


def rank_partners(
    project: Any,
    user: Any,
    *,
    on: datetime.date | None = None,
    partners: models.QuerySet | None = None,
) -> list[Match]:
    """Every partner ``user`` may see (or those of ``partners``), ranked for ``project``
    as of ``on`` (today unless given): fitting partners first, best score first."""
    from mobiliza.portfolio.matching.selectors import visible_partners
    from mobiliza.portfolio.models import Project

    on = on or timezone.localdate()
    terms = read_terms()
    p = project_facts(Project.objects.filter(pk=project.pk), set(terms.states))[0]
    prepare([p], terms)
    scorer = Scorer(on, terms, Rates())
    chosen = visible_partners(user) if partners is None else partners
    matches = [scorer.score(p, q) for q in partner_facts(chosen, user)]
    matches.sort(key=_order)
    return matches


def rank_projects(
    partner: Any,
    user: Any,
    *,
    on: datetime.date | None = None,
    projects: models.QuerySet | None = None,
) -> list[Match]:
    """The projects ``user`` may see, ranked for ``partner``: those it fits first."""
    from mobiliza.directory.models import Partner
    from mobiliza.portfolio.matching.selectors import visible_projects

    on = on or timezone.localdate()
    terms = read_terms()
    chosen = visible_projects(user) if projects is None else projects
    facts = project_facts(chosen, set(terms.states))
    prepare(facts, terms)
    scorer = Scorer(on, terms, Rates())
    q = partner_facts(Partner.objects.filter(pk=partner.pk), user)[0]
    matches = [scorer.score(p, q) for p in facts]
    matches.sort(
        key=lambda m: (not m.fits, -m.score, (m.project.name_es or "").lower(), m.project.pk)
    )
    return matches
