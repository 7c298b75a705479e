from typing import Any

from rest_framework.filters import SearchFilter

from mobiliza.core.drf.filters import FilterBackend, OrderingFilter
from mobiliza.core.drf.viewsets import CodeListViewSet, ScopedModelViewSet
from mobiliza.directory import filters, models
from mobiliza.directory.api import serializers
from mobiliza.directory.search import search_partners


class PartnerSearchFilter(SearchFilter):
    """``?search=``: the same accent-insensitive search as the web list (``q``)."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        return search_partners(queryset, request.query_params.get(self.search_param, ""))


class PartnerViewSet(ScopedModelViewSet):
    queryset = models.Partner.objects.select_related(
        "source_type", "member_state"
    ).prefetch_related("areas", "contribution_kinds", "axes")
    serializer_class = serializers.PartnerSerializer
    filterset_class = filters.PartnerFilter
    filter_backends = [FilterBackend, PartnerSearchFilter, OrderingFilter]
    ordering_fields = ["name_es", "acronym", "status", "updated_at"]


class ContactViewSet(ScopedModelViewSet):
    queryset = models.Contact.objects.select_related("partner__member_state")
    serializer_class = serializers.ContactSerializer
    filterset_class = filters.ContactFilter
    search_fields = ["full_name", "email", "title"]


class FundingCallViewSet(ScopedModelViewSet):
    queryset = models.FundingCall.objects.select_related("partner__member_state").prefetch_related(
        "areas", "eligible_countries"
    )
    serializer_class = serializers.FundingCallSerializer
    filterset_class = filters.FundingCallFilter
    search_fields = ["title", "requirements"]


class AttachmentViewSet(ScopedModelViewSet):
    queryset = models.Attachment.objects.select_related("partner__member_state")
    serializer_class = serializers.AttachmentSerializer
    filterset_class = filters.AttachmentFilter
    search_fields = ["title"]

    def perform_create(self, serializer: Any) -> None:
        serializer.validated_data["uploaded_by"] = self.request.user
        super().perform_create(serializer)


class DirectoryTermViewSet(CodeListViewSet):
    """Chart 2's check lists: the codes of a partner's areas (``area``) and contributions."""

    queryset = models.DirectoryTerm.objects.all()
    serializer_class = serializers.DirectoryTermSerializer
    filter_backends = [FilterBackend, SearchFilter, OrderingFilter]
    filterset_fields = ["kind"]
    search_fields = ["code", "name_es", "name_en"]
    ordering_fields = ["position", "code"]
