"""Consultancy calls under /api/v1/: the calls (with their steps, the joint selection and
the second call), the applicants and the member states' scores, by the pages' rules.

Applicants and scores are private: the Presidency, the Secretariat and, once the call is
sent to them, the focal points of the evaluating states read them; anyone else gets an
empty list and a 404 for a forged id. A call's readers see its number of applicants.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from mobiliza.coalition.api.serializers import CountryField
from mobiliza.coalition.models import MemberState
from mobiliza.core.drf.files import FileLinkField
from mobiliza.core.drf.serializers import VersionedModelSerializer
from mobiliza.core.drf.viewsets import ScopedModelViewSet, expected_version
from mobiliza.core.permissions import restrict
from mobiliza.portfolio.consultancies import selectors, services
from mobiliza.portfolio.consultancies.filters import (
    ApplicantFilter,
    ApplicantScoreFilter,
    ConsultancyCallFilter,
)
from mobiliza.portfolio.consultancies.models import (
    Applicant,
    ApplicantDocument,
    ApplicantScore,
    ConsultancyCall,
)


class ConsultancyCallSerializer(VersionedModelSerializer):
    country = CountryField("project.member_state", read_only=True)
    evaluating_states = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=MemberState.objects.all(), required=False
    )
    sent_to: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    terms_file = FileLinkField(required=False, allow_null=True)
    applicant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ConsultancyCall
        fields = [
            "id",
            "project",
            "country",
            "title",
            "terms_es",
            "terms_en",
            "terms_file",
            "call_number",
            "first_call",
            "opens_on",
            "closes_on",
            "evaluating_states",
            "sent_to",
            "state",
            "published_on",
            "closed_on",
            "filtered_on",
            "sent_on",
            "selected_on",
            "selected_applicant",
            "selection_notes",
            "applicant_count",
            "version",
        ]
        read_only_fields = [
            "call_number",
            "first_call",
            "state",
            "published_on",
            "closed_on",
            "filtered_on",
            "sent_on",
            "selected_on",
            "selected_applicant",
        ]

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if getattr(instance, "applicant_count", None) is None:
            data["applicant_count"] = instance.applicants.count()
        return data


class SelectionSerializer(serializers.Serializer):
    applicant = serializers.IntegerField(help_text=_("The id of the applicant selected."))
    without_every_score = serializers.BooleanField(default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class SecondCallSerializer(serializers.Serializer):
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()


class ConsultancyCallViewSet(ScopedModelViewSet):
    """Consultancy calls; their steps are ``transitions/<name>/`` (publish, close, filter,
    send), the joint selection ``select/`` and a deserted call's ``second-call/``."""

    queryset = ConsultancyCall.objects.select_related("project__member_state").prefetch_related(
        "evaluating_states", "sent_to"
    )
    serializer_class = ConsultancyCallSerializer
    filterset_class = ConsultancyCallFilter
    search_fields = ["title"]
    ordering_fields = ["opens_on", "closes_on", "title"]

    def get_queryset(self) -> Any:
        return selectors.calls_with_counts(super().get_queryset())

    def perform_create(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        serializer.instance = services.create_call(user=self.request.user, data=data)

    @extend_schema(request=SelectionSerializer, responses=ConsultancyCallSerializer)
    @action(detail=True, methods=["post"])
    def select(self, request: Request, pk: Any = None) -> Response:
        """The joint selection of an applicant who passed the first filter, with scores."""
        call = self.get_object()
        params = SelectionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        applicant = (
            restrict(Applicant.objects.filter(call=call), request.user)
            .filter(pk=params.validated_data["applicant"])
            .first()
        )
        if applicant is None:
            raise serializers.ValidationError(
                {"applicant": [_("This applicant did not apply to this call.")]}
            )
        services.select_applicant(
            user=request.user,
            call=call,
            applicant=applicant,
            without_every_score=params.validated_data["without_every_score"],
            notes=params.validated_data["notes"],
            version=expected_version(request),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=call.pk)).data)

    @extend_schema(request=SecondCallSerializer, responses=ConsultancyCallSerializer)
    @action(detail=True, methods=["post"], url_path="second-call")
    def second_call(self, request: Request, pk: Any = None) -> Response:
        """The second call of a first call that received no offers, with the same terms."""
        call = self.get_object()
        params = SecondCallSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        second = services.open_second_call(user=request.user, call=call, **params.validated_data)
        data = self.get_serializer(self.get_queryset().get(pk=second.pk)).data
        return Response(data, status=201)


class ApplicantDocumentSerializer(serializers.ModelSerializer):
    file = FileLinkField(read_only=True)

    class Meta:
        model = ApplicantDocument
        fields = ["id", "kind", "file"]
        read_only_fields = fields


class ApplicantSerializer(VersionedModelSerializer):
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Applicant
        fields = [
            "id",
            "call",
            "full_name",
            "email",
            "phone",
            "nationality",
            "notes",
            "passed_first_filter",
            "filter_comment",
            "retention_until",
            "files_deleted_on",
            "documents",
            "version",
        ]
        read_only_fields = ["files_deleted_on"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "call" in fields:
            fields["call"].queryset = restrict(  # type: ignore[attr-defined]
                ConsultancyCall.objects.all(), request.user, "change"
            )
        return fields

    def get_documents(self, applicant: Applicant) -> list[dict[str, Any]]:
        documents = [d for d in applicant.documents.all() if d.file]
        return ApplicantDocumentSerializer(documents, many=True, context=self.context).data  # type: ignore[return-value]


class ApplicantViewSet(ScopedModelViewSet):
    """Applicants to the calls, with links to their documents (read by those who evaluate)."""

    queryset = Applicant.objects.select_related("call")
    serializer_class = ApplicantSerializer
    filterset_class = ApplicantFilter
    search_fields = ["full_name"]
    ordering_fields = ["full_name"]

    def get_queryset(self) -> Any:
        user = self.request.user
        return (
            super()
            .get_queryset()
            .prefetch_related(
                # Only the documents the reader may open.
                Prefetch("documents", restrict(ApplicantDocument.objects.all(), user))
            )
        )


class ApplicantScoreSerializer(VersionedModelSerializer):
    country = CountryField(help_text=_("The member state that scores (ISO code)."))

    class Meta:
        model = ApplicantScore
        fields = ["id", "applicant", "country", "score", "comment", "scored_by", "version"]
        read_only_fields = ["scored_by"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "applicant" in fields:
            fields["applicant"].queryset = restrict(  # type: ignore[attr-defined]
                Applicant.objects.all(), request.user
            )
        return fields


class ApplicantScoreViewSet(ScopedModelViewSet):
    """Each member state's scores of the applicants (a focal point: its own state's)."""

    queryset = ApplicantScore.objects.select_related("member_state", "applicant")
    serializer_class = ApplicantScoreSerializer
    filterset_class = ApplicantScoreFilter
    search_fields = ["applicant__full_name"]
    ordering_fields = ["score"]

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = services.score_applicant(
            user=self.request.user,
            applicant=data["applicant"],
            member_state=data["member_state"],
            score=data["score"],
            comment=data.get("comment", ""),
        )

    def perform_update(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        data["scored_by"] = self.request.user
        from mobiliza.core.services import record_update

        serializer.instance = record_update(
            user=self.request.user,
            instance=serializer.instance,
            data=data,
            version=expected_version(self.request),
        )
