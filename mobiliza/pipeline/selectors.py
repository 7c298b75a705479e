"""Reads of the pipeline: the board with its totals, an opportunity's checklist and history."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from mobiliza.core.money import AMOUNT_SCALE, reporting_currency
from mobiliza.core.permissions import restrict
from mobiliza.pipeline.choices import Outcome
from mobiliza.pipeline.models import ActionDone, Opportunity
from mobiliza.pipeline.services import stage_periods, time_in_steps
from mobiliza.plan.models import MobilizationStep, StepAction


def project_model() -> Any:
    """The portfolio's project, which an opportunity names (the pipeline sits below the
    portfolio, so it reaches the model through the relation rather than an import)."""
    return Opportunity._meta.get_field("project").related_model


def visible_projects(user: Any) -> QuerySet:
    """The projects and initiatives ``user`` may view: those a form offers to link."""
    return restrict(project_model().objects.all(), user, "view")


def _amount(units: Any, scale: int = AMOUNT_SCALE) -> Decimal:
    """A sum of stored whole units (see ``ScaledDecimalField``) as an exact Decimal."""
    return Decimal(int(units or 0)).scaleb(-scale)


@dataclass
class BoardColumn:
    step: MobilizationStep
    cards: list[Opportunity] = field(default_factory=list)
    count: int = 0
    expected: Decimal = Decimal(0)  # in the reporting currency
    weighted: Decimal = Decimal(0)  # expected × probability / 100, exact
    without_rate: int = 0  # cards with an amount that could not be converted: left out

    @property
    def hidden(self) -> int:
        """Open opportunities of this step not shown as cards (see ``CARDS_PER_COLUMN``)."""
        return max(self.count - len(self.cards), 0)


@dataclass
class Board:
    columns: list[BoardColumn]
    currency: str
    won: int
    lost: int

    @property
    def count(self) -> int:
        return sum(c.count for c in self.columns)

    @property
    def expected(self) -> Decimal:
        return sum((c.expected for c in self.columns), Decimal(0))

    @property
    def weighted(self) -> Decimal:
        return sum((c.weighted for c in self.columns), Decimal(0))

    @property
    def without_rate(self) -> int:
        return sum(c.without_rate for c in self.columns)


def has_no_rate(opportunity: Opportunity) -> bool:
    """An amount was given but its currency has no exchange rate (not converted)."""
    return (
        opportunity.expected_amount is not None
        and bool(opportunity.currency)
        and opportunity.expected_amount_reporting is None
    )


# Enough cards to work a column with; the rest are one click away in the list.
CARDS_PER_COLUMN = 20


BoardFigures = tuple[dict[Any, dict[str, Any]], dict[str, int]]


def board_figures(opportunities: QuerySet[Opportunity]) -> BoardFigures:
    """The column totals of the open ``opportunities`` and the counts of closed ones."""
    return _column_totals(opportunities.filter(outcome=Outcome.OPEN)), _closed_counts(opportunities)


@dataclass(frozen=True)
class Mobilized:
    """What an app above the pipeline has mobilized for opportunities.

    The agreements app registers its contributions (from its ``AppConfig.ready()``), so
    the board adds up what its opportunities brought without the pipeline importing it:
    ``total(opportunities, user)`` is in the reporting currency, and ``models`` are what
    it reads, for the board's cache.
    """

    models: tuple[Any, ...]
    total: Callable[[QuerySet[Opportunity], Any], Decimal]


_MOBILIZED: dict[str, Mobilized] = {}


def count_mobilized(name: str, mobilized: Mobilized) -> None:
    """Add ``mobilized`` to the board's figure (once per name)."""
    _MOBILIZED[name] = mobilized


def board_depends_on() -> tuple[Any, ...]:
    """What the board's figures read: the opportunities, the partners their search
    names, the projects it names (the portfolio's, found by name: the app sits above this
    one), and what was mobilized (checked whenever they are computed)."""
    from django.apps import apps

    from mobiliza.directory.models import Partner

    models = [model for mobilized in _MOBILIZED.values() for model in mobilized.models]
    return (Opportunity, Partner, apps.get_model("portfolio", "Project"), *models)


