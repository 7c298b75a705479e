"""Pages of the portfolio: the projects (list, page, form), their financing lines, the board
by lifecycle state, the totals sought and funded, and the list's export.

A project's page shows the two 8.3 sheets' sections, its financing, the steps of its
lifecycle the reader may take (a suspension is the suspensions part's own section, never
a plain button), the sections the portfolio's parts register (``parts.py``) and its history.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext

from mobiliza.core import views as core_views
from mobiliza.core.forms import refuse_country
from mobiliza.core.models import translated_field_names
from mobiliza.core.money import format_money, reporting_currency
from mobiliza.core.pages import may, page_requires
from mobiliza.core.permissions import can, hidden_fields, restrict
from mobiliza.core.spreadsheets import table_download
from mobiliza.portfolio import (
    exports,
    filters,
    forms,
    models,
    parts,
    selectors,
    services,
    tables,
)
from mobiliza.portfolio.sdgs import goal_name, target_name

# Steps the generic buttons do not offer: the suspensions part has its own section.
OWN_SECTION_STEPS = ("suspend", "resume")
MANY = (
    "axes",
    "member_states",
    "partners",
    "associated_projects",
    "approaches",
    "areas",
    "kinds_sought",
)
EXPORT_FORMATS = ("xlsx", "csv")


class ServiceErrorsMixin:
    """A rule the services check is shown on the form, not a server error."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]


# --- the project's page -------------------------------------------------------------------


def _base_names(names: Any) -> list[str]:
    """A section's form fields as the page names them: a text in both languages once."""
    translated = set(translated_field_names(*forms.NARRATIVE, "name"))
    shown: list[str] = []
    for name in names:
        base = name.rsplit("_", 1)[0] if name in translated else name
        if base not in shown:
            shown.append(base)
    return shown


def _label(name: str) -> Any:
    descriptor = models.Project.__dict__.get(name)
    if descriptor is not None and hasattr(descriptor, "verbose_name"):
        return descriptor.verbose_name
    field: Any = models.Project._meta.get_field(name)
    return field.verbose_name


def _value(project: models.Project, name: str) -> Any:
    if name in MANY:
        return [str(item) for item in getattr(project, name).all()]
    if name == "sdg_goals":
        return [goal_name(goal) for goal in project.sdg_goals or []]
    if name == "sdg_targets":
        return [target_name(code) for code in project.sdg_targets or []]
    return core_views._field_value(project, name)


def sheet_sections(project: models.Project, user: Any) -> list[dict[str, Any]]:
    """The project's facts in the sections of the 8.3 sheets, as the form groups them."""
    hidden = hidden_fields(user, project)
    narrative = set(forms.NARRATIVE)
    found = []
    for section in forms.SHEET_SECTIONS:
        rows = [
            _row(_label(name), _value(project, name), narrative=name in narrative)
            for name in _base_names(section.fields)
            if name not in hidden
        ]
        if section.fields == ("overall_cost",):
            amount = _money(project.amount_reporting, reporting_currency())
            rows.append(_row(_label("amount_reporting"), amount))
        if rows:
            found.append({"legend": section.legend, "help": section.help, "rows": rows})
    return found


def _row(label: Any, value: Any, *, narrative: bool = False) -> dict[str, Any]:
    """A fact of the page: a value, or ``items`` for a list of names (badges)."""
    many = isinstance(value, list)
    return {
        "label": capfirst(str(label)),
        "value": None if many else value,
        "items": value if many else None,
        "narrative": narrative,
    }


def _money(amount: Decimal | None, currency: str) -> str | None:
    return format_money(amount, currency) if amount is not None and currency else None


def financing_context(project: models.Project, user: Any) -> dict[str, Any]:
    lines = list(
        restrict(project.financing.select_related("partner"), user, "view").order_by("source", "pk")
    )
    confirmed = sum(
        (line.amount_reporting or Decimal(0) for line in lines if line.confirmed), Decimal(0)
    )
    sought = sum((line.amount_reporting or Decimal(0) for line in lines), Decimal(0))
    currency = reporting_currency()
    return {
        "lines": [
            {
                "line": line,
                "amount": _money(line.amount, line.currency),
                "amount_reporting": _money(line.amount_reporting, currency),
            }
            for line in lines
        ],
        "confirmed": format_money(confirmed, currency),
        "total": format_money(sought, currency),
        "without_rate": sum(
            1 for line in lines if line.amount is not None and line.amount_reporting is None
        ),
        "can_add": can(user, "change", project),
    }


class ProjectListView(core_views.RecordListView):
    model = models.Project
    select_related = ("member_state",)
    table_class = tables.ProjectTable
    filterset_class = filters.ProjectFilter
    template_name = "portfolio/project_list.html"
    bulk_export = True

    def shape_queryset(self, queryset: Any) -> Any:
        return selectors.projects_for_cards(queryset)


class ProjectDetailView(core_views.RecordDetailView):
    model = models.Project
    select_related = (
        "member_state",
        "executing_partner",
        "executing_body",
        "objective",
        "activity",
        "goal",
    )
    fields: list[str] = []  # the sheet's sections say them (sheet_sections)
    template_name = "portfolio/project_detail.html"

    def get_detail_extra(self) -> dict[str, Any]:
        project = self.object
        user = self.request.user
        prefetch_related_objects([project], *MANY)
        steps = [
            step
            for step in core_views.transitions_context(user, project)
            if step["transition"].name not in OWN_SECTION_STEPS
        ]
        return {
            "transitions": steps,
            "sections": sheet_sections(project, user),
            "financing": financing_context(project, user),
            "parts": parts.parts_for(project, self.request),
        }


