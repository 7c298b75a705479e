"""``/api/v1/checklist-answers/``: the 8.4 checklist's answers of the projects, per sheet
version. A new answer is for the project's current version unless it names one; the
readiness a project needs before it is presented counts these."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mobiliza.coalition.api.serializers import CountryField
from mobiliza.core.drf.serializers import VersionedModelSerializer
from mobiliza.core.drf.viewsets import ScopedModelViewSet
from mobiliza.core.filters import CountryFilter, FilterSet, IdFilter
from mobiliza.core.services import record_create
from mobiliza.plan.models import ChecklistItem
from mobiliza.portfolio.checklist.models import Answer, ChecklistAnswer


class ChecklistAnswerSerializer(VersionedModelSerializer):
    item = serializers.SlugRelatedField(
        slug_field="number",
        queryset=ChecklistItem.objects.all(),
        help_text=_("The number of the item of the checklist (1 to 20)."),
    )
    country = CountryField("project.member_state", read_only=True)
    sheet_version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version of the sheet; the project's current one when left out."),
    )

    class Meta:
        model = ChecklistAnswer
        fields = [
            "id",
            "project",
            "country",
            "sheet_version",
            "item",
            "answer",
            "comment",
            "answered_by",
            "copied_from_version",
            "version",
        ]
        read_only_fields = ["answered_by", "copied_from_version"]
        # One answer per item and version: the model's constraint, checked by the service
        # once the version is known (the project's current one when left out).
        validators: list[Any] = []


class ChecklistAnswerFilter(FilterSet):
    project = IdFilter(field_name="project", label=_("Project"))
    country = CountryFilter("project__member_state", label=_("Member state"))
    sheet_version = django_filters.NumberFilter(label=_("version of the sheet"))
    answer = django_filters.ChoiceFilter(choices=Answer.choices, label=_("answer"))

    class Meta:
        model = ChecklistAnswer
        fields = ["project", "country", "sheet_version", "answer"]


class ChecklistAnswerViewSet(ScopedModelViewSet):
    queryset = ChecklistAnswer.objects.select_related("project__member_state", "item")
    serializer_class = ChecklistAnswerSerializer
    filterset_class = ChecklistAnswerFilter
    search_fields = ["comment"]
    ordering_fields = ["sheet_version"]

    def perform_create(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        data.setdefault("sheet_version", data["project"].sheet_version)
        data["answered_by"] = self.request.user
        serializer.instance = record_create(
            user=self.request.user, model=ChecklistAnswer, data=data
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.validated_data["answered_by"] = self.request.user
        serializer.validated_data.pop("sheet_version", None)
        serializer.validated_data.pop("project", None)
        super().perform_update(serializer)