def cached_board_figures(
    opportunities: QuerySet[Opportunity], *, user: Any, cache_key: str
) -> tuple[BoardFigures, Decimal]:
    """:func:`board_figures` and what the ``opportunities`` have mobilized (their
    contributions, in the reporting currency), kept until a table they read changes
    (see :mod:`mobiliza.core.freshness`). ``cache_key`` names the filters; the reader's
    scope is added by the cache."""
    from mobiliza.core.freshness import cached

    def compute() -> tuple[BoardFigures, Decimal]:
        mobilized = sum((m.total(opportunities, user) for m in _MOBILIZED.values()), Decimal(0))
        return board_figures(opportunities), mobilized

    return cached("board", (cache_key,), board_depends_on(), compute, user=user)


def board_of(opportunities: QuerySet[Opportunity], *, figures: BoardFigures | None = None) -> Board:
    """The open ``opportunities`` by step, with totals added up in SQL; a fixed number of queries.

    ``opportunities`` is already restricted to what the reader may see and filtered.
    ``figures`` are its :func:`board_figures` when the caller has them (from a cache);
    the cards are always read.
    """
    steps = list(MobilizationStep.objects.order_by("position"))
    open_ones = opportunities.filter(outcome=Outcome.OPEN)
    totals, closed = figures if figures is not None else board_figures(opportunities)
    columns = {step.pk: BoardColumn(step=step) for step in steps}
    for step_id, row in totals.items():
        column = columns.get(step_id)
        if column is None:
            continue
        column.count = row["n"]
        column.expected = _amount(row["expected_units"])
        # ÷ 100 for the percentage: two more decimal places, still exact.
        column.weighted = _amount(row["weighted_units"], AMOUNT_SCALE + 2)
        column.without_rate = row["without_rate"]
    for card in _cards(open_ones, steps):
        column = columns.get(card.step_id)
        if column is not None:
            column.cards.append(card)
    return Board(
        columns=list(columns.values()),
        currency=reporting_currency(),
        won=closed.get(Outcome.WON, 0),
        lost=closed.get(Outcome.LOST, 0),
    )


def _column_totals(open_ones: QuerySet[Opportunity]) -> dict[Any, dict[str, Any]]:
    # Amounts are stored as whole ten-thousandths: summing the raw integers (and their
    # products with the whole-number probability) is exact on every database.
    raw_weighted = ExpressionWrapper(
        F("expected_amount_reporting") * F("probability"), output_field=BigIntegerField()
    )
    return {
        row["step"]: dict(row)
        for row in open_ones.order_by()
        .values("step")
        .annotate(
            n=Count("pk"),
            expected_units=Sum("expected_amount_reporting", output_field=BigIntegerField()),
            weighted_units=Sum(raw_weighted, output_field=BigIntegerField()),
            without_rate=Count(
                "pk",
                filter=Q(expected_amount__isnull=False, expected_amount_reporting__isnull=True)
                & ~Q(currency=""),
            ),
        )
    }


def _closed_counts(opportunities: QuerySet[Opportunity]) -> dict[str, int]:
    return dict(
        opportunities.exclude(outcome=Outcome.OPEN)
        .order_by()
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )


def _cards(open_ones: QuerySet[Opportunity], steps: list[MobilizationStep]) -> list[Opportunity]:
    """At most CARDS_PER_COLUMN cards a step, the most urgent first, in one query.

    On PostgreSQL each step's cards are one ``LIMIT`` read along an index, joined with
    ``UNION ALL``, so the cost does not grow with the number of opportunities; SQLite
    cannot limit the parts of a union and numbers the rows with a window function.
    """
    urgency = [F("next_action_on").asc(nulls_last=True), F("title").asc(), F("pk").asc()]
    ordered = open_ones.select_related("partner", "owner", "member_state").order_by(*urgency)
    if connection.features.supports_slicing_ordering_in_compound and steps:
        parts = [ordered.filter(step=step)[:CARDS_PER_COLUMN] for step in steps]
        cards = list(parts[0].union(*parts[1:], all=True)) if len(parts) > 1 else list(parts[0])
        far = datetime.date.max
        return sorted(cards, key=lambda o: (o.next_action_on or far, o.title, o.pk))
    return list(
        ordered.annotate(place=Window(RowNumber(), partition_by=[F("step")], order_by=urgency))
        .filter(place__lte=CARDS_PER_COLUMN)
        .order_by(*urgency)
    )


