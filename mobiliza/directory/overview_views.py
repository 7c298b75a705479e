"""Overviews of the directory: the directory of potential donors (plan of action 6.1.2),
the mapping of strategic partners (6.1.3) and the funding calls closing soon.

Every figure is counted by the database over the partners the user may see, in a
fixed number of queries whatever the size of the directory. The overview and the
mapping can be downloaded as XLSX or CSV (``?format=xlsx`` / ``?format=csv``), with
headers in the reader's language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobiliza.coalition.models import MemberState
from mobiliza.core.permissions import can, restrict
from mobiliza.core.spreadsheets import table_download
from mobiliza.directory.choices import RelationshipStatus, TermKind
from mobiliza.directory.filters import works_in_q
from mobiliza.directory.models import DirectoryTerm, FundingCall, Partner
from mobiliza.plan.models import SourceType, StrategicAxis

CLOSING_WINDOWS = (30, 60, 90)
MAPPED_STATUSES = (RelationshipStatus.ACTIVE, RelationshipStatus.PROSPECT)
EXPORT_FORMATS = ("xlsx", "csv")


# --- helpers ------------------------------------------------------------------------------


def _visible_partners(request: HttpRequest) -> QuerySet[Partner]:
    if not can(request.user, "view", model=Partner):
        raise PermissionDenied
    return restrict(Partner.objects.all(), request.user, "view")


@dataclass
class Row:
    """One line of a count table: what is counted, how many partners, where they are listed."""

    label: Any
    count: int
    url: str | None = None
    percent: int = 0


@dataclass
class CountTable:
    key: str
    title: Any
    rows: list[Row]


def _with_bars(rows: list[Row]) -> list[Row]:
    # Bars are relative to the largest count, in whole percent (an SVG width attribute:
    # the Content Security Policy forbids inline styles).
    top = max((row.count for row in rows), default=0)
    for row in rows:
        row.percent = round(100 * row.count / top) if top else 0
    return rows


def _export_response(
    request: HttpRequest, name: str, headers: list[str], rows: list[list[Any]], title: str
) -> HttpResponse:
    return table_download(request.GET.get("format", "xlsx"), name, headers, rows, title)


def _export_links(request: HttpRequest) -> list[tuple[str, str]]:
    params = request.GET.copy()
    links = []
    for fmt in EXPORT_FORMATS:
        params["format"] = fmt
        links.append((fmt.upper(), f"?{params.urlencode()}"))
    return links


# --- directory of potential donors (6.1.2) ------------------------------------------------


def overview_tables(partners: QuerySet[Partner]) -> tuple[int, list[CountTable]]:
    """How many of ``partners`` there are, by source type, area, country and status."""
    list_url = reverse("directory:partner_list")

    def link(**params: str) -> str:
        return f"{list_url}?{urlencode(params)}"

    total = partners.count()

    by_source = dict(
        partners.order_by().values_list("source_type").annotate(n=Count("pk", distinct=True))
    )
    source_rows = [
        Row(source.name, by_source.get(source.pk, 0), link(source_type=source.code))
        for source in SourceType.objects.order_by("position")
    ]
    if by_source.get(None):
        source_rows.append(Row(_("Not stated"), by_source[None]))

    by_area = dict(partners.order_by().values_list("areas").annotate(n=Count("pk", distinct=True)))
    area_rows = [
        Row(term.name, by_area.get(term.pk, 0), link(area=term.code))
        for term in DirectoryTerm.objects.filter(kind=TermKind.AREA).order_by("position")
    ]
    if by_area.get(None):
        area_rows.append(Row(_("Not stated"), by_area[None]))

    states = list(MemberState.objects.order_by("position", "code"))
    by_country = (
        partners.aggregate(
            **{f"c_{s.code}": Count("pk", filter=works_in_q(s.code)) for s in states}
        )
        if states
        else {}
    )
    country_rows = [
        Row(state.name, by_country.get(f"c_{state.code}") or 0, link(works_in=state.code))
        for state in states
    ]

    by_status = dict(partners.order_by().values_list("status").annotate(n=Count("pk")))
    status_rows = [
        Row(label, by_status.get(value, 0), link(status=value))
        for value, label in RelationshipStatus.choices
    ]

    return total, [
        CountTable("source_type", _("By source type"), _with_bars(source_rows)),
        CountTable("area", _("By area it funds"), _with_bars(area_rows)),
        CountTable("works_in", _("By member state where it works"), _with_bars(country_rows)),
        CountTable("status", _("By relationship status"), _with_bars(status_rows)),
    ]


@login_required
def directory_overview(request: HttpRequest) -> HttpResponse:
    """Counts of the partners the user may see, as tables and bar charts."""
    total, tables = overview_tables(_visible_partners(request))
    if request.GET.get("format") in EXPORT_FORMATS:
        rows = [
            [str(table.title), str(row.label), row.count] for table in tables for row in table.rows
        ]
        rows.append([_("Total"), _("Partners"), total])
        return _export_response(
            request,
            "directory-overview",
            [_("Grouping"), _("Item"), _("Partners")],
            rows,
            _("Directory of potential donors"),
        )
    return render(
        request,
        "directory/overview.html",
        {"total": total, "tables": tables, "export_links": _export_links(request)},
    )


# --- mapping of strategic partners (6.1.3) ------------------------------------------------


class MappingFilterForm(forms.Form):
    axis = forms.ChoiceField(label=gettext_lazy("Strategic axis"), required=False)
    works_in = forms.ChoiceField(label=gettext_lazy("Works in member state"), required=False)

    def __init__(
        self, *args: Any, axes: list[StrategicAxis], states: list[MemberState], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", gettext_lazy("All"))
        self.fields["axis"].choices = [everything, *((a.code, str(a.name)) for a in axes)]  # type: ignore[attr-defined]
        self.fields["works_in"].choices = [everything, *((s.code, str(s.name)) for s in states)]  # type: ignore[attr-defined]


@dataclass
class MappingRow:
    partner: Partner
    in_states: list[bool]
    on_axes: list[bool]


def mapping_rows(
    partners: QuerySet[Partner],
    states: list[MemberState],
    axes: list[StrategicAxis],
    *,
    axis: str = "",
    works_in: str = "",
) -> list[MappingRow]:
    """Active and prospective partners × member states where they work × axes they support."""
    partners = partners.filter(status__in=MAPPED_STATUSES)
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


@login_required
def partner_mapping(request: HttpRequest) -> HttpResponse:
    """A matrix of the strategic partners, the member states and the strategic axes."""
    partners = _visible_partners(request)
    states = list(MemberState.objects.order_by("position", "code"))
    axes = list(StrategicAxis.objects.order_by("position"))
    form = MappingFilterForm(request.GET or None, axes=axes, states=states)
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = mapping_rows(
        partners, states, axes, axis=chosen.get("axis", ""), works_in=chosen.get("works_in", "")
    )
    if request.GET.get("format") in EXPORT_FORMATS:
        mark = "X"
        headers = [
            _("Partner"),
            _("Acronym"),
            _("Relationship status"),
            _("Source type"),
            *(str(s.name) for s in states),
            *(str(a.name) for a in axes),
        ]
        data = [
            [
                str(row.partner.name),
                row.partner.acronym,
                str(row.partner.get_status_display()),
                str(row.partner.source_type.name) if row.partner.source_type else "",
                *(mark if flag else "" for flag in row.in_states),
                *(mark if flag else "" for flag in row.on_axes),
            ]
            for row in rows
        ]
        return _export_response(
            request, "partner-mapping", headers, data, _("Mapping of strategic partners")
        )
    return render(
        request,
        "directory/mapping.html",
        {
            "form": form,
            "states": states,
            "axes": axes,
            "rows": rows,
            "export_links": _export_links(request),
        },
    )


# --- funding calls closing soon -----------------------------------------------------------


@dataclass
class ClosingCall:
    call: FundingCall
    days_left: int


@login_required
def calls_closing(request: HttpRequest) -> HttpResponse:
    """Funding calls that close within the next 30, 60 or 90 days, soonest first."""
    if not can(request.user, "view", model=FundingCall):
        raise PermissionDenied
    try:
        within = int(request.GET.get("within", CLOSING_WINDOWS[0]))
    except ValueError:
        within = CLOSING_WINDOWS[0]
    if within not in CLOSING_WINDOWS:
        within = CLOSING_WINDOWS[0]
    today = timezone.localdate()
    calls = (
        restrict(FundingCall.objects.select_related("partner"), request.user, "view")
        .filter(closes_on__gte=today, closes_on__lte=today + datetime.timedelta(days=within))
        .order_by("closes_on", "pk")
    )
    rows = [ClosingCall(call, (call.closes_on - today).days) for call in calls if call.closes_on]
    tabs = [(days, f"?within={days}", days == within) for days in CLOSING_WINDOWS]
    return render(
        request,
        "directory/calls_closing.html",
        {"rows": rows, "within": within, "tabs": tabs, "today": today},
    )
