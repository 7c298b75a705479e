"""The glossary of the strategy's terms, in Spanish and English side by side.

The lists of the strategy (the kinds of resources and their categories of Chart 1, the
source types of 3.2, the check lists of Chart 2's donor form and the five steps of 3.3)
are read from the records the coalition's configuration file loads, so the glossary says
what the forms and filters offer. The annexes, the roles and the words the coalition
uses every day are written here, as interface text, and shown in both languages by
translating each one in each language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mobiliza.core.roles import Role
from mobiliza.directory.choices import TermKind
from mobiliza.directory.models import DirectoryTerm
from mobiliza.plan.models import MobilizationStep, ResourceCategory, ResourceKind, SourceType
from mobiliza.plan.selectors import visible


@dataclass
class Entry:
    """One term: its Spanish and English names, and a line that explains it."""

    es: str
    en: str
    note: str = ""
    code: str = ""
    children: list[Entry] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: Any
    intro: Any
    entries: list[Entry]


# Section VII of the strategy ("Appendixes"), 8.1 to 8.4.
ANNEXES: list[tuple[str, Any, Any]] = [
    (
        "8.1",
        _(
            "Matrix on the Monitoring of the Plan of Action of the Strategy on Resources Mobilization"
        ),
        _("Who reports, the monitoring objective and team, the topics, conclusions and follow-up."),
    ),
    (
        "8.2",
        _("Guidelines for the Mobilization of Resources of CORETT"),
        _("General procedures for managing the resources of the strategy's projects and programs."),
    ),
    (
        "8.3",
        _("Template for the formulation of projects"),
        _("The technical sheet of an initiative or project presented to partners and donors."),
    ),
    (
        "8.4",
        _("Projects checklist"),
        _("Twenty questions on the relevance and viability of a project."),
    ),
]

ROLE_NOTES: dict[str, Any] = {
    Role.PRESIDENCY: _(
        "The member state that presides over the coalition for its term; leads the "
        "mobilization of resources with the Technical Secretariat."
    ),
    Role.SECRETARIAT: _(
        "Keeps the directory, the pipeline and the agreements for the whole region."
    ),
    Role.FOCAL_POINT: _(
        "A member state's contact for the strategy: reads the region's records and keeps "
        "its own country's."
    ),
    Role.EVALUATOR: _("Reads the records to monitor and evaluate the strategy; changes none."),
    Role.PARTNER_VIEWER: _("A partner's or donor's own staff: reads only that partner's records."),
}

KEY_TERMS: list[tuple[Any, Any]] = [
    (
        _("Regional Coalition (CORETT)"),
        _(
            "The Regional Coalition against Trafficking in Persons and Smuggling of Migrants, "
            "whose member states adopted this strategy."
        ),
    ),
    (_("Member state"), _("A country that belongs to the coalition.")),
    (
        _("Pro tempore presidency"),
        _("The presidency of the coalition, held by one member state for a fixed term."),
    ),
    (
        _("Technical Secretariat"),
        _("The body that supports the presidency and keeps the coalition's work going."),
    ),
    (
        _("National commission"),
        _(
            "A member state's national body against trafficking in persons and smuggling of "
            "migrants (commission, council or coalition)."
        ),
    ),
    (
        _("Focal point"),
        _("The person a member state names to take part in the strategy for it."),
    ),
    (
        _("Partner"),
        _(
            "An organization the coalition works with or seeks resources from: a donor "
            "state, an agency, a bank, a company, a university, a civil society organization."
        ),
    ),
    (
        _("Partner viewer"),
        _("A partner's own staff with access to Mobiliza, who sees only that partner's records."),
    ),
    (
        _("Opportunity"),
        _("A chance to mobilize resources from one partner, moved through the five steps."),
    ),
    (
        _("Agreement"),
        _("A memorandum, letter or agreement signed with one or more partners."),
    ),
    (
        _("Contribution"),
        _(
            "Resources a partner or a member state contributes: money, people, or goods and "
            "services, always valued in money."
        ),
    ),
    (
        _("Own contribution"),
        _("What a member state commits from its own annual operating plan (3.2.1)."),
    ),
    (
        _("Reporting obligation"),
        _("A report owed to a partner under an agreement, with its deadlines."),
    ),
    (
        _("Strategic axis"),
        _("One of the lines of work of the coalition's strategic plan that resources serve."),
    ),
]


def _both(text: Any) -> tuple[str, str]:
    """Interface text in Spanish and in English."""
    with translation.override("es"):
        es = str(text)
    with translation.override("en"):
        en = str(text)
    return es, en


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _in_reader_language(obj: Any, name: str) -> str:
    """A configuration text in the reader's language, else in the other one."""
    spanish, english = getattr(obj, f"{name}_es", ""), getattr(obj, f"{name}_en", "")
    if (translation.get_language() or "es").startswith("en"):
        return english or spanish
    return spanish or english


