"""Reads of the directory's figures, for its overview pages and the plan's indicators.

Keyword-only typed functions named ``<entity>_<verb>``. Each counts in the database
over the records the user may see (``restrict(..., "view")``), in a fixed number of
queries whatever the size of the directory; a user who may not see partners gets
zero counts, never someone else's figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from mobiliza.coalition.models import MemberState
from mobiliza.core.permissions import restrict
from mobiliza.directory.choices import RelationshipStatus, TermKind
from mobiliza.directory.filters import works_in_q
from mobiliza.directory.models import DirectoryTerm, FundingCall, Partner
from mobiliza.plan.models import SourceType, StrategicAxis

#: The partners the mapping of strategic partners (plan of action 6.1.3) shows.
MAPPED_STATUSES = (RelationshipStatus.ACTIVE, RelationshipStatus.PROSPECT)


@dataclass(frozen=True)
class GroupCount:
    """How many partners fall in one group; ``code`` is ``None`` for "not stated"."""

    code: str | None
    label: Any
    count: int


@dataclass(frozen=True)
class PartnerCounts:
    """The directory of potential donors (plan of action 6.1.2) in figures."""

    total: int
    by_source_type: list[GroupCount] = field(default_factory=list)
    by_area: list[GroupCount] = field(default_factory=list)
    by_works_in: list[GroupCount] = field(default_factory=list)
    by_status: list[GroupCount] = field(default_factory=list)


def partner_visible_list(*, user: Any) -> QuerySet[Partner]:
    """The partners ``user`` may see."""
    return restrict(Partner.objects.all(), user, "view")


def partner_counts(*, user: Any) -> PartnerCounts:
    """How many partners ``user`` may see, by source type, area, member state and status.

    Every source type, area, member state and status is listed, with 0 where no
    partner is in it; partners with no source type or area are counted as "not
    stated" (``code=None``). Eight queries: the total, three lists of groups and four counts.
    """
    partners = partner_visible_list(user=user)
    total = partners.count()

    by_source = dict(
        partners.order_by().values_list("source_type").annotate(n=Count("pk", distinct=True))
    )
    sources = [
        GroupCount(source.code, source.name, by_source.get(source.pk, 0))
        for source in SourceType.objects.order_by("position")
    ]
    if by_source.get(None):
        sources.append(GroupCount(None, None, by_source[None]))

    by_area = dict(partners.order_by().values_list("areas").annotate(n=Count("pk", distinct=True)))
    areas = [
        GroupCount(term.code, term.name, by_area.get(term.pk, 0))
        for term in DirectoryTerm.objects.filter(kind=TermKind.AREA).order_by("position")
    ]
    if by_area.get(None):
        areas.append(GroupCount(None, None, by_area[None]))

    states = member_state_list()
    by_country = (
        partners.aggregate(
            **{f"c_{s.code}": Count("pk", filter=works_in_q(s.code)) for s in states}
        )
        if states
        else {}
    )
    countries = [
        GroupCount(state.code, state.name, by_country.get(f"c_{state.code}") or 0)
        for state in states
    ]

    by_status = dict(partners.order_by().values_list("status").annotate(n=Count("pk")))
    statuses = [
        GroupCount(value, label, by_status.get(value, 0))
        for value, label in RelationshipStatus.choices
    ]
    return PartnerCounts(total, sources, areas, countries, statuses)


def member_state_list() -> list[MemberState]:
    """The member states in the coalition's order."""
    return list(MemberState.objects.order_by("position", "code"))


def strategic_axis_list() -> list[StrategicAxis]:
    """The plan's strategic axes in order."""
    return list(StrategicAxis.objects.order_by("position"))


@dataclass(frozen=True)
class MappingRow:
    """One strategic partner: the member states it works in and the axes it supports."""

    partner: Partner
    in_states: list[bool]
    on_axes: list[bool]


def partner_mapping_list(
    *,
    user: Any,
    states: list[MemberState],
    axes: list[StrategicAxis],
    axis: str = "",
    works_in: str = "",
) -> list[MappingRow]:
    """Active and prospective partners × ``states`` they work in × ``axes`` they support.

    ``axis`` and ``works_in`` (codes) narrow the partners; two queries.
    """
    partners = partner_visible_list(user=user).filter(status__in=MAPPED_STATUSES)
    if axis:
        partners = partners.filter(axes__code=axis)
    if works_in:
        partners = partners.filter(works_in_q(works_in))
    partners = (
        partners.select_related("source_type")
        .prefetch_related("axes")
        .distinct()
        .order_by("name_es", "pk")
    )
    rows = []
    for partner in partners:
        codes = {str(country) for country in partner.countries}  # Country prints its code
        axis_ids = {a.pk for a in partner.axes.all()}
        rows.append(
            MappingRow(
                partner=partner,
                in_states=[state.code in codes for state in states],
                on_axes=[a.pk in axis_ids for a in axes],
            )
        )
    return rows


@dataclass(frozen=True)
class ClosingCall:
    call: FundingCall
    days_left: int


def funding_call_closing_list(*, user: Any, within: int, today: datetime.date) -> list[ClosingCall]:
    """The calls ``user`` may see that close between ``today`` and ``within`` days later."""
    calls = (
        restrict(FundingCall.objects.select_related("partner"), user, "view")
        .filter(closes_on__gte=today, closes_on__lte=today + datetime.timedelta(days=within))
        .order_by("closes_on", "pk")
    )
    return [ClosingCall(call, (call.closes_on - today).days) for call in calls if call.closes_on]
