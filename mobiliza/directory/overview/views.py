"""Overviews of the directory: the directory of potential donors (plan of action 6.1.2),
the mapping of strategic partners (6.1.3) and the funding calls closing soon.

Every figure is counted by the database over the partners the user may see, in a
fixed number of queries whatever the size of the directory. The overview and the
mapping can be downloaded as XLSX or CSV (``?format=xlsx`` / ``?format=csv``), with
headers in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobiliza.coalition.models import MemberState
from mobiliza.core.pages import may, page_requires
from mobiliza.core.spreadsheets import dated_name, table_download
from mobiliza.directory import selectors
from mobiliza.directory.models import FundingCall, Partner
from mobiliza.directory.selectors import GroupCount, PartnerCounts
from mobiliza.plan.models import StrategicAxis

CLOSING_WINDOWS = (30, 60, 90)
EXPORT_FORMATS = ("xlsx", "csv")


# --- helpers ------------------------------------------------------------------------------


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
    request: HttpRequest, headers: list[str], rows: list[list[Any]], title: str
) -> HttpResponseBase:
    """The table as a download named after its title, in the reader's language."""
    return table_download(
        request.GET.get("format", "xlsx"), dated_name(title), headers, rows, title
    )


def _export_links(request: HttpRequest) -> list[tuple[str, str]]:
    params = request.GET.copy()
    links = []
    for fmt in EXPORT_FORMATS:
        params["format"] = fmt
        links.append((fmt.upper(), f"?{params.urlencode()}"))
    return links


# --- directory of potential donors (6.1.2) ------------------------------------------------


def overview_tables(counts: PartnerCounts) -> tuple[int, list[CountTable]]:
    """The figures of :func:`selectors.partner_counts` as tables linked to the partner list."""
    list_url = reverse("directory:partner_list")

    def rows(groups: list[GroupCount], param: str) -> list[Row]:
        return _with_bars(
            [
                Row(group.label, group.count, f"{list_url}?{urlencode({param: group.code})}")
                if group.code is not None
                else Row(_("Not stated"), group.count)
                for group in groups
            ]
        )

    return counts.total, [
        CountTable("source_type", _("By source type"), rows(counts.by_source_type, "source_type")),
        CountTable("area", _("By area it funds"), rows(counts.by_area, "area")),
        CountTable(
            "works_in", _("By member state where it works"), rows(counts.by_works_in, "works_in")
        ),
        CountTable("status", _("By relationship status"), rows(counts.by_status, "status")),
    ]


@login_required
@page_requires(may("view", Partner))
def directory_overview(request: HttpRequest) -> HttpResponseBase:
    """Counts of the partners the user may see, as tables and bar charts."""
    total, tables = overview_tables(selectors.partner_counts(user=request.user))
    if request.GET.get("format") in EXPORT_FORMATS:
        rows = [
            [str(table.title), str(row.label), row.count] for table in tables for row in table.rows
        ]
        rows.append([_("Total"), _("Partners"), total])
        return _export_response(
            request,
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


@login_required
@page_requires(may("view", Partner))
def partner_mapping(request: HttpRequest) -> HttpResponseBase:
    """A matrix of the strategic partners, the member states and the strategic axes."""
    states = selectors.member_state_list()
    axes = selectors.strategic_axis_list()
    form = MappingFilterForm(request.GET or None, axes=axes, states=states)
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = selectors.partner_mapping_list(
        user=request.user,
        states=states,
        axes=axes,
        axis=chosen.get("axis", ""),
        works_in=chosen.get("works_in", ""),
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
        return _export_response(request, headers, data, _("Mapping of strategic partners"))
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


@login_required
@page_requires(may("view", FundingCall))
def calls_closing(request: HttpRequest) -> HttpResponse:
    """Funding calls that close within the next 30, 60 or 90 days, soonest first."""
    try:
        within = int(request.GET.get("within", CLOSING_WINDOWS[0]))
    except ValueError:
        within = CLOSING_WINDOWS[0]
    if within not in CLOSING_WINDOWS:
        within = CLOSING_WINDOWS[0]
    today = timezone.localdate()
    rows = selectors.funding_call_closing_list(user=request.user, within=within, today=today)
    tabs = [(days, f"?within={days}", days == within) for days in CLOSING_WINDOWS]
    return render(
        request,
        "directory/calls_closing.html",
        {"rows": rows, "within": within, "tabs": tabs, "today": today},
    )