class ProjectCreateView(ServiceErrorsMixin, core_views.RecordCreateView):
    """A focal point adds a project of its own state, or a regional one its state takes
    part in (``services.create_project``)."""

    model = models.Project
    form_class = forms.ProjectForm

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = services.create_project(user=self.request.user, data=form.model_data())
        except PermissionDenied:
            refuse_country(form, gettext("You may not create this record for that member state."))
            return self.form_invalid(form)
        messages.success(self.request, gettext("Saved: %(name)s.") % {"name": self.object})
        return redirect(self.get_success_url())


class ProjectUpdateView(ServiceErrorsMixin, core_views.RecordUpdateView):
    model = models.Project
    select_related = ("member_state",)
    form_class = forms.ProjectForm

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.refuse_leaving_scope(self.request.user, self.object, form.model_data())
        except PermissionDenied:
            refuse_country(form, gettext("You may not move this record to another member state."))
            return self.form_invalid(form)
        return super().form_valid(form)


class ProjectDeleteView(core_views.RecordDeleteView):
    model = models.Project


# --- financing lines ----------------------------------------------------------------------


class BackToProjectMixin:
    object: Any

    def get_success_url(self) -> str:
        return f"{self.object.project.get_absolute_url()}#financing"


class ProjectFinancingListView(core_views.RecordListView):
    model = models.ProjectFinancing
    select_related = ("project", "partner")
    table_class = tables.ProjectFinancingTable
    filterset_class = filters.ProjectFinancingFilter


class ProjectFinancingDetailView(core_views.RecordDetailView):
    model = models.ProjectFinancing
    select_related = ("project", "partner")
    fields = ["project", "source", "partner", "amount", "confirmed", "notes"]

    def get_detail_extra(self) -> dict[str, Any]:
        line = self.object
        hidden = hidden_fields(self.request.user, line)
        rows = [
            (core_views._field_label(line, n), core_views._field_value(line, n))
            for n in self.fields
            if n not in hidden
        ]
        rows.append(
            (
                _label_of(models.ProjectFinancing, "amount_reporting"),
                _money(line.amount_reporting, reporting_currency()),
            )
        )
        return {"field_rows": rows}


def _label_of(model: Any, name: str) -> Any:
    field: Any = model._meta.get_field(name)
    return field.verbose_name


class ProjectFinancingCreateView(
    BackToProjectMixin, ServiceErrorsMixin, core_views.RecordCreateView
):
    model = models.ProjectFinancing
    form_class = forms.ProjectFinancingForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        project_id = self.request.GET.get("project", "")
        if project_id.isdigit():
            project = (
                restrict(models.Project.objects.all(), self.request.user, "view")
                .filter(pk=project_id)
                .first()
            )
            if project is not None and project.currency:
                initial.setdefault("currency", project.currency)
        return initial


class ProjectFinancingUpdateView(
    BackToProjectMixin, ServiceErrorsMixin, core_views.RecordUpdateView
):
    model = models.ProjectFinancing
    select_related = ("project",)
    form_class = forms.ProjectFinancingForm


class ProjectFinancingDeleteView(core_views.RecordDeleteView):
    model = models.ProjectFinancing
    select_related = ("project",)

    def list_url(self) -> str:
        return f"{self.object.project.get_absolute_url()}#financing"


# --- the board and the totals -------------------------------------------------------------


@login_required
@page_requires(may("view", models.Project))
def board(request: HttpRequest) -> HttpResponse:
    """The projects the reader may see, one column per lifecycle state (filters as the list)."""
    queryset = selectors.visible_projects(request.user)
    filterset = filters.ProjectFilter(request.GET, queryset=queryset)
    core_views.restrict_choices(filterset.form, request.user)
    shown = filterset.qs if filterset.is_valid() else queryset.none()
    the_board = selectors.board_of(shown)
    return render(
        request,
        "portfolio/board.html",
        {
            "board": the_board,
            "filter": filterset,
            "can_add": can(request.user, "add", model=models.Project),
        },
    )


@login_required
@page_requires(may("view", models.Project))
def totals(request: HttpRequest) -> HttpResponse:
    """The amount sought and funded, per strategic axis and per lifecycle state."""
    figures = selectors.portfolio_totals(request.user)
    largest = figures.largest

    def bars(rows: list[selectors.TotalsRow]) -> list[dict[str, Any]]:
        return [
            {
                "row": row,
                "sought": format_money(row.sought, figures.currency),
                "funded": format_money(row.funded, figures.currency),
                "sought_width": _width(row.sought, largest),
                "funded_width": _width(row.funded, largest),
            }
            for row in rows
        ]

    return render(
        request,
        "portfolio/totals.html",
        {
            "totals": figures,
            "by_axis": bars(figures.by_axis),
            "by_state": bars(figures.by_state),
            "sought": format_money(figures.sought, figures.currency),
            "funded": format_money(figures.funded, figures.currency),
        },
    )


def _width(amount: Decimal, largest: Decimal) -> int:
    """A bar's length in the SVG's units (0 to 200) for ``amount`` out of ``largest``."""
    if not largest or amount <= 0:
        return 0
    return max(1, int(amount * 200 / largest))


@login_required
@page_requires(may("view", models.Project))
def project_export(request: HttpRequest) -> HttpResponseBase:
    """The project list as the page shows it (same filters), as XLSX or CSV."""
    query = request.GET.copy()
    for name in ("format", "page", "sort"):
        query.pop(name, None)
    projects = exports.projects_for_export(user=request.user, query=query)
    kind = request.GET.get("format", "xlsx")
    header, rows = exports.project_export_table(projects, request.user)
    return table_download(
        "csv" if kind == "csv" else "xlsx",
        exports.export_name(),
        header,
        rows,
        title=exports.export_title(),
    )