def glossary(*, user: Any) -> list[Section]:
    """The glossary's sections, with the configuration's lists as ``user`` may read them.

    A fixed number of queries: kinds with their categories, source types, steps and the
    directory's terms, one each (categories in a second).
    """
    categories = Prefetch("categories", queryset=visible(ResourceCategory, user=user))
    kinds = visible(ResourceKind, user=user).prefetch_related(categories)
    terms = list(visible(DirectoryTerm, user=user))

    def term_entries(kind: str) -> list[Entry]:
        return [Entry(t.name_es, t.name_en, code=t.code) for t in terms if t.kind == kind]

    sections = [
        Section(
            "resources",
            _("Kinds of resources"),
            _("Chart 1: the kinds of resources and the categories of each."),
            [
                Entry(
                    k.name_es,
                    k.name_en,
                    code=k.code,
                    children=[Entry(c.name_es, c.name_en, code=c.code) for c in k.categories.all()],
                )
                for k in kinds
            ],
        ),
        Section(
            "sources",
            _("Source types"),
            _("Sections 3.2.1 to 3.2.7: where resources come from."),
            [
                Entry(
                    s.name_es,
                    s.name_en,
                    note=_first_sentence(_in_reader_language(s, "description")),
                    code=s.section,
                )
                for s in visible(SourceType, user=user)
            ],
        ),
        Section(
            "donor-form",
            _("The donor form's check lists"),
            _("Chart 2: the areas a partner funds and the kinds of contribution it makes."),
            [
                Entry(*_both(TermKind.AREA.label), children=term_entries(TermKind.AREA)),
                Entry(
                    *_both(TermKind.CONTRIBUTION.label),
                    children=term_entries(TermKind.CONTRIBUTION),
                ),
            ],
        ),
        Section(
            "steps",
            _("The five steps of resource mobilization"),
            _("Section 3.3: the steps an opportunity moves through on the pipeline board."),
            [
                Entry(
                    s.name_es,
                    s.name_en,
                    note=_first_sentence(_in_reader_language(s, "description")),
                    code=str(s.number),
                )
                for s in visible(MobilizationStep, user=user)
            ],
        ),
        Section(
            "annexes",
            _("Annexes"),
            _("Section VII of the strategy: the instruments to execute and monitor it."),
            [Entry(*_both(title), note=str(note), code=number) for number, title, note in ANNEXES],
        ),
        Section(
            "roles",
            _("Roles in Mobiliza"),
            _("What each kind of user does, and sees."),
            [Entry(*_both(role.label), note=str(ROLE_NOTES[role])) for role in Role],
        ),
        Section(
            "terms",
            _("Key terms"),
            _("Words the coalition uses every day."),
            [Entry(*_both(term), note=str(meaning)) for term, meaning in KEY_TERMS],
        ),
    ]
    return [s for s in sections if s.entries]
