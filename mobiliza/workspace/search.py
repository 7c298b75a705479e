"""The global search: one box in the header finds partners, contacts, opportunities,
agreements and contributions, accents and case ignored, in both languages' names.

:data:`KINDS` is the one list of what the search reads: each kind names its model, the
fields it searches (the kind's own list reads the same ones, through its FilterSet's
``search_fields``, so "see all" opens that list on exactly the rows counted here), and the
list to send the reader to. Another capability (the portfolio's projects) joins with
:func:`register`. Every queryset is limited by ``restrict(..., "view")`` first, and a
field the reader may not read (``hidden_fields``) is not searched, so a match never tells
what the reader could not see.

Each kind costs at most two queries (its count, then its first rows), whatever the
number of rows: the matching is done by the database (``core.search``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mobiliza.agreements.filters import AgreementFilter, ContributionFilter
from mobiliza.agreements.models import Agreement, Contribution
from mobiliza.core.permissions import can, hidden_fields, restrict
from mobiliza.core.search import text_q, words
from mobiliza.directory.filters import ContactFilter
from mobiliza.directory.models import Contact, Partner
from mobiliza.directory.search import search_partners
from mobiliza.pipeline.filters import OpportunityFilter
from mobiliza.pipeline.models import Opportunity
from mobiliza.portfolio.filters import ProjectFilter
from mobiliza.portfolio.models import Project

# How many rows of each kind the page and the suggestions under the header's box show.
PAGE_ROWS = 10
SUGGESTION_ROWS = 3
# A longer query is cut: nobody types more, and each word is one more condition.
MAX_QUERY = 200


def _partner_of(obj: Any) -> str:
    return str(obj.partner) if getattr(obj, "partner_id", None) else ""


def _join(*parts: Any) -> str:
    return " · ".join(str(p) for p in parts if p)


@dataclass(frozen=True)
class SearchKind:
    """One kind of record the global search finds."""

    key: str
    label: Any  # plural, as the heading of its results
    model: type[models.Model]
    # The fields searched (lookups from the model, ``partner__acronym``).
    fields: tuple[str, ...]
    # The list that shows every match: ``?q=`` there finds the same rows.
    list_url_name: str
    select_related: tuple[str, ...] = ()
    # A second line under each result (its partner, its reference).
    describe: Callable[[Any], str] = field(default=lambda obj: "")
    # A kind with a search of its own (the directory's partners): queryset, text → queryset.
    match: Callable[[models.QuerySet, str], models.QuerySet] | None = None

    def matching(self, queryset: models.QuerySet, query: str, user: Any) -> models.QuerySet:
        hidden = hidden_fields(user, self.model)
        # The kind's own search may read fields this reader may not (the directory's reads
        # the coalition's assessment of a partner): then only ``fields`` are searched.
        if self.match is not None and not hidden:
            return self.match(queryset, query)
        fields = [name for name in self.fields if name.split("__")[0] not in hidden]
        return queryset.filter(text_q(fields, query))

    def list_url(self, query: str) -> str:
        return "{}?{}".format(reverse(self.list_url_name), urlencode({"q": query}))


KINDS: list[SearchKind] = [
    SearchKind(
        key="partners",
        label=_("Partners and donors"),
        model=Partner,
        # The directory's own search (names in both languages, acronym and what the
        # partner works on, kept normalised in ``Partner.search_text``); for a reader
        # who may not read all it holds (a partner viewer), its names and acronym.
        fields=("name_es", "name_en", "acronym"),
        list_url_name="directory:partner_list",
        select_related=("member_state",),
        describe=lambda p: _join(p.member_state or _("Regional")),
        match=search_partners,
    ),
    SearchKind(
        key="contacts",
        label=_("Contacts"),
        model=Contact,
        fields=ContactFilter.search_fields,
        list_url_name="directory:contact_list",
        select_related=("partner",),
        describe=lambda c: _join(c.title, _partner_of(c), c.email),
    ),
    SearchKind(
        key="opportunities",
        label=_("Opportunities"),
        model=Opportunity,
        fields=OpportunityFilter.search_fields,
        list_url_name="pipeline:opportunity_list",
        select_related=("partner",),
        describe=_partner_of,
    ),
    SearchKind(
        key="agreements",
        label=_("Agreements"),
        model=Agreement,
        fields=AgreementFilter.search_fields,
        list_url_name="agreements:agreement_list",
        select_related=("partner",),
        describe=lambda a: _join(a.reference, _partner_of(a)),
    ),
    SearchKind(
        key="contributions",
        label=_("Contributions"),
        model=Contribution,
        fields=ContributionFilter.search_fields,
        list_url_name="agreements:contribution_list",
        select_related=("partner", "member_state", "project"),
        describe=lambda c: _join(_partner_of(c) or c.member_state, c.project),
    ),
    SearchKind(
        key="projects",
        label=_("Projects"),
        model=Project,
        fields=ProjectFilter.search_fields,
        list_url_name="portfolio:project_list",
        select_related=("member_state",),
        describe=lambda p: _join(p.get_state_display(), p.member_state or _("Regional")),
    ),
]


def register(kind: SearchKind) -> None:
    """Add a kind of record to the global search (once; a second time replaces it)."""
    KINDS[:] = [k for k in KINDS if k.key != kind.key] + [kind]


@dataclass
class Hit:
    label: str
    url: str
    detail: str


@dataclass
class KindResults:
    kind: SearchKind
    count: int
    hits: list[Hit]
    see_all_url: str

    @property
    def more(self) -> bool:
        return self.count > len(self.hits)


def clean_query(raw: str | None) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY]


def global_search(*, user: Any, query: str, rows: int = PAGE_ROWS) -> list[KindResults]:
    """For each kind ``user`` may read, how many records match ``query`` and the first few.

    Kinds with no match are left out; a query with no word finds nothing.
    """
    if not words(query):
        return []
    results = []
    for kind in KINDS:
        if not can(user, "view", model=kind.model):
            continue
        visible = restrict(kind.model._default_manager.all(), user, "view")
        found = kind.matching(visible, query, user)
        count = found.count()
        if not count:
            continue
        first = found.select_related(*kind.select_related)[:rows]
        hits = [Hit(str(obj), obj.get_absolute_url(), kind.describe(obj)) for obj in first]  # type: ignore[attr-defined]
        results.append(KindResults(kind, count, hits, kind.list_url(query)))
    return results
