"""The project list as a spreadsheet: which projects, and the header and rows of the file.

The columns are the project's fields (``PROJECT_FIELDS.spreadsheet_names()``), titled in
the reader's language; a list of links (axes, member states, areas) is one cell of names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mobiliza.core.money import reporting_currency
from mobiliza.core.permissions import hidden_fields, restrict
from mobiliza.core.spreadsheets import EXPORT_CHUNK, Money, dated_name
from mobiliza.portfolio import filters
from mobiliza.portfolio.models import PROJECT_FIELDS, Project
from mobiliza.portfolio.sdgs import goal_name, target_name

MANY = (
    "axes",
    "member_states",
    "partners",
    "associated_projects",
    "approaches",
    "areas",
    "kinds_sought",
)
MONEY = ("amount", "overall_cost")


def projects_for_export(*, user: Any, query: Any) -> QuerySet[Project]:
    """The projects ``user`` may see that the list's filters in ``query`` keep."""
    queryset = restrict(
        Project.objects.select_related(
            "member_state",
            "executing_partner",
            "executing_body",
            "objective",
            "activity",
            "goal",
        ).prefetch_related(*MANY),
        user,
        "view",
    )
    filterset = filters.ProjectFilter(query, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset.none()


def export_name() -> str:
    """``proyectos-2026-12-04``, in the active language."""
    return dated_name(Project._meta.verbose_name_plural)


def export_title() -> str:
    return str(Project._meta.verbose_name_plural).capitalize()


def _names(related: Any) -> str:
    return "; ".join(str(item) for item in related.all())


def _cell(name: str) -> Callable[[Project], Any]:
    """How the column ``name`` reads a project."""
    if name in MANY:
        return lambda p: _names(getattr(p, name))
    if name in MONEY:
        return lambda p: Money(getattr(p, name), p.currency)
    if name == "amount_reporting":
        currency = reporting_currency()
        return lambda p: Money(p.amount_reporting, currency)
    if name == "sdg_goals":
        return lambda p: "; ".join(goal_name(g) for g in p.sdg_goals or [])
    if name == "sdg_targets":
        return lambda p: "; ".join(target_name(t) for t in p.sdg_targets or [])
    field: Any = Project._meta.get_field(name)
    if field.choices:
        return lambda p: getattr(p, f"get_{name}_display")()
    if field.get_internal_type() == "BooleanField":
        yes, no = _("Yes"), _("No")
        return lambda p: yes if getattr(p, name) else no

    def value(p: Project) -> Any:
        found = getattr(p, name)
        return str(found) if isinstance(found, Model) else found

    return value


def _verbose_name(name: str) -> Any:
    field: Any = Project._meta.get_field(name)
    return field.verbose_name


def project_export_table(
    projects: QuerySet[Project], user: Any = None
) -> tuple[list[str], Iterator[list[Any]]]:
    """The header (in the active language) and the rows, read a chunk at a time."""
    hidden = hidden_fields(user, Project) if user is not None else frozenset()
    names = [n for n in PROJECT_FIELDS.spreadsheet_names() if n not in hidden]
    header = [_("ID"), *(capfirst(str(_verbose_name(n))) for n in names)]
    cells = [_cell(n) for n in names]
    rows = (
        [project.pk, *(cell(project) for cell in cells)]
        for project in projects.order_by("name_es", "pk").iterator(chunk_size=EXPORT_CHUNK)
    )
    return header, rows
