"""Projects and their financing lines under /api/v1/, written through the core services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from mobiliza.core.drf.serializers import EXACT_PARSERS
from mobiliza.core.drf.viewsets import ScopedModelViewSet, expected_version
from mobiliza.plan.models import StrategicAxis
from mobiliza.portfolio import models, services
from mobiliza.portfolio.api import filters, serializers


def _without_version(serializer: Any) -> dict[str, Any]:
    return {k: v for k, v in serializer.validated_data.items() if k != "version"}


@contextmanager
def _states_as_countries(request: Any) -> Iterator[None]:
    """The model's refusals about the member states, said of ``countries`` when that is the
    field the client sent (the serializer maps it onto them)."""
    try:
        yield
    except ValidationError as error:
        if "countries" not in request.data or not hasattr(error, "error_dict"):
            raise
        errors = error.message_dict
        moved = errors.pop("member_states", []) + errors.pop("member_state", [])
        if moved:
            errors["countries"] = moved
        raise ValidationError(errors) from error


class ProjectViewSet(ScopedModelViewSet):
    """Projects and initiatives of the portfolio; the state moves through the steps
    (``transitions/<name>/``), as on the project's page."""

    queryset = models.Project.objects.select_related(
        "member_state", "objective", "activity", "goal"
    ).prefetch_related(
        Prefetch("axes", StrategicAxis.objects.order_by("position")),
        "member_states",
        "partners",
        "approaches",
        "areas",
        "kinds_sought",
        "associated_projects",
    )
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["name_es", "name_en", "description_es", "description_en"]
    ordering_fields = ["name_es", "start_on", "amount_reporting", "updated_at"]

    def perform_create(self, serializer: Any) -> None:
        with _states_as_countries(self.request):
            serializer.instance = services.create_project(
                user=self.request.user, data=_without_version(serializer)
            )

    def perform_update(self, serializer: Any) -> None:
        with _states_as_countries(self.request):
            serializer.instance = services.update_project(
                user=self.request.user,
                project=serializer.instance,
                data=_without_version(serializer),
                version=expected_version(self.request),
            )


class ProjectFinancingViewSet(ScopedModelViewSet):
    """A project's financing lines; writing one needs the right to change its project."""

    queryset = models.ProjectFinancing.objects.select_related("project__member_state")
    serializer_class = serializers.ProjectFinancingSerializer
    filterset_class = filters.ProjectFinancingFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["notes", "partner__name_es", "partner__name_en", "project__name_es"]
    ordering_fields = ["source", "amount_reporting", "updated_at"]
