"""Read-only pages of the strategy: overview, plan of action, monitoring, checklist.

Each page reads a fixed number of queries, whatever the size of the plan; the reads are
in :mod:`mobiliza.plan.selectors`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.views.generic import TemplateView

from mobiliza.core.permissions import can
from mobiliza.plan import selectors
from mobiliza.plan.models import (
    ChecklistItem,
    EvaluationArea,
    OperationalObjective,
    StrategicAxis,
)


class StrategyPageView(LoginRequiredMixin, TemplateView):
    """A page of the strategy; ``model`` is the kind of record whose reading it needs."""

    model: type[models.Model]

    @classmethod
    def allows(cls, user: Any) -> bool:
        """The page's check, which the header asks too (``core.pages``)."""
        return can(user, "view", model=cls.model)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not self.allows(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["coalition"] = selectors.coalition_first(user=self.request.user)
        return context


class OverviewView(StrategyPageView):
    """The coalition's vision and mission and the strategy's building blocks (2, 3, 5.1)."""

    template_name = "plan/overview.html"
    model = StrategicAxis

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(vars(selectors.strategy_overview(user=self.request.user)))
        return context


class PlanOfActionView(StrategyPageView):
    """Section 5.2: the operational objectives of each axis with their activities,
    goals, indicators and timeframe."""

    template_name = "plan/plan_of_action.html"
    model = OperationalObjective

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(vars(selectors.plan_of_action(user=self.request.user)))
        return context


class MonitoringView(StrategyPageView):
    """Monitoring and evaluation: evidence per objective (Chart 3), follow-up
    questions (Chart 4) and evaluation areas with their questions (Chart 5)."""

    template_name = "plan/monitoring.html"
    model = EvaluationArea

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(vars(selectors.monitoring(user=self.request.user)))
        return context


class ChecklistView(StrategyPageView):
    """Appendix 8.4: the items a project is checked against."""

    template_name = "plan/checklist.html"
    model = ChecklistItem

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["items"] = selectors.checklist_item_list(user=self.request.user)
        return context
