"""The "resources mobilized" page: totals in the reporting currency, split by status.

The figures come from :func:`mobiliza.agreements.selectors.contribution_totals` (added up
by the database in a fixed number of queries); the page shows them as tables with
stacked horizontal bars drawn on the server as SVG, and downloads them as XLSX or CSV
(``?format=xlsx`` / ``?format=csv``) with headers in the reader's language.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobiliza.agreements.choices import ContributionStatus
from mobiliza.agreements.models import Contribution
from mobiliza.agreements.selectors import STATUSES, cached_contribution_totals
from mobiliza.coalition.models import MemberState
from mobiliza.core.pages import may, page_requires
from mobiliza.core.permissions import can
from mobiliza.core.spreadsheets import Money, dated_name, table_download
from mobiliza.pipeline.models import Opportunity
from mobiliza.plan.models import ResourceCategory

EXPORT_FORMATS = ("xlsx", "csv")
# Fill colours of the stacked bars (attributes, not styles: the CSP forbids inline styles).
STATUS_COLOURS = {
    ContributionStatus.PLEDGED: "#9cc3d5",
    ContributionStatus.COMMITTED: "#3f86a6",
    ContributionStatus.RECEIVED: "#083f56",
}


class TotalsFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None
    )
    country = forms.ModelChoiceField(
        label=gettext_lazy("Member state"),
        required=False,
        queryset=MemberState.objects.order_by("position"),
        to_field_name="code",
        empty_label=gettext_lazy("All"),
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", gettext_lazy("All"))
        self.fields["year"].choices = [everything, *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
        self.fields["status"].choices = [everything, *ContributionStatus.choices]  # type: ignore[attr-defined]


def _export_links(request: HttpRequest) -> list[tuple[str, str]]:
    params = request.GET.copy()
    links = []
    for fmt in EXPORT_FORMATS:
        params["format"] = fmt
        links.append((fmt.upper(), f"?{params.urlencode()}"))
    return links


@login_required
@page_requires(may("view", Contribution))
def totals(request: HttpRequest) -> HttpResponseBase:
    """Resources mobilized, as the user may see them, by kind, source, axis, country..."""
    asked = request.GET.get("year", "")
    # Which year the user asked for is checked against the years there are, which come
    # with the (cached) totals: a first pass of the form takes any plausible year.
    plausible = [int(asked)] if asked.isdigit() and 1900 <= int(asked) <= 2200 else []
    form = TotalsFilterForm(request.GET or None, years=plausible)
    chosen = form.cleaned_data if form.is_valid() else {}
    list_url = reverse("agreements:contribution_list")
    current = {
        key: value
        for key, value in {
            "year": chosen.get("year"),
            "country": chosen["country"].code if chosen.get("country") else None,
            "status": chosen.get("status"),
        }.items()
        if value
    }

    def link(**params: Any) -> str:
        return f"{list_url}?{urlencode({**current, **params})}"

    result, years = cached_contribution_totals(
        user=request.user,
        year=chosen.get("year"),
        member_state=chosen.get("country"),
        status=chosen.get("status") or None,
        link=link,
        link_key=list_url,
    )
    # The form again, now offering the years there are (a year with nothing yet shows
    # zeros, not everything).
    form = TotalsFilterForm(request.GET or None, years=sorted({*years, *plausible}, reverse=True))
    form.is_valid()
    if request.GET.get("format") in EXPORT_FORMATS:
        return _export(request, result)
    for table in result.tables:
        for row in table.rows:
            row.bars = [
                (status, x, width, STATUS_COLOURS[ContributionStatus(status)])
                for status, x, width in row.bars
            ]
    legend = [(status.value, status.label, STATUS_COLOURS[status]) for status in STATUSES]
    return render(
        request,
        "agreements/totals.html",
        {
            "form": form,
            "totals": result,
            "legend": legend,
            "export_links": _export_links(request),
            "filtered": bool(current),
            # The board is linked only for those who may open it (not a partner viewer).
            "board_url": reverse("pipeline:board")
            if can(request.user, "view", model=Opportunity)
            else "",
        },
    )


def _whole(label: Any) -> str:
    # A category's own str() is cut for the page's tables; the file keeps its whole name.
    if isinstance(label, ResourceCategory):
        return str(label.name)
    return str(label)


def _export(request: HttpRequest, result: Any) -> HttpResponseBase:
    currency = result.currency
    header = [
        _("Grouping"),
        _("Item"),
        *(
            _("%(status)s (%(currency)s)") % {"status": status.label, "currency": currency}
            for status in STATUSES
        ),
        _("Total (%(currency)s)") % {"currency": currency},
        _("Contributions"),
        _("Number of people"),
        _("Person-months"),
        _("Quantity"),
    ]
    rows: list[list[Any]] = []
    for table in result.tables:
        for row in table.rows:
            rows.append(
                [
                    str(table.title),
                    _whole(row.label),
                    Money(row.pledged, currency),
                    Money(row.committed, currency),
                    Money(row.received, currency),
                    Money(row.total, currency),
                    row.count,
                    row.people or None,
                    row.person_months or None,
                    row.quantity or None,
                ]
            )
    grand = result.grand
    rows.append(
        [
            _("Total"),
            "",
            Money(grand.pledged, currency),
            Money(grand.committed, currency),
            Money(grand.received, currency),
            Money(grand.total, currency),
            grand.count,
            grand.people or None,
            grand.person_months or None,
            grand.quantity or None,
        ]
    )
    title = _("Resources mobilized")
    return table_download(request.GET.get("format", "xlsx"), dated_name(title), header, rows, title)
