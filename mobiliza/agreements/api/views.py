"""Agreements, contributions and obligations under /api/v1/, written through their services."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from mobiliza.agreements import models, services
from mobiliza.agreements.api import filters, serializers
from mobiliza.agreements.letters.services import acknowledgement_create
from mobiliza.core.drf.serializers import EXACT_PARSERS
from mobiliza.core.drf.viewsets import ScopedModelViewSet, expected_version


def _without_version(serializer: Any) -> dict[str, Any]:
    return {k: v for k, v in serializer.validated_data.items() if k != "version"}


class AgreementViewSet(ScopedModelViewSet):
    """Agreements; a new one is announced to the Presidency and the Secretariat."""

    queryset = models.Agreement.objects.select_related("member_state").prefetch_related(
        "other_partners", "member_states", "axes", "documents"
    )
    serializer_class = serializers.AgreementSerializer
    filterset_class = filters.AgreementFilter
    parser_classes = EXACT_PARSERS
    search_fields = [
        "title",
        "reference",
        "partner__name_es",
        "partner__name_en",
        "partner__acronym",
    ]
    ordering_fields = ["signed_on", "title", "updated_at"]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.create_agreement(
            user=self.request.user, data=_without_version(serializer)
        )


class AgreementDocumentViewSet(ScopedModelViewSet):
    """Signed copies, annexes and amendments: upload with ``multipart/form-data``."""

    queryset = models.AgreementDocument.objects.select_related("agreement__member_state")
    serializer_class = serializers.AgreementDocumentSerializer
    filterset_class = filters.AgreementDocumentFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["title", "agreement__title"]
    ordering_fields = ["title", "updated_at"]


class ContributionViewSet(ScopedModelViewSet):
    """Contributions, converted to the reporting currency at the rate of their value date."""

    queryset = models.Contribution.objects.select_related(
        "kind", "category", "member_state", "axis"
    ).prefetch_related(Prefetch("instalments", models.Instalment.objects.order_by("due_on", "pk")))
    serializer_class = serializers.ContributionSerializer
    filterset_class = filters.ContributionFilter
    parser_classes = EXACT_PARSERS
    search_fields = [
        "description_es",
        "description_en",
        "project__name_es",
        "project__name_en",
        "partner__name_es",
        "partner__name_en",
        "partner__acronym",
    ]
    ordering_fields = ["value_date", "amount_reporting", "updated_at"]


class InstalmentViewSet(ScopedModelViewSet):
    queryset = models.Instalment.objects.select_related("contribution__member_state")
    serializer_class = serializers.InstalmentSerializer
    filterset_class = filters.InstalmentFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["contribution__description_es", "contribution__description_en"]
    ordering_fields = ["due_on"]


class AcknowledgementViewSet(ScopedModelViewSet):
    queryset = models.Acknowledgement.objects.select_related("contribution__member_state")
    serializer_class = serializers.AcknowledgementSerializer
    filterset_class = filters.AcknowledgementFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["recipient", "recipient_email"]
    ordering_fields = ["sent_on"]

    def perform_create(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        data["sent_by"] = self.request.user
        serializer.instance = acknowledgement_create(user=self.request.user, data=data)


class ObligationViewSet(ScopedModelViewSet):
    """Reports and applications owed; saving one (re)schedules its deadlines."""

    queryset = models.ReportingObligation.objects.select_related("member_state").prefetch_related(
        "deadlines"  # each deadline's obligation is the one listed: no extra query for status
    )
    serializer_class = serializers.ObligationSerializer
    filterset_class = filters.ObligationFilter
    parser_classes = EXACT_PARSERS
    search_fields = ["title", "notes"]
    ordering_fields = ["first_due_on", "title"]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.create_obligation(
            user=self.request.user, data=_without_version(serializer)
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.update_obligation(
            user=self.request.user,
            instance=serializer.instance,
            data=_without_version(serializer),
            version=expected_version(self.request),
        )


class DeadlineViewSet(ScopedModelViewSet):
    """Due dates of obligations; PATCH ``delivered_on`` (and ``document``) to deliver."""

    queryset = models.Deadline.objects.select_related("obligation__member_state")
    serializer_class = serializers.DeadlineSerializer
    filterset_class = filters.DeadlineFilter
    parser_classes = EXACT_PARSERS
    http_method_names = ["get", "patch", "head", "options"]
    search_fields = ["obligation__title"]
    ordering_fields = ["due_on", "delivered_on"]

    def perform_update(self, serializer: Any) -> None:
        data = serializer.validated_data
        deadline = serializer.instance
        serializer.instance = services.deliver(
            user=self.request.user,
            deadline=deadline,
            delivered_on=data.get("delivered_on", deadline.delivered_on),
            document=data.get("document"),
            version=expected_version(self.request),
        )