@dataclass(frozen=True)
class ChecklistItem:
    action: StepAction
    done: ActionDone | None


def checklist_of(opportunity: Opportunity) -> list[ChecklistItem]:
    """The actions its current step lists, each with whether (and by whom) it was done."""
    actions = list(StepAction.objects.filter(step_id=opportunity.step_id).order_by("position"))
    done = {
        tick.action_id: tick
        for tick in ActionDone.objects.filter(
            opportunity=opportunity, action__in=actions
        ).select_related("done_by")
    }
    return [ChecklistItem(action=a, done=done.get(a.pk)) for a in actions]


@dataclass(frozen=True)
class HistoryRow:
    """One move of an opportunity and how long it stayed there."""

    step: MobilizationStep
    outcome: str
    outcome_label: str
    moved_at: datetime.datetime
    moved_by: Any
    until: datetime.datetime | None
    duration: datetime.timedelta

    @property
    def days(self) -> int:
        return self.duration.days


@dataclass(frozen=True)
class StepTime:
    step: MobilizationStep
    duration: datetime.timedelta

    @property
    def days(self) -> int:
        return self.duration.days


def stage_history(
    opportunity: Opportunity, now: datetime.datetime | None = None
) -> tuple[list[HistoryRow], list[StepTime]]:
    """Every move, oldest first, and the total time spent in each step (in step order)."""
    now = now or timezone.now()
    changes = sorted(
        opportunity.stage_changes.select_related("step", "moved_by"),
        key=lambda c: (c.moved_at, c.pk),
    )
    periods = stage_periods(changes)
    rows = [
        HistoryRow(
            step=change.step,
            outcome=change.outcome,
            outcome_label=str(Outcome(change.outcome).label),
            moved_at=change.moved_at,
            moved_by=change.moved_by,
            until=period.ended,
            duration=period.duration(now),
        )
        for change, period in zip(changes, periods, strict=True)
    ]
    totals = time_in_steps(changes, now=now)
    steps = {change.step.pk: change.step for change in changes}
    spent = [
        StepTime(step=steps[step_id], duration=duration)
        for step_id, duration in sorted(
            totals.items(), key=lambda item: (steps[item[0]].position, item[0])
        )
    ]
    return rows, spent


# --- figures for the home pages -----------------------------------------------------------


@dataclass(frozen=True)
class StepCount:
    """The open opportunities at one step, with the bar's width (hundredths of the largest
    step's count, for an SVG attribute: the CSP forbids inline styles)."""

    step: MobilizationStep
    count: int
    width: int


def step_count_list(*, user: Any, member_state: Any = None) -> list[StepCount]:
    """Every step of the pipeline in order with the open opportunities ``user`` may see at
    it (steps with none included); two queries."""
    open_ones = restrict(Opportunity.objects.filter(outcome=Outcome.OPEN), user, "view")
    if member_state is not None:
        open_ones = open_ones.filter(member_state=member_state)
    counts = dict(
        open_ones.order_by().values("step").annotate(n=Count("pk")).values_list("step", "n")
    )
    top = max(counts.values(), default=0)
    return [
        StepCount(
            step=step,
            count=counts.get(step.pk, 0),
            width=round(100 * counts.get(step.pk, 0) / top) if top else 0,
        )
        for step in MobilizationStep.objects.order_by("position")
    ]


@dataclass(frozen=True)
class ActionsDue:
    count: int
    late: int
    first: list[Opportunity]


def opportunity_action_due_list(
    *, user: Any, owner: Any, today: datetime.date, within: int = 7, limit: int = 5
) -> ActionsDue:
    """The open opportunities ``owner`` owns whose next action falls due within ``within``
    days or is late, among those ``user`` may see; two queries."""
    until = today + datetime.timedelta(days=within)
    due = restrict(
        Opportunity.objects.filter(outcome=Outcome.OPEN, owner=owner, next_action_on__lte=until),
        user,
        "view",
    )
    counts = due.order_by().aggregate(
        n=Count("pk"), late=Count("pk", filter=Q(next_action_on__lt=today))
    )
    first = list(due.select_related("partner").order_by("next_action_on", "pk")[:limit])
    return ActionsDue(counts["n"], counts["late"], first)
