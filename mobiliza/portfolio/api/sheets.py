"""The technical sheets presented, under /api/v1/sheet-presentations/.

A presentation is recorded through ``sheets.services.presentation_create``, which keeps the
document presented (its ``file`` link); the project, template and language stay as
presented. The sheets themselves are downloaded from the project's pages
(``/<lang>/portfolio/projects/<id>/sheet.pdf?template=corett&language=en``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mobiliza.coalition.api.serializers import CountryField
from mobiliza.core.drf.files import FileLinkField
from mobiliza.core.drf.serializers import VersionedModelSerializer
from mobiliza.core.drf.viewsets import ScopedModelViewSet, expected_version
from mobiliza.core.filters import CountryFilter, DateRangeFilter, FilterSet
from mobiliza.portfolio.sheets import services
from mobiliza.portfolio.sheets.models import SheetPresentation


class SheetPresentationSerializer(VersionedModelSerializer):
    country = CountryField("project.member_state", read_only=True)
    file = FileLinkField(read_only=True)

    class Meta:
        model = SheetPresentation
        fields = [
            "id",
            "project",
            "country",
            "template",
            "sheet_version",
            "language",
            "partner",
            "contacts",
            "presented_on",
            "interaction",
            "opportunity",
            "notes",
            "recorded_by",
            "file",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["sheet_version", "recorded_by", "file", "created_at", "updated_at"]
        extra_kwargs = {"contacts": {"required": False}}


class SheetPresentationFilter(FilterSet):
    country = CountryFilter("project__member_state", label=_("Member state"))
    presented = DateRangeFilter(field_name="presented_on", label=_("Presented on"))

    class Meta:
        model = SheetPresentation
        fields = ["country", "project", "partner", "template", "language", "interaction"]


class SheetPresentationViewSet(ScopedModelViewSet):
    """Technical sheets presented to partners and donors; the document presented is kept."""

    queryset = SheetPresentation.objects.select_related(
        "project__member_state", "partner"
    ).prefetch_related("contacts")
    serializer_class = SheetPresentationSerializer
    filterset_class = SheetPresentationFilter
    search_fields = ["partner__name_es", "partner__name_en", "project__name_es", "project__name_en"]
    ordering_fields = ["presented_on", "updated_at"]

    def perform_create(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        serializer.instance = services.presentation_create(user=self.request.user, data=data)

    def perform_update(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        serializer.instance = services.presentation_update(
            user=self.request.user,
            instance=serializer.instance,
            data=data,
            version=expected_version(self.request),
        )

    def perform_destroy(self, instance: Any) -> None:
        services.presentation_delete(user=self.request.user, instance=instance)
