"""Reads of the strategy for its pages: overview, plan of action, monitoring, checklist.

Each read runs a fixed number of queries, whatever the size of the plan: related rows
come through ``select_related``/``prefetch_related``, and every queryset, the prefetched
ones too, is filtered by :func:`~mobiliza.core.permissions.restrict`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Prefetch

from mobiliza.coalition.models import Coalition
from mobiliza.core.permissions import restrict
from mobiliza.plan.models import (
    Activity,
    Approach,
    ChecklistItem,
    EvaluationArea,
    EvaluationQuestion,
    FollowUpQuestion,
    Goal,
    Indicator,
    MobilizationStep,
    MonitoringEvidence,
    OperationalObjective,
    ProgrammaticDocument,
    ResourceCategory,
    ResourceKind,
    SourceType,
    StepAction,
    StrategicAxis,
)

M = TypeVar("M", bound=models.Model)


def visible(model: type[M], *, user: Any) -> models.QuerySet[M]:
    """The records of ``model`` that ``user`` may read."""
    return restrict(model._default_manager.all(), user, "view")


def coalition_first(*, user: Any) -> Coalition | None:
    """The coalition whose strategy the pages show (the first one ``user`` may read)."""
    return visible(Coalition, user=user).order_by("pk").first()


@dataclass
class StrategyOverview:
    """The strategy's building blocks (sections 2, 3 and 5.1)."""

    approaches: list[Approach]
    documents: list[ProgrammaticDocument]
    axes: list[StrategicAxis]
    resource_kinds: list[ResourceKind]  # with their categories
    source_types: list[SourceType]
    steps: list[MobilizationStep]  # with their actions


def strategy_overview(*, user: Any) -> StrategyOverview:
    return StrategyOverview(
        approaches=list(visible(Approach, user=user)),
        documents=list(visible(ProgrammaticDocument, user=user)),
        axes=list(visible(StrategicAxis, user=user)),
        resource_kinds=list(
            visible(ResourceKind, user=user).prefetch_related(
                Prefetch("categories", queryset=visible(ResourceCategory, user=user))
            )
        ),
        source_types=list(visible(SourceType, user=user)),
        steps=list(
            visible(MobilizationStep, user=user).prefetch_related(
                Prefetch("actions", queryset=visible(StepAction, user=user))
            )
        ),
    )


@dataclass
class PlanOfAction:
    """Section 5.2: each axis with its operational objectives, and the objectives that
    name no axis. Each objective comes with its activities, goals and indicators."""

    axes: list[tuple[StrategicAxis, list[OperationalObjective]]]
    without_axis: list[OperationalObjective]
    objective_count: int


def plan_of_action(*, user: Any) -> PlanOfAction:
    objectives = list(
        visible(OperationalObjective, user=user)
        .select_related("axis")
        .prefetch_related(
            Prefetch("activities", queryset=visible(Activity, user=user)),
            Prefetch("goals", queryset=visible(Goal, user=user)),
            Prefetch("indicators", queryset=visible(Indicator, user=user)),
        )
    )
    by_axis: dict[int | None, list[OperationalObjective]] = {}
    for objective in objectives:
        by_axis.setdefault(objective.axis_id, []).append(objective)
    return PlanOfAction(
        axes=[(axis, by_axis.get(axis.pk, [])) for axis in visible(StrategicAxis, user=user)],
        without_axis=by_axis.get(None, []),
        objective_count=len(objectives),
    )


@dataclass
class Monitoring:
    """Monitoring and evaluation: evidence per objective (Chart 3), follow-up questions
    (Chart 4) and evaluation areas with their questions (Chart 5)."""

    evidence: list[MonitoringEvidence]
    follow_up_questions: list[FollowUpQuestion]
    areas: list[EvaluationArea]


def monitoring(*, user: Any) -> Monitoring:
    return Monitoring(
        evidence=list(visible(MonitoringEvidence, user=user).select_related("objective__axis")),
        follow_up_questions=list(visible(FollowUpQuestion, user=user)),
        areas=list(
            visible(EvaluationArea, user=user).prefetch_related(
                Prefetch("questions", queryset=visible(EvaluationQuestion, user=user))
            )
        ),
    )


def checklist_item_list(*, user: Any) -> list[ChecklistItem]:
    """Appendix 8.4: the items a project is checked against."""
    return list(visible(ChecklistItem, user=user))


@dataclass(frozen=True)
class PlanFigures:
    """How much of the plan there is to follow: what monitoring and evaluation count today."""

    objectives: int
    indicators: int
    goals: int
    evidence: int
    follow_up_questions: int
    evaluation_areas: int
    evaluation_questions: int


def plan_figures(*, user: Any) -> PlanFigures:
    """The counts of the plan's parts ``user`` may read; one query per part (seven)."""
    return PlanFigures(
        objectives=visible(OperationalObjective, user=user).count(),
        indicators=visible(Indicator, user=user).count(),
        goals=visible(Goal, user=user).count(),
        evidence=visible(MonitoringEvidence, user=user).count(),
        follow_up_questions=visible(FollowUpQuestion, user=user).count(),
        evaluation_areas=visible(EvaluationArea, user=user).count(),
        evaluation_questions=visible(EvaluationQuestion, user=user).count(),
    )
