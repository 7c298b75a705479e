"""The pipeline under /api/v1/: opportunities, their moves, and interactions."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from mobiliza.core.drf.serializers import EXACT_PARSERS
from mobiliza.core.drf.viewsets import ScopedModelViewSet, expected_version
from mobiliza.pipeline import models, services
from mobiliza.pipeline.api import filters, serializers


class OpportunityViewSet(ScopedModelViewSet):
    """Opportunities through the five steps; ``move`` and ``close`` keep the stage history."""

    queryset = models.Opportunity.objects.select_related(
        "member_state", "axis", "resource_kind", "step"
    ).prefetch_related(
        Prefetch("stage_changes", models.StageChange.objects.select_related("step")),
        Prefetch("actions_done", models.ActionDone.objects.select_related("action")),
    )
    serializer_class = serializers.OpportunitySerializer
    filterset_class = filters.OpportunityFilter
    parser_classes = EXACT_PARSERS
    search_fields = [
        "title",
        "project__name_es",
        "project__name_en",
        "partner__name_es",
        "partner__name_en",
        "partner__acronym",
    ]
    ordering_fields = [
        "title",
        "updated_at",
        "next_action_on",
        "expected_decision_on",
        "probability",
    ]

    def perform_create(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        serializer.instance = services.create_opportunity(user=self.request.user, data=data)

    def _fresh(self, opportunity: models.Opportunity) -> Response:
        # Read again through the list's queryset, so the stage history includes the move.
        instance = self.get_queryset().get(pk=opportunity.pk)
        return Response(self.get_serializer(instance).data)

    @extend_schema(request=serializers.MoveSerializer, responses=serializers.OpportunitySerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: Any = None) -> Response:
        """Move the opportunity to another step (a closed one is reopened there)."""
        opportunity = self.get_object()
        params = serializers.MoveSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        moved = services.move(
            user=request.user,
            opportunity=opportunity,
            step=params.validated_data["step"],
            version=expected_version(request),
            confirm_skip=params.validated_data["confirm_skip"],
        )
        return self._fresh(moved)

    @extend_schema(request=serializers.CloseSerializer, responses=serializers.OpportunitySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        """Close the opportunity as won, or as lost with a reason."""
        opportunity = self.get_object()
        params = serializers.CloseSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        closed = services.close(
            user=request.user,
            opportunity=opportunity,
            outcome=data["outcome"],
            loss_reason=data["loss_reason"],
            loss_notes=data["loss_notes"],
            closed_on=data["closed_on"],
            version=expected_version(request),
        )
        return self._fresh(closed)

    @extend_schema(
        request=serializers.ActionDoneSerializer, responses=serializers.OpportunitySerializer
    )
    @action(detail=True, methods=["post"], url_path="actions")
    def actions(self, request: Request, pk: Any = None) -> Response:
        """Tick (``done: true``) or untick an action of a step's checklist."""
        opportunity = self.get_object()
        params = serializers.ActionDoneSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        services.set_action_done(
            user=request.user,
            opportunity=opportunity,
            action=params.validated_data["action"],
            done=params.validated_data["done"],
        )
        return self._fresh(opportunity)


class InteractionViewSet(ScopedModelViewSet):
    queryset = models.Interaction.objects.select_related("member_state").prefetch_related(
        "users", "contacts", "attachments"
    )
    serializer_class = serializers.InteractionSerializer
    filterset_class = filters.InteractionFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["subject", "notes", "partner__name_es", "partner__acronym"]
    ordering_fields = ["occurred_on", "updated_at"]


class InteractionAttachmentViewSet(ScopedModelViewSet):
    queryset = models.InteractionAttachment.objects.select_related("interaction__member_state")
    serializer_class = serializers.InteractionAttachmentSerializer
    filterset_class = filters.InteractionAttachmentFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["title"]
    ordering_fields = ["title", "updated_at"]
