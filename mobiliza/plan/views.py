"""Read-only pages of the strategy: overview, plan of action, monitoring, checklist.

Each page reads a fixed number of queries, whatever the size of the plan: related
rows come through ``select_related``/``prefetch_related``, every queryset filtered
by :func:`~mobiliza.core.permissions.restrict`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponseBase
from django.views.generic import TemplateView

from mobiliza.coalition.models import Coalition
from mobiliza.core.permissions import can, restrict
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


class StrategyPageView(LoginRequiredMixin, TemplateView):
    """A page of the strategy; ``model`` is the kind of record whose reading it needs."""

    model: type[models.Model]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not can(request.user, "view", model=self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def visible(self, model: type[models.Model]) -> models.QuerySet:
        return restrict(model._default_manager.all(), self.request.user, "view")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["coalition"] = self.visible(Coalition).order_by("pk").first()
        return context


class OverviewView(StrategyPageView):
    """The coalition's vision and mission and the strategy's building blocks (2, 3, 5.1)."""

    template_name = "plan/overview.html"
    model = StrategicAxis

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            approaches=list(self.visible(Approach)),
            documents=list(self.visible(ProgrammaticDocument)),
            axes=list(self.visible(StrategicAxis)),
            resource_kinds=list(
                self.visible(ResourceKind).prefetch_related(
                    Prefetch("categories", queryset=self.visible(ResourceCategory))
                )
            ),
            source_types=list(self.visible(SourceType)),
            steps=list(
                self.visible(MobilizationStep).prefetch_related(
                    Prefetch("actions", queryset=self.visible(StepAction))
                )
            ),
        )
        return context


class PlanOfActionView(StrategyPageView):
    """Section 5.2: the operational objectives of each axis with their activities,
    goals, indicators and timeframe."""

    template_name = "plan/plan_of_action.html"
    model = OperationalObjective

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        objectives = list(
            self.visible(OperationalObjective)
            .select_related("axis")
            .prefetch_related(
                Prefetch("activities", queryset=self.visible(Activity)),
                Prefetch("goals", queryset=self.visible(Goal)),
                Prefetch("indicators", queryset=self.visible(Indicator)),
            )
        )
        by_axis: dict[int | None, list[OperationalObjective]] = {}
        for objective in objectives:
            by_axis.setdefault(objective.axis_id, []).append(objective)
        context["axes"] = [(axis, by_axis.get(axis.pk, [])) for axis in self.visible(StrategicAxis)]
        context["without_axis"] = by_axis.get(None, [])
        context["objective_count"] = len(objectives)
        return context


class MonitoringView(StrategyPageView):
    """Monitoring and evaluation: evidence per objective (Chart 3), follow-up
    questions (Chart 4) and evaluation areas with their questions (Chart 5)."""

    template_name = "plan/monitoring.html"
    model = EvaluationArea

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            evidence=list(self.visible(MonitoringEvidence).select_related("objective__axis")),
            follow_up_questions=list(self.visible(FollowUpQuestion)),
            areas=list(
                self.visible(EvaluationArea).prefetch_related(
                    Prefetch("questions", queryset=self.visible(EvaluationQuestion))
                )
            ),
        )
        return context


class ChecklistView(StrategyPageView):
    """Appendix 8.4: the items a project is checked against."""

    template_name = "plan/checklist.html"
    model = ChecklistItem

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["items"] = list(self.visible(ChecklistItem))
        return context
