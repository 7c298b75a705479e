"""``/api/v1/suspensions/``: the suspensions (list and retrieve), ``POST`` to suspend a
project, agreement or arrangement, and ``POST …/{id}/resume/`` to end one.

The same services as the pages, so the same refusals with the same messages: only the
Presidency, only with an agreement of the plenary recorded in the registry.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from mobiliza.coalition.api.serializers import CountryField
from mobiliza.coalition.models import MeetingAgreement
from mobiliza.core.drf.viewsets import ScopedModelViewSet, VersionedSerializer
from mobiliza.core.permissions import restrict
from mobiliza.portfolio.suspensions import services
from mobiliza.portfolio.suspensions.choices import SUSPENDABLE, SuspensionGrounds
from mobiliza.portfolio.suspensions.filters import SuspensionFilter
from mobiliza.portfolio.suspensions.models import Suspension, SuspensionNotice


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuspensionNotice
        fields = ["event", "contact", "name", "email", "language", "partner_name", "sent_at"]


class SuspensionSerializer(VersionedSerializer):
    country = CountryField(read_only=True)
    record_type = serializers.SerializerMethodField()
    record_id = serializers.IntegerField(source="object_id", read_only=True)
    record_name = serializers.SerializerMethodField()
    notices = NoticeSerializer(many=True, read_only=True)

    class Meta:
        model = Suspension
        fields = [
            "id",
            "version",
            "record_type",
            "record_id",
            "record_name",
            "country",
            "meeting_agreement",
            "grounds",
            "reason_es",
            "reason_en",
            "suspended_on",
            "suspended_by",
            "resumed_on",
            "resumed_by",
            "resume_meeting_agreement",
            "resume_reason_es",
            "resume_reason_en",
            "notices",
        ]
        read_only_fields = fields

    def get_record_type(self, obj: Suspension) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    def get_record_name(self, obj: Suspension) -> str:
        return str(obj.record) if obj.record is not None else ""


class SuspendSerializer(serializers.Serializer):
    record_type = serializers.ChoiceField(
        choices=[(label, label) for label in SUSPENDABLE],
        help_text=_("portfolio.project, agreements.agreement or agreements.contribution"),
    )
    record_id = serializers.IntegerField()
    meeting_agreement = serializers.PrimaryKeyRelatedField(
        queryset=MeetingAgreement.objects.all(), allow_null=True, required=False
    )
    grounds = serializers.ChoiceField(choices=SuspensionGrounds.choices)
    reason_es = serializers.CharField(required=False, allow_blank=True, default="")
    reason_en = serializers.CharField(required=False, allow_blank=True, default="")


class ResumeSerializer(serializers.Serializer):
    meeting_agreement = serializers.PrimaryKeyRelatedField(
        queryset=MeetingAgreement.objects.all(), allow_null=True, required=False
    )
    reason_es = serializers.CharField(required=False, allow_blank=True, default="")
    reason_en = serializers.CharField(required=False, allow_blank=True, default="")


class SuspensionViewSet(ScopedModelViewSet):
    queryset = (
        Suspension.objects.select_related("content_type", "member_state")
        .prefetch_related("record", "notices")
        .order_by("-suspended_on", "-pk")
    )
    serializer_class = SuspensionSerializer
    filterset_class = SuspensionFilter
    search_fields = list(SuspensionFilter.search_fields)
    ordering_fields = ["suspended_on", "resumed_on"]
    http_method_names = ["get", "post", "head", "options"]

    def permission_denied(self, request: Any, message: Any = None, code: Any = None) -> NoReturn:
        # A suspension or its end refused to a reader says why, as the service does.
        if request.method == "POST" and request.user.is_authenticated:
            services.refuse_unless_presidency(request.user)
        super().permission_denied(request, message=message, code=code)

    @extend_schema(request=SuspendSerializer, responses={201: SuspensionSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Suspend a record with the plenary's agreement (the Presidency only)."""
        services.refuse_unless_presidency(request.user)
        given = SuspendSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        model = apps.get_model(data["record_type"])
        record = (
            restrict(model._default_manager.all(), request.user, "view")
            .filter(pk=data["record_id"])
            .first()
        )
        if record is None:
            raise ValidationError({"record_id": _("No such record, or not one you may see.")})
        suspension = services.suspend(
            user=request.user,
            record=record,
            meeting_agreement=data.get("meeting_agreement"),
            grounds=data["grounds"],
            reason_es=data["reason_es"],
            reason_en=data["reason_en"],
        )
        body = self.get_serializer(suspension).data
        return Response(
            body, status=status.HTTP_201_CREATED, headers=self.get_success_headers(body)
        )

    @extend_schema(request=ResumeSerializer, responses={200: SuspensionSerializer})
    @action(detail=True, methods=["post"])
    def resume(self, request: Any, pk: Any = None) -> Response:
        """End a suspension with the plenary's agreement: the record goes back to where it was."""
        suspension = self.get_object()
        services.refuse_unless_presidency(request.user)
        given = ResumeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        suspension = services.resume(
            user=request.user,
            suspension=suspension,
            meeting_agreement=data.get("meeting_agreement"),
            reason_es=data["reason_es"],
            reason_en=data["reason_en"],
        )
        return Response(self.get_serializer(suspension).data)
