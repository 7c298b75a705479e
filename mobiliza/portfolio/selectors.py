"""Reads of the portfolio: the board by lifecycle state and the totals sought and funded.

Every figure is added up by the database over the projects the reader may see, in a fixed
number of queries whatever the rows; amounts are in the reporting currency (a project's
``amount_reporting``, a financing line's ``amount_reporting``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from mobiliza.core.money import reporting_currency
from mobiliza.core.permissions import restrict
from mobiliza.plan.models import StrategicAxis
from mobiliza.portfolio.choices import ProjectState
from mobiliza.portfolio.models import Project, ProjectFinancing

ZERO = Decimal(0)


def visible_projects(user: Any) -> QuerySet[Project]:
    return restrict(Project.objects.all(), user, "view")


def projects_for_cards(queryset: QuerySet[Project]) -> QuerySet[Project]:
    """The projects with what a card or a row shows, read in a fixed number of queries."""
    return queryset.select_related("member_state").prefetch_related(
        Prefetch("axes", StrategicAxis.objects.order_by("position")), "member_states"
    )


@dataclass
class Column:
    state: str
    label: Any
    projects: list[Project] = field(default_factory=list)
    count: int = 0
    amount: Decimal = ZERO
    without_amount: int = 0


@dataclass
class Board:
    columns: list[Column]
    currency: str

    @property
    def count(self) -> int:
        return sum(c.count for c in self.columns)

    @property
    def amount(self) -> Decimal:
        return sum((c.amount for c in self.columns), ZERO)


def board_of(queryset: QuerySet[Project]) -> Board:
    """The projects of ``queryset`` in one column per lifecycle state, with each column's
    count and amount sought (three queries: the figures, the cards, their axes and states)."""
    figures: dict[Any, Any] = {
        row["state"]: row
        for row in queryset.order_by()
        .values("state")
        .annotate(
            count=Count("pk"),
            amount=Sum("amount_reporting"),
            without=Count("pk", filter=Q(amount_reporting__isnull=True)),
        )
    }
    columns = {value: Column(value, label) for value, label in ProjectState.choices}
    for state, row in figures.items():
        column = columns.get(state)
        if column is not None:
            column.count = row["count"]
            column.amount = row["amount"] or ZERO
            column.without_amount = row["without"]
    for project in projects_for_cards(queryset.order_by("name_es", "pk")):
        if project.state in columns:
            columns[project.state].projects.append(project)
    return Board(list(columns.values()), reporting_currency())


@dataclass
class TotalsRow:
    key: str
    label: Any
    count: int = 0
    sought: Decimal = ZERO
    funded: Decimal = ZERO

    @property
    def share(self) -> int:
        """The part of the amount sought that is funded, in whole percent (at most 100)."""
        if not self.sought:
            return 0
        return min(100, int(self.funded * 100 / self.sought))


@dataclass
class Totals:
    by_axis: list[TotalsRow]
    by_state: list[TotalsRow]
    sought: Decimal
    funded: Decimal
    count: int
    without_rate: int
    lines_without_rate: int
    currency: str

    @property
    def largest(self) -> Decimal:
        """The largest figure of any row, the bars' full length."""
        values = [max(r.sought, r.funded) for r in (*self.by_axis, *self.by_state)]
        return max(values, default=ZERO)


def portfolio_totals(user: Any) -> Totals:
    """The amount sought and the amount funded (confirmed financing lines) per axis and per
    state, over the projects ``user`` may see, in the reporting currency (five queries)."""
    projects = visible_projects(user)
    lines = ProjectFinancing.objects.filter(confirmed=True, project__in=projects.values("pk"))
    sought_by_axis: dict[Any, Any] = {
        row["axes"]: row
        for row in projects.order_by()
        .values("axes")
        .annotate(count=Count("pk", distinct=True), sought=Sum("amount_reporting"))
    }
    funded_by_axis: dict[Any, Any] = {
        row["project__axes"]: row["funded"]
        for row in lines.order_by().values("project__axes").annotate(funded=Sum("amount_reporting"))
    }
    by_axis = []
    for axis in StrategicAxis.objects.order_by("position"):
        row: dict[str, Any] = sought_by_axis.get(axis.pk, {})
        by_axis.append(
            TotalsRow(
                axis.code,
                axis.name,
                row.get("count", 0),
                row.get("sought") or ZERO,
                funded_by_axis.get(axis.pk) or ZERO,
            )
        )
    if None in sought_by_axis:
        row = sought_by_axis[None]
        by_axis.append(
            TotalsRow(
                "",
                None,
                row["count"],
                row["sought"] or ZERO,
                funded_by_axis.get(None) or ZERO,
            )
        )
    overall = projects.order_by().aggregate(
        count=Count("pk"),
        sought=Sum("amount_reporting"),
        without=Count("pk", filter=Q(amount__isnull=False, amount_reporting__isnull=True)),
    )
    sought_by_state: dict[Any, Any] = {
        row["state"]: row
        for row in projects.order_by()
        .values("state")
        .annotate(count=Count("pk"), sought=Sum("amount_reporting"))
    }
    funded_by_state: dict[Any, Any] = {
        row["project__state"]: row["funded"]
        for row in lines.order_by()
        .values("project__state")
        .annotate(funded=Sum("amount_reporting"))
    }
    by_state = [
        TotalsRow(
            value,
            label,
            sought_by_state.get(value, {}).get("count", 0),
            sought_by_state.get(value, {}).get("sought") or ZERO,
            funded_by_state.get(value) or ZERO,
        )
        for value, label in ProjectState.choices
    ]
    funded = lines.aggregate(
        funded=Sum("amount_reporting"),
        without=Count("pk", filter=Q(amount__isnull=False, amount_reporting__isnull=True)),
    )
    return Totals(
        by_axis=by_axis,
        by_state=by_state,
        sought=overall["sought"] or ZERO,
        funded=funded["funded"] or ZERO,
        count=overall["count"],
        without_rate=overall["without"],
        lines_without_rate=funded["without"],
        currency=reporting_currency(),
    )
